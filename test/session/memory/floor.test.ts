import test from 'ava';
import {
	chunkRoomBytes,
	DEFAULT_COSTS,
	fitShape,
	fixedBytes,
	floorMessage,
	floorOf,
	sameLevers,
	type FixedCosts,
	type ShapeInput,
} from '../../../source/session/memory/floor.js';
import {GC_MIN_INTERVAL_MS, gcWorthForcing} from '../../../source/session/memory/gc-rule.js';

const MiB = 1024 ** 2;
const costs: FixedCosts = {
	baseBytes: 60 * MiB,
	firstWorkerBytes: 30 * MiB,
	extraWorkerBytes: 20 * MiB,
	firstDecoderBytes: 40 * MiB,
	extraDecoderBytes: 10 * MiB,
	marginBytes: 5 * MiB,
	measured: true,
};
const bytesPerSecond = 22050 * 4;
/** Two 30 s chunks per worker: 5.05 MiB. */
const room = (workers: number, seconds = 30) => 2 * workers * seconds * bytesPerSecond;

function fit(budgetMiB: number, workers = 2): ReturnType<typeof fitShape> {
	const input: ShapeInput = {budgetBytes: budgetMiB * MiB, costs, workers, minChunkSeconds: 5, maxChunkSeconds: 30, bytesPerSecond};
	return fitShape(input);
}

test('the floor adds node at rest, the workers, the decoders, the margin and the audio in flight', t => {
	// A further worker and a further decoder cost less than the first: the main thread's working memory
	// comes with the first worker, and decoders share their library pages.
	t.is(fixedBytes(costs, {decoders: 3, workers: 2}), (60 + 30 + 20 + 40 + 2 * 10 + 5) * MiB);
	t.is(fixedBytes(costs, {decoders: 1, workers: 1}), (60 + 30 + 40 + 5) * MiB);
	t.is(chunkRoomBytes({decoders: 3, workers: 2, maxChunkSeconds: 30}, bytesPerSecond), room(2));
	t.is(floorOf(costs, {decoders: 3, workers: 2, maxChunkSeconds: 30}, bytesPerSecond), 175 * MiB + room(2));
});

test('a large budget runs what was asked: a decoder per worker and one that starts early', t => {
	const shape = fit(2048);
	t.like(shape, {decoders: 3, workers: 2, maxChunkSeconds: 30, cut: false, overBudget: false, floorBytes: 175 * MiB + room(2)});
	t.is(floorMessage(2048 * MiB, shape), undefined, 'nothing cut: nothing to say');
});

test('levers in order: the early decoder goes first, then workers, then chunk length', t => {
	// Full shape: 175 MiB fixed + 10.1 MiB of chunks.
	t.like(fit(186), {decoders: 3, workers: 2, maxChunkSeconds: 30, cut: false});
	t.like(fit(180), {decoders: 2, workers: 2, maxChunkSeconds: 30, cut: true});
	t.like(fit(150), {decoders: 1, workers: 1, maxChunkSeconds: 30, cut: true});
	// One decoder and one worker cost 135 MiB; what is left sets the chunk length.
	const tight = fit(137);
	t.like(tight, {decoders: 1, workers: 1, overBudget: false});
	t.true(tight.maxChunkSeconds < 30 && tight.maxChunkSeconds >= 5);
	t.true(tight.floorBytes <= 137 * MiB, 'the floor said is one the budget holds');
});

test('under even the smallest shape: the shortest chunks, and the run says memory stays above the budget', t => {
	const shape = fit(128);
	t.like(shape, {decoders: 1, workers: 1, maxChunkSeconds: 5, overBudget: true, floorBytes: 135 * MiB + room(1, 5)});
	t.is(
		floorMessage(128 * MiB, shape),
		"budget 128 MiB is under this machine's floor of 185 MiB with 3 decoders: running 1 decoder, 1 worker, 5 s chunks; " +
			'even so the run needs about 136 MiB: memory will stay above the budget',
	);
});

test('over the budget with a dynamically linked ffmpeg: the message names the static one when it would fit', t => {
	const shape = fit(128);
	t.is(
		floorMessage(128 * MiB, shape, costs),
		"budget 128 MiB is under this machine's floor of 185 MiB with 3 decoders: running 1 decoder, 1 worker, 5 s chunks; " +
			'even so the run needs about 136 MiB: memory will stay above the budget; ' +
			'ffmpeg is 40.0 MiB of it: a statically linked one (about 13.0 MiB, set ffmpegPath) would fit the budget',
	);
	// Not when it would not fit either, not from estimates, not for an ffmpeg already small.
	const input: ShapeInput = {budgetBytes: 100 * MiB, costs, workers: 2, minChunkSeconds: 5, maxChunkSeconds: 30, bytesPerSecond};
	t.notRegex(floorMessage(100 * MiB, fitShape(input), costs)!, /static/);
	t.notRegex(floorMessage(128 * MiB, shape, {...costs, measured: false})!, /static/);
	// 20 MiB: a static one would save 7 and bring the run under 110 MiB, but that is no longer ffmpeg's linking.
	const small = {...costs, firstDecoderBytes: 20 * MiB};
	const smallShape = fitShape({...input, budgetBytes: 110 * MiB, costs: small});
	t.true(smallShape.overBudget);
	t.notRegex(floorMessage(110 * MiB, smallShape, small)!, /static/);
	t.is(floorMessage(150 * MiB, fit(150), costs), floorMessage(150 * MiB, fit(150)), 'a budget held needs no hint');
});

test('one message names the floor and what was cut', t => {
	t.is(floorMessage(150 * MiB, fit(150)), "budget 150 MiB is under this machine's floor of 185 MiB with 3 decoders: running 1 decoder, 1 worker, 30 s chunks");
	t.regex(floorMessage(180 * MiB, fit(180))!, /^budget 180 MiB is under this machine's floor of 185 MiB with 3 decoders: running 2 decoders, 2 workers/);
});

test('a new message only when the levers change, not when a moving floor shortens the chunks', t => {
	t.true(sameLevers(fit(137), fit(140)), 'one decoder, one worker, the budget held: chunk length alone is no news');
	t.false(sameLevers(fit(137), fit(128)), 'the budget can no longer be held');
	t.false(sameLevers(fit(150), fit(180)));
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
