import test from 'ava';
import {chunkRoomBytes, DEFAULT_COSTS, fitShape, floorMessage, floorOf, type FixedCosts, type ShapeInput} from '../../source/session/floor.js';
import {GC_MIN_INTERVAL_MS, gcWorthForcing} from '../../source/session/gc-rule.js';

const MiB = 1024 ** 2;
const costs: FixedCosts = {baseBytes: 70 * MiB, perWorkerBytes: 15 * MiB, perDecoderBytes: 20 * MiB, measured: true};
const bytesPerSecond = 22050 * 4;

function fit(budgetMiB: number, workers = 2): ReturnType<typeof fitShape> {
	const input: ShapeInput = {budgetBytes: budgetMiB * MiB, costs, workers, minChunkSeconds: 5, maxChunkSeconds: 30, bytesPerSecond};
	return fitShape(input);
}

test('the floor adds node at rest, each worker and each decoder', t => {
	t.is(floorOf(costs, {decoders: 3, workers: 2}), (70 + 30 + 60) * MiB);
	t.is(chunkRoomBytes({decoders: 3, workers: 2, maxChunkSeconds: 30}, bytesPerSecond), 2 * 2 * 30 * bytesPerSecond);
});

test('a large budget runs what was asked: a decoder per worker and one that starts early', t => {
	const shape = fit(2048);
	t.like(shape, {decoders: 3, workers: 2, maxChunkSeconds: 30, cut: false, overBudget: false});
	t.is(floorMessage(2048 * MiB, shape), undefined, 'nothing cut: nothing to say');
});

test('levers in order: the early decoder goes first, then workers, then chunk length', t => {
	// Full shape: 160 MiB fixed + 10 MiB of chunks.
	t.like(fit(172), {decoders: 3, workers: 2, maxChunkSeconds: 30});
	t.like(fit(160), {decoders: 2, workers: 2, maxChunkSeconds: 30, cut: true});
	t.like(fit(130), {decoders: 1, workers: 1, maxChunkSeconds: 30, cut: true});
	// One decoder and one worker cost 105 MiB; what is left sets the chunk length.
	const tight = fit(106);
	t.like(tight, {decoders: 1, workers: 1, overBudget: false});
	t.true(tight.maxChunkSeconds < 30 && tight.maxChunkSeconds >= 5);
});

test('under even the smallest shape: the shortest chunks, and the run says memory stays above the budget', t => {
	const shape = fit(64);
	t.like(shape, {decoders: 1, workers: 1, maxChunkSeconds: 5, overBudget: true, floorBytes: 105 * MiB});
	t.is(
		floorMessage(64 * MiB, shape),
		"budget 64.0 MiB is under this machine's floor of 160 MiB with 3 decoders: running 1 decoder, 1 worker, 5 s chunks; " +
			'even so the run needs about 105 MiB: memory will stay above the budget',
	);
});

test('one message names the floor and what was cut', t => {
	t.is(floorMessage(128 * MiB, fit(128)), "budget 128 MiB is under this machine's floor of 160 MiB with 3 decoders: running 1 decoder, 1 worker, 30 s chunks");
	t.regex(
		floorMessage(165 * MiB, fit(165))!,
		/^budget 165 MiB leaves too little room above this machine's floor of 160 MiB with 3 decoders: running 2 decoders, 2 workers/,
	);
});

test('one worker asked for: two decoders at most', t => {
	t.like(fit(2048, 1), {decoders: 2, workers: 1});
	t.true(DEFAULT_COSTS.baseBytes > 0 && !DEFAULT_COSTS.measured);
});

test('a forced GC only when the heap holds enough to matter, and not more often than every few seconds', t => {
	const sample = {heapUsedBytes: 14 * MiB, externalBytes: 1 * MiB, budgetBytes: 128 * MiB};
	t.true(gcWorthForcing(sample, {lastAt: -Infinity, liveBytes: undefined}, 0), 'never forced yet, 15 MiB of heap');
	t.false(gcWorthForcing(sample, {lastAt: -Infinity, liveBytes: 12 * MiB}, 0), 'only 3 MiB more than after the last one');
	t.true(gcWorthForcing({...sample, heapUsedBytes: 30 * MiB}, {lastAt: 0, liveBytes: 12 * MiB}, GC_MIN_INTERVAL_MS));
	t.false(gcWorthForcing({...sample, heapUsedBytes: 30 * MiB}, {lastAt: 0, liveBytes: 12 * MiB}, GC_MIN_INTERVAL_MS - 1), 'too soon');
	t.false(
		gcWorthForcing({...sample, heapUsedBytes: 30 * MiB, budgetBytes: 4096 * MiB}, {lastAt: -Infinity, liveBytes: 12 * MiB}, 0),
		'19 MiB is under 5 % of a 4 GiB budget',
	);
});
