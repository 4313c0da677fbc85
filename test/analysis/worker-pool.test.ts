import test from 'ava';
import {TrackFeatureExtractor} from '../../source/analysis/track-features.js';
import {WorkerAnalyzerPool} from '../../source/analysis/worker-pool.js';
import type {GcEvent} from '../../source/memory/gc.js';
import {chunked, groove} from './signals.js';
import {waitFor} from '../helpers/wait.js';

const SR = 22050;
const crashingWorker = new URL('fixtures/crashing-worker.ts', import.meta.url);

function settled<T>(promise: Promise<T>): () => boolean {
	let done = false;
	void promise.then(
		() => (done = true),
		() => (done = true),
	);
	return () => done;
}

const tick = (ms = 50) => new Promise(resolve => setTimeout(resolve, ms));

test('a track analysed in a worker gives the same features as in this thread; chunks are transferred', async t => {
	const pool = new WorkerAnalyzerPool({workers: 1});
	t.teardown(() => pool.close());
	const samples = groove(111, 12, SR);
	const chunks = chunked(samples, [SR * 5, 4321]);
	const local = new TrackFeatureExtractor({sampleRate: SR});
	for (const chunk of chunks) local.push(chunk);

	const analyzer = await pool.open({path: 'groove.wav', sampleRate: SR});
	for (const chunk of chunked(samples, [SR * 5, 4321])) {
		const bytes = chunk.byteLength;
		const pushed = analyzer.push(chunk);
		t.is(chunk.byteLength, 0, 'the chunk’s buffer moved to the worker');
		const back = await pushed;
		t.true(back instanceof ArrayBuffer && back.byteLength === bytes, 'and came back to be filled again');
	}
	t.deepEqual(await analyzer.finish(), local.finish());
	t.is(pool.size, 1);
});

test('the last chunk may be a view on a larger buffer', async t => {
	const pool = new WorkerAnalyzerPool({workers: 1});
	t.teardown(() => pool.close());
	const samples = groove(90, 3, SR);
	const buffer = new ArrayBuffer(samples.byteLength * 2);
	const view = new Float32Array(buffer, 0, samples.length);
	view.set(samples);
	const analyzer = await pool.open({path: 'view.wav', sampleRate: SR});
	await analyzer.push(view);
	const features = await analyzer.finish();
	const local = new TrackFeatureExtractor({sampleRate: SR});
	local.push(samples);
	t.deepEqual(features, local.finish());
});

test('open() waits for a free worker; never more workers than asked', async t => {
	const pool = new WorkerAnalyzerPool({workers: 2});
	t.teardown(() => pool.close());
	const first = await pool.open({path: 'a', sampleRate: SR});
	const second = await pool.open({path: 'b', sampleRate: SR});
	const third = pool.open({path: 'c', sampleRate: SR});
	const thirdOpened = settled(third);
	await first.push(groove(100, 2, SR));
	// An absence: give a wrongly opened third worker time to show.
	await tick();
	t.false(thirdOpened(), 'the third track waits while two are in work');
	t.is(pool.size, 2);
	await first.finish();
	const analyzer = await third;
	await analyzer.push(groove(100, 2, SR));
	t.true((await analyzer.finish()).bpm > 0);
	second.abort();
	t.is(pool.size, 2);
});

test('abort() frees the worker for the next track at once', async t => {
	const pool = new WorkerAnalyzerPool({workers: 1});
	t.teardown(() => pool.close());
	const dropped = await pool.open({path: 'dropped', sampleRate: SR});
	const pending = dropped.push(groove(100, 20, SR));
	dropped.abort();
	await pending;
	await t.throwsAsync(dropped.finish(), {message: /aborted/});
	const next = await pool.open({path: 'next', sampleRate: SR});
	await next.push(groove(140, 5, SR));
	const features = await next.finish();
	t.true(Math.abs(features.bpm - 140) < 6, `bpm ${features.bpm}`);
	t.is(pool.size, 1);
});

test('a worker that crashes fails only its track, and the pool goes on with a fresh worker', async t => {
	const pool = new WorkerAnalyzerPool({workers: 1, workerUrl: crashingWorker});
	t.teardown(() => pool.close());
	const doomed = await pool.open({path: '/music/crash.mp3', sampleRate: SR});
	const error = await t.throwsAsync(async () => {
		await doomed.push(groove(100, 2, SR));
		await doomed.push(groove(100, 2, SR));
		await doomed.finish();
	});
	t.regex(error!.message, /analysis worker crashed: simulated crash while analysing \/music\/crash\.mp3/);
	t.is(pool.crashes, 1);

	const exiting = await pool.open({path: '/music/exit.mp3', sampleRate: SR});
	await t.throwsAsync(
		async () => {
			await exiting.push(groove(100, 1, SR));
			await exiting.finish();
		},
		{message: /exited with code 3 while analysing \/music\/exit\.mp3/},
	);

	const fine = await pool.open({path: '/music/fine.mp3', sampleRate: SR});
	await fine.push(groove(120, 5, SR));
	t.true((await fine.finish()).bpm > 0);
	t.is(pool.crashes, 2);
	t.is(pool.size, 1);
});

test('GC events of the workers are forwarded, and forceGc() collects in each worker', async t => {
	const pool = new WorkerAnalyzerPool({workers: 2});
	t.teardown(() => pool.close());
	const events: GcEvent[] = [];
	const stop = pool.onGc(event => events.push(event));
	const a = await pool.open({path: 'a', sampleRate: SR});
	const b = await pool.open({path: 'b', sampleRate: SR});
	await Promise.all([a.push(groove(100, 3, SR)), b.push(groove(100, 3, SR))]);
	await pool.forceGc();
	const majorsForced = () => events.filter(event => event.forced && event.kind === 'major');
	await waitFor(() => majorsForced().length >= 2, 5000);
	const forced = majorsForced();
	t.true(forced.length >= 2, `forced major collections: ${forced.length}`);
	t.true(events.every(event => event.thread === 'worker'));
	stop();
	const before = events.length;
	await pool.forceGc();
	// Nothing should arrive: give it the time a forced collection's event took above.
	await tick(100);
	t.is(events.length, before, 'no events after unsubscribing');
	a.abort();
	b.abort();
});

test('a closed pool refuses new tracks', async t => {
	const pool = new WorkerAnalyzerPool({workers: 1});
	await pool.close();
	await t.throwsAsync(pool.open({path: 'x', sampleRate: SR}), {message: /closed/});
});
