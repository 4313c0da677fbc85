import test from 'ava';
import {buffersNeedFullGc, collectYoungGarbage, LEFT_BUFFERS_BYTES} from '../../source/memory/gc.js';

test('a full collection is called for only when the buffers left after a scavenge have grown enough', t => {
	const base = 10 * 2 ** 20;
	t.false(buffersNeedFullGc(base, undefined), 'nothing to compare with yet');
	t.false(buffersNeedFullGc(base + LEFT_BUFFERS_BYTES - 1, base));
	t.true(buffersNeedFullGc(base + LEFT_BUFFERS_BYTES, base));
	t.false(buffersNeedFullGc(base - 2 ** 20, base));
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
	// 50 MiB went through; what is held at once stays near the rule's margin.
	t.true(peak < 2 * LEFT_BUFFERS_BYTES + 2 ** 20, `peak ${(peak / 2 ** 20).toFixed(1)} MiB of buffers`);
});
