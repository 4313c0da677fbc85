import type {SessionEvent} from '../../source/session/events.js';
import type {Limits} from '../../source/config/limits.js';
import type {MemorySample} from '../../source/memory/monitor.js';
import {closeEpoch, emptyEpochLog, observeEpochs} from '../../source/session/epochs.js';
import {reduce} from '../../source/ui/reduce.js';
import {initialState, type ViewInput, type ViewState} from '../../source/ui/state.js';

/** A fixed moment for view tests: 2026-01-01 12:00:00 local time. */
export const T0 = new Date(2026, 0, 1, 12, 0, 0).getTime();

export const limits: Limits = {
	memoryLimitPercent: 50,
	chunkSeconds: 15,
	minChunkSeconds: 5,
	maxChunkSeconds: 30,
	gcThresholdPercent: 90,
	monitorIntervalChunks: 5,
	monitoringEnabled: true,
	workers: 2,
};

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

export function started(root = '/music', overrides: Partial<Limits> = {}): SessionEvent {
	return {
		type: 'started',
		root,
		limits: {...limits, ...overrides},
		total: {totalBytes: 8 * GiB, source: 'machine', detail: 'os.totalmem()'},
		ffmpeg: {path: '/usr/bin/ffmpeg', source: 'PATH', version: '5.1.6'},
		workers: 2,
	};
}

export function memory(at: number, budgetUsedPercent: number, overrides: Partial<MemorySample> = {}): SessionEvent {
	const budgetBytes = 4 * GiB;
	return {
		type: 'memory',
		sample: {
			at,
			workingSetBytes: (budgetBytes * budgetUsedPercent) / 100,
			workingSetSource: 'pss',
			rssBytes: (budgetBytes * budgetUsedPercent) / 100 + 20 * MiB,
			childRssBytes: 12 * MiB,
			heapUsedBytes: 30 * MiB,
			heapTotalBytes: 50 * MiB,
			externalBytes: 2 * MiB,
			totalBytes: 8 * GiB,
			totalSource: 'machine',
			limitPercent: 50,
			budgetBytes,
			budgetUsedPercent,
			floorBytes: 0,
			systemUsedPercent: 30,
			availableBytes: 2 * GiB,
			...overrides,
		},
	};
}

export function chunk(path: string, index: number, seconds: number, at: Partial<Extract<SessionEvent, {type: 'chunk'}>> = {}): SessionEvent {
	return {
		type: 'chunk',
		path,
		index,
		seconds,
		bytes: seconds * 22_050 * 4,
		reason: index === 0 ? 'start' : 'memory',
		limitPercent: 50,
		budgetBytes: 4 * GiB,
		positionSeconds: seconds * (index + 1),
		waitedMs: 0,
		...at,
	};
}

/** Folds events into a view state; each event one second after the previous, from T0. */
export function viewOf(events: ViewInput[], start = T0, stepMs = 1000): ViewState {
	let state = initialState();
	events.forEach((event, index) => {
		state = reduce(state, event, start + index * stepMs);
	});
	return state;
}

/** A run in the middle: two tracks in work, chunks, GCs, memory samples, a log. */
export function midRun(): {state: ViewState; now: number} {
	const events: ViewInput[] = [
		started(),
		{type: 'scan', found: 10, done: true},
		{type: 'queue', total: 12, toAnalyse: 10, unchanged: 2, failedBefore: 0},
		{type: 'track-start', path: '/music/a/one.mp3', index: 0, total: 10, sizeBytes: 4 * MiB},
		{type: 'track-info', path: '/music/a/one.mp3', durationSeconds: 200, tags: {artist: 'Ann', title: 'One'}, codec: 'mp3'},
		{type: 'track-start', path: '/music/b/two.flac', index: 1, total: 10, sizeBytes: 20 * MiB},
		{type: 'track-info', path: '/music/b/two.flac', durationSeconds: 100, tags: {}, codec: 'flac'},
		chunk('/music/a/one.mp3', 0, 15),
		chunk('/music/b/two.flac', 0, 15),
		chunk('/music/a/one.mp3', 1, 30, {positionSeconds: 45, waitedMs: 12}),
		memory(T0 + 9000, 42),
		{type: 'gc', gc: {kind: 'minor', durationMs: 0.5, forced: false, routine: false, thread: 'main'}},
		{type: 'gc', gc: {kind: 'major', durationMs: 4, forced: false, routine: false, thread: 'worker'}},
		{type: 'gc-forced', reason: 'command', budgetUsedPercent: 42, heapBeforeBytes: 40 * MiB, heapAfterBytes: 22 * MiB},
		{type: 'gc', gc: {kind: 'major', durationMs: 6, forced: true, routine: false, thread: 'main'}},
		{type: 'track-done', path: '/music/c/three.ogg', durationSeconds: 60, chunks: 3, analysisMs: 500, partial: false, tags: {}, analysis: undefined},
		{type: 'track-failed', path: '/music/c/bad.mp3', message: 'Invalid data found when processing input'},
	];
	const state = viewOf(events);
	return {state, now: T0 + events.length * 1000};
}

/** Text without escape codes. */
export function stripAnsi(text: string): string {
	return text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
}

/**
 * Inserts the `epoch` events the session would report into a list of events meant for viewOf (one
 * second apart from `start`): before each change of limits, and at the end when `end` is set.
 */
export function withEpochs(events: SessionEvent[], options: {end?: boolean; start?: number; stepMs?: number} = {}): SessionEvent[] {
	const start = options.start ?? T0;
	const stepMs = options.stepMs ?? 1000;
	const out: SessionEvent[] = [];
	let log = emptyEpochLog();
	for (const event of events) {
		const result = observeEpochs(log, event, start + out.length * stepMs);
		log = result.log;
		if (result.closed) out.push({type: 'epoch', epoch: result.closed});
		out.push(event);
	}
	if (options.end) {
		const closed = closeEpoch(log, start + out.length * stepMs).closed;
		if (closed) out.push({type: 'epoch', epoch: closed});
	}
	return out;
}

/** A run tuned twice: 50 % of RAM, then 45 %, then 40 %, with chunks and memory samples under each. */
export function tunedRun(): SessionEvent[] {
	const change = (memoryLimitPercent: number): SessionEvent => ({
		type: 'limits',
		limits: {...limits, memoryLimitPercent},
		changed: ['memoryLimitPercent'],
		workers: 2,
	});
	let index = 0;
	const stretch = (seconds: number, percent: number, count: number, startAt: number): SessionEvent[] =>
		Array.from({length: count}, (_, i) => [chunk('/music/a.mp3', index++, seconds), memory(startAt + i * 2000, percent)]).flat();
	return withEpochs([
		started(),
		{type: 'queue', total: 10, toAnalyse: 10, unchanged: 0, failedBefore: 0},
		...stretch(30, 40, 4, T0 + 2000),
		change(45),
		...stretch(20, 60, 4, T0 + 12_000),
		change(40),
		...stretch(10, 70, 3, T0 + 22_000),
	]);
}
