import test from 'ava';
import {CALM_FACTOR, CALM_PERCENT, calmTick} from '../../source/memory/monitor.js';

test('far from the budget a reading every few ticks is enough; near it, every tick', t => {
	const interval = 250;
	const at = 1_000_000;
	t.true(calmTick({budgetUsedPercent: 30, at}, at + interval, interval), 'calm: the tick after a reading skips');
	t.true(calmTick({budgetUsedPercent: 30, at}, at + 2 * interval, interval));
	t.false(calmTick({budgetUsedPercent: 30, at}, at + CALM_FACTOR * interval, interval), 'calm: read again after CALM_FACTOR ticks');
	t.false(calmTick({budgetUsedPercent: CALM_PERCENT, at}, at + interval, interval), 'near the budget: every tick');
	t.false(calmTick({budgetUsedPercent: 95, at}, at + interval, interval));
});
