import test from 'ava';
import {CALM_FACTOR, CALM_PERCENT, calmTick, MemoryMonitor} from '../../source/memory/monitor.js';
import type {TotalMemory} from '../../source/memory/total.js';

test('far from the budget a reading every few ticks is enough; near it, every tick', t => {
	const interval = 250;
	const at = 1_000_000;
	t.true(calmTick({budgetUsedPercent: 30, at}, at + interval, interval), 'calm: the tick after a reading skips');
	t.true(calmTick({budgetUsedPercent: 30, at}, at + 2 * interval, interval));
	t.false(calmTick({budgetUsedPercent: 30, at}, at + CALM_FACTOR * interval, interval), 'calm: read again after CALM_FACTOR ticks');
	t.false(calmTick({budgetUsedPercent: CALM_PERCENT, at}, at + interval, interval), 'near the budget: every tick');
	t.false(calmTick({budgetUsedPercent: 95, at}, at + interval, interval));
});

test('a reading for the budget check is the last one while it is recent and calm, else a fresh one', async t => {
	let percent = 0;
	let readings = 0;
	const monitor = new MemoryMonitor({
		total: {totalBytes: 2 ** 40, source: 'machine', detail: 'test'} as TotalMemory,
		limitPercent: () => percent,
		childPids: () => {
			readings++;
			return [];
		},
		intervalMs: 10_000,
	});
	percent = 100; // a budget of 1 TiB: this process uses next to none of it
	const first = await monitor.reading();
	t.is(readings, 1, 'nothing read yet: a fresh reading');
	t.is(await monitor.reading(), first, 'recent and far below the budget: the same reading');
	t.is(readings, 1);
	percent = 1e-6; // a budget of about 1 MiB: over it
	const fresh = await monitor.sample();
	t.true(fresh.budgetUsedPercent > CALM_PERCENT);
	t.not(await monitor.reading(), fresh, 'near or over the budget: read again');
	t.is(readings, 3);
});
