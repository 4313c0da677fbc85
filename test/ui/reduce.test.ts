import test from 'ava';
import {derive} from '../../source/ui/derive.js';
import {reduce} from '../../source/ui/reduce.js';
import {CHUNK_HISTORY, GC_LATEST, initialState, LOG_LIMIT, MEMORY_WINDOW_MS} from '../../source/ui/state.js';
import {chunk, memory, midRun, started, T0, viewOf} from '../helpers/view.js';

test('starts empty and remembers where the session runs', t => {
	const state = viewOf([started('/srv/music')]);
	t.is(state.phase, 'scanning');
	t.is(state.root, '/srv/music');
	t.is(state.limits?.memoryLimitPercent, 50);
	t.is(state.workers, 2);
	t.regex(state.log[0]!.text, /budget 4\.0 GiB = 50% of 8\.0 GiB \(machine\); 2 workers; ffmpeg 5\.1\.6/);
});

test('reduce is pure: the old state is untouched, and an event that changes nothing returns the same object', t => {
	const before = initialState();
	const after = reduce(before, started(), T0);
	t.not(before, after);
	t.is(before.phase, 'starting');
	t.is(before.log.length, 0);
	t.is(after.version, before.version + 1);
	const gone = {type: 'track-info', path: '/music/not-in-work.mp3', durationSeconds: 60, tags: {}, codec: 'mp3'} as const;
	t.is(reduce(after, gone, T0), after);
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
	const many = viewOf([
		started(),
		...Array.from({length: 30}, () => ({
			type: 'gc' as const,
			gc: {kind: 'minor' as const, durationMs: 1, forced: false, routine: false, thread: 'main' as const},
		})),
	]);
	t.is(many.gc.latest.length, GC_LATEST);
});

test('the log is capped, most recent last', t => {
	const events = [started(), ...Array.from({length: LOG_LIMIT + 50}, (_, i) => ({type: 'log' as const, level: 'info' as const, message: `line ${i}`}))];
	const state = viewOf(events);
	t.is(state.log.length, LOG_LIMIT);
	t.is(state.log.at(-1)!.text, `line ${LOG_LIMIT + 49}`);
});

test('the same log line again and again is one line with its count', t => {
	const warn = (message: string) => ({type: 'log' as const, level: 'warn' as const, message});
	const state = viewOf([started(), ...Array.from({length: 34}, () => warn('over the threshold')), warn('something else'), warn('over the threshold')]);
	const lines = state.log.slice(-3);
	t.deepEqual(
		lines.map(line => [line.text, line.count ?? 1]),
		[
			['over the threshold', 34],
			['something else', 1],
			['over the threshold', 1],
		],
	);
});

test('finished: summary kept, nothing in work, no ETA left', t => {
	const state = viewOf([
		started(),
		{type: 'queue', total: 1, toAnalyse: 1, unchanged: 0, failedBefore: 0},
		{type: 'track-start', path: '/music/a.mp3', index: 0, total: 1, sizeBytes: 1},
		{type: 'stopping'},
		{
			type: 'finished',
			summary: {
				tracks: 0,
				failed: 0,
				unchanged: 0,
				audioSeconds: 0,
				wallSeconds: 2,
				peakRssBytes: 100,
				peakWorkingSetBytes: 100,
				nodeMaxRssBytes: 100,
				failedBefore: 0,
				pruned: 0,
				chunks: 0,
				backpressureWaits: 0,
				forcedGcs: 0,
				stopped: true,
				epochs: [],
			},
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
