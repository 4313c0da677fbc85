import test from 'ava';
import {CHUNK_HISTORY, derive, GC_LATEST, initialState, LOG_LIMIT, MEMORY_WINDOW_MS, reduce} from '../../source/ui/state.js';
import {chunk, memory, midRun, started, T0, viewOf} from '../helpers/view.js';

test('starts empty and remembers where the session runs', t => {
	const state = viewOf([started('/srv/music')]);
	t.is(state.phase, 'scanning');
	t.is(state.root, '/srv/music');
	t.is(state.limits?.memoryLimitPercent, 50);
	t.is(state.workers, 2);
	t.regex(state.log[0]!.text, /budget 4\.0 GiB = 50% of 8\.0 GiB \(machine\); 2 workers; ffmpeg 5\.1\.6/);
});

test('reduce is pure: the old state is untouched and unknown changes return the same object', t => {
	const before = initialState();
	const after = reduce(before, started(), T0);
	t.not(before, after);
	t.is(before.phase, 'starting');
	t.is(before.log.length, 0);
	t.is(after.version, before.version + 1);
});

test('tracks in work carry their own progress; finished ones leave', t => {
	const {state} = midRun();
	t.is(state.active.length, 2);
	const one = state.active.find(track => track.name === 'a/one.mp3')!;
	t.is(one.positionSeconds, 45);
	t.is(one.durationSeconds, 200);
	t.is(one.label, 'Ann - One');
	t.is(one.chunks, 2);
	t.is(state.done, 1);
	t.is(state.failed, 1);
	t.is(state.queue?.unchanged, 2);
	t.is(state.audioSeconds, 60);
});

test('failures and rejected changes reach the log with their cause', t => {
	const state = viewOf([
		started(),
		{type: 'track-failed', path: '/music/x.ogg', message: 'negative granule position'},
		{type: 'limits-rejected', errors: ['chunk durations must satisfy min ≤ chunk ≤ max, got 5 ≤ 31 ≤ 30']},
	]);
	t.deepEqual(
		state.log.slice(1).map(line => [line.level, line.text]),
		[
			['error', 'failed x.ogg: negative granule position'],
			['warn', 'rejected: chunk durations must satisfy min ≤ chunk ≤ max, got 5 ≤ 31 ≤ 30'],
		],
	);
});

test('a limit change is logged at once, marked pending, and said to be in effect at the next chunk', t => {
	let state = viewOf([started(), {type: 'queue', total: 1, toAnalyse: 1, unchanged: 0, failedBefore: 0}]);
	state = reduce(state, {type: 'limits', limits: {...state.limits!, memoryLimitPercent: 55}, changed: ['memoryLimitPercent'], workers: 2}, T0 + 5000);
	t.is(state.limits?.memoryLimitPercent, 55);
	t.deepEqual(state.pendingLimits, ['memoryLimitPercent']);
	t.is(state.log.at(-1)!.text, 'limit 50% → 55% (4.4 GiB), from the next chunk');
	state = reduce(state, chunk('/music/a.mp3', 0, 12, {limitPercent: 55}), T0 + 6000);
	t.deepEqual(state.pendingLimits, []);
	t.is(state.log.at(-1)!.text, 'now in effect: chunk of 12 s at 55% (start)');
});

test('pause and resume are logged and paused time does not count as work', t => {
	let state = viewOf([started(), {type: 'queue', total: 1, toAnalyse: 1, unchanged: 0, failedBefore: 0}]);
	state = reduce(state, {type: 'paused'}, T0 + 2000);
	t.true(state.paused);
	state = reduce(state, {type: 'resumed'}, T0 + 12_000);
	t.false(state.paused);
	t.is(state.pausedMs, 10_000);
	t.is(derive(state, T0 + 20_000).activeSeconds, 10);
	t.deepEqual(
		state.log.slice(-2).map(line => line.text),
		['paused: no new chunk until p', 'resumed'],
	);
});

test('memory history keeps the last minute only', t => {
	const events = [started(), ...Array.from({length: 100}, (_, i) => memory(T0 + i * 1000, i))];
	const state = viewOf(events);
	const {history} = state.memory;
	t.true(history.length <= MEMORY_WINDOW_MS / 1000 + 1);
	t.is(history.at(-1)!.budgetUsedPercent, 99);
	t.true(history[0]!.at >= T0 + 99_000 - MEMORY_WINDOW_MS);
	t.is(state.memory.peakRssBytes, state.memory.latest!.rssBytes);
});

test('chunk history is capped and counts backpressure waits', t => {
	const events = [started(), ...Array.from({length: CHUNK_HISTORY + 30}, (_, i) => chunk('/music/a.mp3', i, 5 + (i % 3), {waitedMs: i % 10 === 0 ? 20 : 0}))];
	const state = viewOf(events);
	t.is(state.chunks.history.length, CHUNK_HISTORY);
	t.is(state.chunks.count, CHUNK_HISTORY + 30);
	t.is(state.chunks.waits, 15);
	t.is(state.chunks.waitedMs, 300);
});

test('GC totals per kind and thread, forced collections, latest first and capped', t => {
	const {state} = midRun();
	t.deepEqual(state.gc.byKind.major, {count: 2, totalMs: 10, maxMs: 6});
	t.is(state.gc.byKind.minor?.count, 1);
	t.deepEqual(state.gc.byThread, {main: 2, worker: 1});
	t.is(state.gc.forcedByCommand, 1);
	t.true(state.gc.latest[0]!.forced);
	const many = viewOf([started(), ...Array.from({length: 30}, () => ({type: 'gc' as const, gc: {kind: 'minor' as const, durationMs: 1, forced: false, routine: false, thread: 'main' as const}}))]);
	t.is(many.gc.latest.length, GC_LATEST);
});

test('the log is capped, most recent last', t => {
	const events = [started(), ...Array.from({length: LOG_LIMIT + 50}, (_, i) => ({type: 'log' as const, level: 'info' as const, message: `line ${i}`}))];
	const state = viewOf(events);
	t.is(state.log.length, LOG_LIMIT);
	t.is(state.log.at(-1)!.text, `line ${LOG_LIMIT + 49}`);
});

test('throughput, fraction done and ETA come from audio decoded, tracks finished and positions', t => {
	const {state, now} = midRun();
	const d = derive(state, now);
	// 1 done + 1 failed + (45/200 + 15/100) of 10.
	t.is(d.finished, 2);
	t.true(Math.abs(d.fraction - (2 + 0.225 + 0.15) / 10) < 1e-9);
	t.is(d.activeSeconds, 17);
	t.is(d.realtime, 60 / 17);
	t.true(d.etaSeconds! > 0);
	t.true(d.chunksPerSecond >= 0);
});

test('scan failures are not counted against the queue', t => {
	const state = viewOf([
		started(),
		{type: 'track-failed', path: '/music/locked', message: 'permission denied'},
		{type: 'queue', total: 3, toAnalyse: 3, unchanged: 0, failedBefore: 0},
		{type: 'track-done', path: '/music/a.mp3', durationSeconds: 10, chunks: 1, analysisMs: 5, partial: false, tags: {}, analysis: undefined},
	]);
	t.is(derive(state, T0 + 10_000).finished, 1);
	t.is(state.failed, 1);
});

test('finished: summary kept, nothing in work, no ETA left', t => {
	const state = viewOf([
		started(),
		{type: 'queue', total: 1, toAnalyse: 1, unchanged: 0, failedBefore: 0},
		{type: 'track-start', path: '/music/a.mp3', index: 0, total: 1, sizeBytes: 1},
		{type: 'stopping'},
		{
			type: 'finished',
			summary: {tracks: 0, failed: 0, unchanged: 0, audioSeconds: 0, wallSeconds: 2, peakRssBytes: 100, nodeMaxRssBytes: 100, failedBefore: 0, pruned: 0, chunks: 0, backpressureWaits: 0, forcedGcs: 0, stopped: true},
		},
	]);
	t.is(state.phase, 'finished');
	t.deepEqual(state.active, []);
	t.true(state.summary?.stopped);
	t.is(derive(state, T0 + 60_000).etaSeconds, 0);
	t.regex(state.log.at(-1)!.text, /^stopped: 0 analysed/);
});

test('the UI adds its own log lines', t => {
	const state = reduce(initialState(), {type: 'ui-log', level: 'info', text: 'limits saved to /tmp/x'}, T0);
	t.is(state.log[0]!.text, 'limits saved to /tmp/x');
});
