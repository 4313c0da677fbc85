/** One track's chunk loop against a fake decoder: no ffmpeg, every ending. */
import test from 'ava';
import type {ChunkPlan} from '../../source/session/memory/chunk-plan.js';
import {PauseGate, PcmGate} from '../../source/session/gates.js';
import {AnalysisSlots} from '../../source/session/slots.js';
import {TrackRun, type ChunkReport, type TrackResult} from '../../source/session/track-run.js';
import {FakeDecoder, type FakeDecoderOptions} from '../helpers/fake-decoder.js';
import {LevelAnalyzerPool} from '../helpers/level-analyzer.js';

const RATE = 1000;

type Ending = {done?: TrackResult; skipped?: true; failed?: string};

function setup(decoderOptions: FakeDecoderOptions, options: {chunkSeconds?: number; stallTimeoutMs?: number; slots?: number} = {}) {
	const decoder = new FakeDecoder(decoderOptions);
	const pool = new LevelAnalyzerPool();
	const slots = new AnalysisSlots(() => options.slots ?? 1);
	const state = {stopping: false};
	const chunks: ChunkReport[] = [];
	const ending: Ending = {};
	let settled = 0;
	const plan: ChunkPlan = {seconds: options.chunkSeconds ?? 3, reason: 'fixed'};
	const hooks: {onChunk?: (chunk: ChunkReport) => void} = {};
	const run = new TrackRun({
		path: '/music/fake.flac',
		sampleRate: RATE,
		decoder,
		pool,
		flow: {nextChunk: () => plan, gate: new PcmGate(() => Infinity), pause: new PauseGate(), slots, stopping: () => state.stopping},
		stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
		events: {
			info() {},
			chunk(chunk) {
				chunks.push(chunk);
				hooks.onChunk?.(chunk);
			},
			done: result => (ending.done = result),
			skipped: () => (ending.skipped = true),
			failed: message => (ending.failed = message),
			settled: () => settled++,
		},
	});
	return {run, decoder, pool, slots, state, chunks, ending, hooks, settledCount: () => settled};
}

test('chunks cover the track in order, the analyser gets every sample, and the result carries the duration', async t => {
	const {run, pool, chunks, ending, settledCount} = setup({samples: 10 * RATE, announcedSeconds: 10});
	await run.run();
	t.deepEqual(
		chunks.map(chunk => [chunk.index, chunk.seconds, chunk.positionSeconds]),
		[
			[0, 3, 3],
			[1, 3, 6],
			[2, 3, 9],
			[3, 1, 10],
		],
	);
	t.is(pool.samples.get('/music/fake.flac'), 10 * RATE);
	t.like(ending.done, {durationSeconds: 10, chunks: 4, partial: false, announcedSeconds: 10, tags: {title: 'Fake'}});
	t.is(settledCount(), 1);
});

test('buffers the analyser hands back are filled again: two are enough', async t => {
	const {run, decoder} = setup({samples: 30 * RATE}, {chunkSeconds: 2});
	await run.run();
	const handedBack = decoder.reused.filter(buffer => buffer !== undefined);
	t.true(handedBack.length >= decoder.reused.length - 2, `${handedBack.length} of ${decoder.reused.length} reads reused a buffer`);
	t.true(new Set(handedBack).size <= 2, 'no more than two buffers go round');
});

test('less audio than announced makes the track partial', async t => {
	const {run, ending} = setup({samples: 10 * RATE, announcedSeconds: 12});
	await run.run();
	t.like(ending.done, {durationSeconds: 10, partial: true, announcedSeconds: 12});
});

test('a decoder still sending audio far past the announced length is stopped, and the track fails', async t => {
	const {run, ending, decoder} = setup({samples: Infinity, announcedSeconds: 10}, {chunkSeconds: 30});
	await run.run();
	t.true(decoder.killed);
	t.regex(ending.failed ?? '', /^decoder ran far past the announced 10 s \(60 s decoded\), stopped$/);
	t.is(ending.done, undefined);
});

test('a decoder that sends nothing is stopped by the watchdog, and the track fails', async t => {
	const {run, ending, decoder} = setup({samples: 10 * RATE, stallAfter: 3 * RATE}, {stallTimeoutMs: 200});
	await run.run();
	t.true(decoder.killed);
	t.regex(ending.failed ?? '', /^decoder stalled: no audio for \d+ s, stopped$/);
});

test("ffmpeg's failure is the track's failure, in ffmpeg's words", async t => {
	const {run, ending} = setup({samples: 2 * RATE, exit: {code: 1, message: 'Invalid data found when processing input'}});
	await run.run();
	t.is(ending.failed, 'Invalid data found when processing input');
});

test('a stream with no audio at all fails', async t => {
	const {run, ending} = setup({samples: 0});
	await run.run();
	t.is(ending.failed, 'no audio decoded');
});

test('a skip ends the track as skipped and gives its turn back', async t => {
	const {run, ending, hooks, slots, decoder} = setup({samples: 60 * RATE});
	hooks.onChunk = chunk => {
		if (chunk.index === 1) run.skip();
	};
	await run.run();
	t.deepEqual(ending, {skipped: true});
	t.true(decoder.killed);
	t.is(slots.taken, 0);
});

test('when the session stops, a track leaves without a word', async t => {
	const {run, ending, hooks, state} = setup({samples: 60 * RATE});
	hooks.onChunk = () => {
		state.stopping = true;
		run.stop();
	};
	await run.run();
	t.deepEqual(ending, {});
});

test('the analysis waits for its turn; the decoder does not', async t => {
	const {run, slots, chunks, ending} = setup({samples: 2 * RATE}, {slots: 1});
	await slots.acquire(() => false);
	const running = run.run();
	await new Promise(resolve => setImmediate(resolve));
	t.is(chunks.length, 0, 'no chunk while another track holds the only turn');
	slots.release();
	await running;
	t.like(ending.done, {durationSeconds: 2});
});

test('the next track reads its first chunk while the worker still finishes the track before; the worker takes one track at a time', async t => {
	const slots = new AnalysisSlots(() => 1);
	let finishA!: () => void;
	const aFinishing = new Promise<void>(resolve => (finishA = resolve));
	const order: string[] = [];
	let busy: Promise<void> = Promise.resolve();
	// One worker: a track's analyser opens once the one before has finished, as the worker pool does.
	const pool = {
		async open({path}: {path: string}) {
			const previous = busy;
			let done!: () => void;
			busy = new Promise<void>(resolve => (done = resolve));
			await previous;
			order.push(`open ${path}`);
			return {
				push: async (chunk: Float32Array) => chunk.buffer as ArrayBuffer,
				finish: async () => {
					if (path === 'a') await aFinishing;
					order.push(`finish ${path}`);
					done();
					return undefined;
				},
				abort() {},
			};
		},
		async forceGc() {},
		onGc: () => () => {},
		async close() {},
	};
	const runOf = (path: string, decoder: FakeDecoder) =>
		new TrackRun({
			path,
			sampleRate: RATE,
			decoder,
			pool,
			flow: {nextChunk: () => ({seconds: 3, reason: 'fixed'}), gate: new PcmGate(() => Infinity), pause: new PauseGate(), slots, stopping: () => false},
			stallTimeoutMs: 60_000,
			events: {
				info() {},
				chunk() {},
				done: () => order.push(`done ${path}`),
				skipped() {},
				failed: message => order.push(`failed ${path}: ${message}`),
				settled() {},
			},
		});
	const decoderB = new FakeDecoder({samples: 4 * RATE});
	const a = runOf('a', new FakeDecoder({samples: 4 * RATE})).run();
	const b = runOf('b', decoderB).run();
	for (let turn = 0; turn < 20 && decoderB.reused.length === 0; turn++) await new Promise(resolve => setImmediate(resolve));
	t.true(decoderB.reused.length > 0, "b's first chunk is read while a is still being finished");
	t.deepEqual(order, ['open a'], 'and b has not the worker yet');
	finishA();
	await Promise.all([a, b]);
	t.true(order.indexOf('open b') > order.indexOf('finish a'), order.join(', '));
	t.deepEqual(
		order.filter(step => step.startsWith('done')),
		['done a', 'done b'],
	);
});
