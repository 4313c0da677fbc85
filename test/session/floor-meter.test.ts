import test from 'ava';
import type {MemorySample} from '../../source/memory/monitor.js';
import type {TreeMemory} from '../../source/memory/working-set.js';
import {DEFAULT_COSTS, type FixedCosts} from '../../source/session/floor.js';
import {FloorMeter} from '../../source/session/floor-meter.js';

const MiB = 2 ** 20;

function reading(selfMiB: number, decoderMiB: number[]): [MemorySample, TreeMemory] {
	const children = new Map(decoderMiB.map((mib, index) => [1000 + index, mib * MiB]));
	const working = (selfMiB + decoderMiB.reduce((sum, mib) => sum + mib, 0)) * MiB;
	const tree: TreeMemory = {workingSetBytes: working, workingSetSource: 'pss', rssBytes: working, childRssBytes: 0, selfBytes: selfMiB * MiB, children};
	return [{workingSetBytes: working} as MemorySample, tree];
}

test('the meter measures node at rest, a decoder, and a worker at work from what node grew by', t => {
	const published: FixedCosts[] = [];
	const meter = new FloorMeter(costs => published.push(costs));
	meter.observe(...reading(50, []), {workers: 1, inFlightBytes: 0});
	meter.observe(...reading(70, [30]), {workers: 1, inFlightBytes: 5 * MiB});
	meter.observe(...reading(70, [30]), {workers: 1, inFlightBytes: 5 * MiB});
	t.is(published.length, 1);
	t.is(published[0]!.baseBytes, 50 * MiB);
	t.is(published[0]!.perDecoderBytes, 30 * MiB);
	t.is(published[0]!.perWorkerBytes, DEFAULT_COSTS.perWorkerBytes, '15 MiB grown, 5 of them audio in flight: the estimate stands');
	// The worker's heap grows as it analyses: the floor follows, once, when it has grown markedly.
	meter.observe(...reading(95, [30]), {workers: 1, inFlightBytes: 5 * MiB});
	t.is(published.length, 2);
	t.is(published[1]!.perWorkerBytes, 40 * MiB);
	meter.observe(...reading(96, [30]), {workers: 1, inFlightBytes: 5 * MiB});
	t.is(published.length, 2, 'a small change does not move the floor again');
});

test('what node grew by is shared among the workers', t => {
	const published: FixedCosts[] = [];
	const meter = new FloorMeter(costs => published.push(costs));
	meter.observe(...reading(50, []), {workers: 2, inFlightBytes: 0});
	meter.observe(...reading(130, [30, 30]), {workers: 2, inFlightBytes: 0});
	meter.observe(...reading(130, [30, 30]), {workers: 2, inFlightBytes: 0});
	t.is(published.at(-1)!.perWorkerBytes, 40 * MiB);
});
