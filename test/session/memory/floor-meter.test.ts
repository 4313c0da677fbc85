import test from 'ava';
import type {MemorySample} from '../../../source/memory/monitor.js';
import type {TreeMemory} from '../../../source/memory/working-set.js';
import {DEFAULT_COSTS, type FixedCosts} from '../../../source/session/memory/floor.js';
import {FloorMeter} from '../../../source/session/memory/floor-meter.js';

const MiB = 2 ** 20;

/** node's own figure, each decoder's [share, private part], and what the working set showed beyond them. */
function reading(selfMiB: number, decoders: Array<[number, number]>, beyondMiB = 0): [MemorySample, TreeMemory] {
	const children = new Map(decoders.map(([bytes, privateBytes], index) => [1000 + index, {bytes: bytes * MiB, privateBytes: privateBytes * MiB}]));
	const working = (selfMiB + decoders.reduce((sum, [mib]) => sum + mib, 0) + beyondMiB) * MiB;
	const tree: TreeMemory = {workingSetBytes: working, workingSetSource: 'pss', rssBytes: working, childRssBytes: 0, selfBytes: selfMiB * MiB, children};
	return [{workingSetBytes: working} as MemorySample, tree];
}

function meter(): {meter: FloorMeter; published: FixedCosts[]} {
	const published: FixedCosts[] = [];
	return {meter: new FloorMeter(costs => published.push(costs)), published};
}

test('the meter measures node at rest, a decoder, and a worker at work from what node grew by', t => {
	const {meter: floor, published} = meter();
	floor.observe(...reading(50, []), {workers: 1, inFlightBytes: 0});
	for (let i = 0; i < 4; i++) floor.observe(...reading(70, [[30, 10]]), {workers: 1, inFlightBytes: 5 * MiB});
	t.is(published.length, 1, 'known after a second of samples with a decoder at work');
	t.like(published[0], {baseBytes: 50 * MiB, firstDecoderBytes: 30 * MiB, extraDecoderBytes: 10 * MiB, marginBytes: 0});
	t.is(published[0]!.firstWorkerBytes, DEFAULT_COSTS.firstWorkerBytes, '15 MiB grown, 5 of them audio in flight: the estimate stands');
	// The worker's heap grows as it analyses: the floor follows when it has grown markedly.
	floor.observe(...reading(95, [[30, 10]]), {workers: 1, inFlightBytes: 5 * MiB});
	t.is(published.length, 2);
	t.is(published[1]!.firstWorkerBytes, 40 * MiB);
	floor.observe(...reading(96, [[30, 10]]), {workers: 1, inFlightBytes: 5 * MiB});
	t.is(published.length, 2, 'a small change does not move the floor again');
});

test('slow growth is reported too: each step is compared with what was last reported', t => {
	const {meter: floor, published} = meter();
	floor.observe(...reading(30, []), {workers: 1, inFlightBytes: 0});
	for (let i = 0; i < 4; i++) floor.observe(...reading(60, [[20, 10]]), {workers: 1, inFlightBytes: 0});
	// The decoder's share creeps up a MiB at a time, from 20 to 50 MiB.
	for (let mib = 21; mib <= 50; mib++) floor.observe(...reading(60, [[mib, 10]]), {workers: 1, inFlightBytes: 0});
	t.is(published.at(-1)!.firstDecoderBytes >= 45 * MiB, true, `the floor followed: ${published.at(-1)!.firstDecoderBytes / MiB} MiB`);
	t.true(published.length < 10, 'in a few steps, not one per MiB');
});

test('what node grew by is the first worker and a further worker at its estimate', t => {
	const {meter: floor, published} = meter();
	floor.observe(...reading(50, []), {workers: 2, inFlightBytes: 0});
	for (let i = 0; i < 4; i++) floor.observe(...reading(130, [[30, 10]]), {workers: 2, inFlightBytes: 0});
	t.is(published.at(-1)!.firstWorkerBytes, 80 * MiB - DEFAULT_COSTS.extraWorkerBytes);
});

test('a further decoder costs its private memory: the library pages are divided among the decoders', t => {
	const {meter: floor, published} = meter();
	floor.observe(...reading(50, []), {workers: 2, inFlightBytes: 0});
	// Alone an ffmpeg shows 50 MiB, 10 of them its own; two share the other 40 and show 30 each.
	for (let i = 0; i < 4; i++)
		floor.observe(
			...reading(100, [
				[30, 10],
				[30, 10],
			]),
			{workers: 2, inFlightBytes: 0},
		);
	t.like(published.at(-1), {firstDecoderBytes: 50 * MiB, extraDecoderBytes: 10 * MiB});
});

test('the margin is what the working set held beyond node, its workers and its decoders', t => {
	const {meter: floor, published} = meter();
	floor.observe(...reading(30, []), {workers: 1, inFlightBytes: 0});
	for (let i = 0; i < 4; i++) floor.observe(...reading(70, [[40, 10]]), {workers: 1, inFlightBytes: 0});
	t.is(published.at(-1)!.marginBytes, 0);
	// A cgroup's page cache, or the next track's decoder starting before the last one has gone.
	floor.observe(...reading(70, [[40, 10]], 12), {workers: 1, inFlightBytes: 0});
	t.is(published.at(-1)!.marginBytes, 12 * MiB);
});

test('a first track too short to measure for long: the meter takes what it saw', t => {
	const {meter: floor, published} = meter();
	floor.observe(...reading(30, []), {workers: 1, inFlightBytes: 0});
	floor.observe(...reading(70, [[40, 10]]), {workers: 1, inFlightBytes: 0});
	t.is(published.length, 0);
	floor.settle();
	t.like(published[0], {measured: true, firstDecoderBytes: 40 * MiB, firstWorkerBytes: 40 * MiB});
});
