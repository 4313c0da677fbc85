import test from 'ava';
import {buffersNeedFullGc, collectYoungGarbage, LEFT_BUFFERS_BYTES, LEFT_WINDOW} from '../../source/memory/gc.js';

test('a full collection is called for only when the buffers left after every scavenge of a stretch have grown enough', t => {
	const base = 10 * 2 ** 20;
	const stretch = (bytes: number) => Array.from({length: LEFT_WINDOW}, () => bytes);
	t.false(buffersNeedFullGc(stretch(base + LEFT_BUFFERS_BYTES), undefined), 'nothing to compare with yet');
	t.false(buffersNeedFullGc(stretch(base + LEFT_BUFFERS_BYTES - 1), base));
	t.true(buffersNeedFullGc(stretch(base + LEFT_BUFFERS_BYTES), base));
	t.false(buffersNeedFullGc(stretch(base - 2 ** 20), base));
	t.false(buffersNeedFullGc(stretch(base + LEFT_BUFFERS_BYTES).slice(1), base), 'a stretch too short to judge');
	// Chunk buffers in work come and go: one reading back at the mark says they are not held.
	const chunkBuffer = 2.6 * 2 ** 20;
	const comingAndGoing = stretch(base + chunkBuffer);
	comingAndGoing[3] = base;
	t.false(buffersNeedFullGc(comingAndGoing, base));
});

test('the routine collection keeps pipe-read buffers that outlive two scavenges from piling up', t => {
	collectYoungGarbage();
	const start = process.memoryUsage().arrayBuffers;
	let peak = 0;
	for (let round = 0; round < 100; round++) {
		// Like pipe reads held across chunk boundaries: they reach the old generation, then die.
		const held = Array.from({length: 8}, () => Buffer.allocUnsafeSlow(64 * 1024));
		collectYoungGarbage();
		collectYoungGarbage();
		t.is(held.length, 8);
		peak = Math.max(peak, process.memoryUsage().arrayBuffers - start);
	}
	// 50 MiB went through; what is held at once stays near the rule's margin and a stretch's growth
	// (two scavenges a round, 512 KiB a round).
	const stretchGrowth = (LEFT_WINDOW / 2) * 512 * 1024;
	t.true(peak < LEFT_BUFFERS_BYTES + stretchGrowth + 2 * 2 ** 20, `peak ${(peak / 2 ** 20).toFixed(1)} MiB of buffers`);
});
