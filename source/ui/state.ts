import type {ChunkReason} from '../session/chunk-plan.js';
import type {GcEvent, GcKind} from '../memory/gc.js';
import type {MemorySample} from '../memory/monitor.js';
import type {TotalMemory} from '../memory/total.js';
import type {EventOf, SessionEvent, SessionSummary} from '../session/events.js';
import type {Limits} from '../config/limits.js';
import {pathInLibrary} from '../util/paths.js';
import {budgetBytes} from '../memory/budget.js';
import {summarySentence} from '../report/summary.js';
import {formatBytes} from '../util/units.js';
import {milliseconds, plural, seconds} from './format.js';

/** How far back the memory sparkline looks. */
export const MEMORY_WINDOW_MS = 60_000;
/** Chunks kept for the chunk-size history and the chunk rate. */
export const CHUNK_HISTORY = 120;
/** Window over which chunks per second are counted. */
export const CHUNK_RATE_WINDOW_MS = 5000;
/** Latest GC events kept for the GC panel. */
export const GC_LATEST = 8;
/** Log lines kept (the panel shows the most recent that fit). */
export const LOG_LIMIT = 200;

export type Phase = 'starting' | 'scanning' | 'analysing' | 'stopping' | 'finished';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogLine = {at: number; level: LogLevel; text: string};

/** A track in work as the panels show it. */
export type ActiveTrackView = {
	path: string;
	/** Path relative to the library root. */
	name: string;
	index: number;
	total: number;
	sizeBytes: number;
	startedAt: number;
	durationSeconds: number | undefined;
	positionSeconds: number;
	chunks: number;
	label: string | undefined;
};

export type ChunkView = {at: number; seconds: number; bytes: number; reason: ChunkReason; waitedMs: number; limitPercent: number};

export type GcTotals = {count: number; totalMs: number; maxMs: number};

export type ViewState = {
	phase: Phase;
	paused: boolean;
	root: string;
	/** Wall-clock time of the `started` event (ms since the epoch). */
	startedAt: number | undefined;
	finishedAt: number | undefined;
	/** Time spent paused so far, and since when the current pause runs. */
	pausedMs: number;
	pausedSince: number | undefined;
	total: TotalMemory | undefined;
	ffmpeg: {path: string; source: string; version: string} | undefined;
	limits: Limits | undefined;
	/** Limits changed by a command that no chunk has used yet. */
	pendingLimits: Array<keyof Limits>;
	workers: number;
	scanFound: number;
	queue: {total: number; toAnalyse: number; unchanged: number; failedBefore: number} | undefined;
	done: number;
	failed: number;
	/** Files that failed already in the scan (unreadable folders…): never part of the queue. */
	failedInScan: number;
	/** Tracks skipped with the skip command during this run. */
	skippedNow: number;
	active: ActiveTrackView[];
	/** Audio seconds decoded and handed to analysis, in every chunk so far. */
	audioSeconds: number;
	memory: {latest: MemorySample | undefined; history: Array<{at: number; rssBytes: number; budgetUsedPercent: number}>; peakRssBytes: number};
	chunks: {latest: (ChunkView & {path: string; index: number}) | undefined; history: ChunkView[]; count: number; waits: number; waitedMs: number};
	gc: {
		byKind: Partial<Record<GcKind, GcTotals>>;
		byThread: {main: number; worker: number};
		latest: Array<GcEvent & {at: number}>;
		/** Collections forced by the session (a command or the threshold). */
		forcedByCommand: number;
		forcedByThreshold: number;
	};
	log: LogLine[];
	summary: SessionSummary | undefined;
	/** Bumped on every change, so a view can tell whether there is anything new to draw. */
	version: number;
};

/** Things the UI itself reports in the log (results of keys that the session does not handle). */
export type UiEvent = {type: 'ui-log'; level: LogLevel; text: string};

export type ViewInput = SessionEvent | UiEvent;

export function initialState(): ViewState {
	return {
		phase: 'starting',
		paused: false,
		root: '',
		startedAt: undefined,
		finishedAt: undefined,
		pausedMs: 0,
		pausedSince: undefined,
		total: undefined,
		ffmpeg: undefined,
		limits: undefined,
		pendingLimits: [],
		workers: 0,
		scanFound: 0,
		queue: undefined,
		done: 0,
		failed: 0,
		failedInScan: 0,
		skippedNow: 0,
		active: [],
		audioSeconds: 0,
		memory: {latest: undefined, history: [], peakRssBytes: 0},
		chunks: {latest: undefined, history: [], count: 0, waits: 0, waitedMs: 0},
		gc: {byKind: {}, byThread: {main: 0, worker: 0}, latest: [], forcedByCommand: 0, forcedByThreshold: 0},
		log: [],
		summary: undefined,
		version: 0,
	};
}

const LIMIT_LABELS: Record<keyof Limits, string> = {
	memoryLimitPercent: 'limit',
	chunkSeconds: 'chunk',
	minChunkSeconds: 'min chunk',
	maxChunkSeconds: 'max chunk',
	gcThresholdPercent: 'GC threshold',
	monitorIntervalChunks: 'monitor interval',
	monitoringEnabled: 'monitoring',
	workers: 'workers',
};

export function limitValueText(key: keyof Limits, value: Limits[keyof Limits]): string {
	switch (key) {
		case 'memoryLimitPercent':
		case 'gcThresholdPercent':
			return `${String(value)}%`;
		case 'chunkSeconds':
		case 'minChunkSeconds':
		case 'maxChunkSeconds':
			return `${String(value)} s`;
		case 'monitorIntervalChunks':
			return `every ${String(value)} chunks`;
		case 'monitoringEnabled':
			return value ? 'on' : 'off';
		default:
			return String(value);
	}
}

function addLog(state: ViewState, at: number, level: LogLevel, text: string): LogLine[] {
	const log = state.log.length >= LOG_LIMIT ? state.log.slice(state.log.length - LOG_LIMIT + 1) : state.log.slice();
	log.push({at, level, text});
	return log;
}

function describeLimitChange(before: Limits | undefined, event: EventOf<'limits'>, budgetBytes: number | undefined, workersBefore: number): string {
	const parts = event.changed.map(key => {
		const from = before ? `${limitValueText(key, before[key])} → ` : '';
		let text = `${LIMIT_LABELS[key]} ${from}${limitValueText(key, event.limits[key])}`;
		if (key === 'memoryLimitPercent' && budgetBytes !== undefined) text += ` (${formatBytes(budgetBytes)})`;
		return text;
	});
	if (event.workers !== workersBefore && workersBefore > 0) parts.push(`workers ${workersBefore} → ${event.workers}`);
	return `${parts.join(', ')}, from the next chunk`;
}

function upsertActive(active: ActiveTrackView[], file: string, update: (track: ActiveTrackView) => ActiveTrackView): ActiveTrackView[] {
	const index = active.findIndex(track => track.path === file);
	if (index === -1) return active;
	const next = active.slice();
	next[index] = update(active[index]!);
	return next;
}

function withoutActive(active: ActiveTrackView[], file: string): ActiveTrackView[] {
	return active.filter(track => track.path !== file);
}

/**
 * Folds one session (or UI) event into the view state. Pure: returns a new state and leaves the old
 * one alone; `now` is the wall-clock time of the event (ms since the epoch).
 */
export function reduce(state: ViewState, event: ViewInput, now: number): ViewState {
	const next = reduceEvent(state, event, now);
	return next === state ? state : {...next, version: state.version + 1};
}

function reduceEvent(state: ViewState, event: ViewInput, now: number): ViewState {
	switch (event.type) {
		case 'ui-log':
			return {...state, log: addLog(state, now, event.level, event.text)};
		case 'started': {
			const budget = budgetBytes(event.total, event.limits.memoryLimitPercent);
			return {
				...state,
				phase: 'scanning',
				root: event.root,
				startedAt: now,
				total: event.total,
				ffmpeg: event.ffmpeg,
				limits: event.limits,
				workers: event.workers,
				log: addLog(
					state,
					now,
					'info',
					`budget ${formatBytes(budget)} = ${event.limits.memoryLimitPercent}% of ${formatBytes(event.total.totalBytes)} (${event.total.source}); ` +
						`${plural(event.workers, 'worker')}; ffmpeg ${event.ffmpeg.version}`,
				),
			};
		}
		case 'scan':
			return {...state, scanFound: event.found};
		case 'queue': {
			const text =
				`${plural(event.total, 'track')}: ${event.toAnalyse} to analyse, ${event.unchanged} unchanged` +
				(event.failedBefore > 0 ? `, ${event.failedBefore} failed before (see --retry-failed)` : '');
			return {
				...state,
				phase: state.phase === 'stopping' ? state.phase : 'analysing',
				failedInScan: state.failed,
				queue: {total: event.total, toAnalyse: event.toAnalyse, unchanged: event.unchanged, failedBefore: event.failedBefore},
				log: addLog(state, now, 'info', text),
			};
		}
		case 'track-start':
			return {
				...state,
				active: [
					...withoutActive(state.active, event.path),
					{
						path: event.path,
						name: pathInLibrary(state.root, event.path),
						index: event.index,
						total: event.total,
						sizeBytes: event.sizeBytes,
						startedAt: now,
						durationSeconds: undefined,
						positionSeconds: 0,
						chunks: 0,
						label: undefined,
					},
				],
			};
		case 'track-info':
			return {
				...state,
				active: upsertActive(state.active, event.path, track => ({
					...track,
					durationSeconds: event.durationSeconds,
					label: event.tags.artist && event.tags.title ? `${event.tags.artist} - ${event.tags.title}` : event.tags.title,
				})),
			};
		case 'chunk': {
			const view: ChunkView = {at: now, seconds: event.seconds, bytes: event.bytes, reason: event.reason, waitedMs: event.waitedMs, limitPercent: event.limitPercent};
			const history = state.chunks.history.length >= CHUNK_HISTORY ? state.chunks.history.slice(1) : state.chunks.history.slice();
			history.push(view);
			let {log, pendingLimits} = state;
			if (pendingLimits.length > 0) {
				log = addLog(state, now, 'info', `now in effect: chunk of ${seconds(event.seconds)} at ${event.limitPercent}% (${event.reason})`);
				pendingLimits = [];
			}
			return {
				...state,
				audioSeconds: state.audioSeconds + event.seconds,
				active: upsertActive(state.active, event.path, track => ({...track, positionSeconds: event.positionSeconds, chunks: track.chunks + 1})),
				chunks: {
					latest: {...view, path: event.path, index: event.index},
					history,
					count: state.chunks.count + 1,
					waits: state.chunks.waits + (event.waitedMs >= 1 ? 1 : 0),
					waitedMs: state.chunks.waitedMs + event.waitedMs,
				},
				pendingLimits,
				log,
			};
		}
		case 'memory': {
			const {sample} = event;
			const cutoff = sample.at - MEMORY_WINDOW_MS;
			let start = 0;
			const previous = state.memory.history;
			while (start < previous.length && previous[start]!.at < cutoff) start++;
			const history = previous.slice(start);
			history.push({at: sample.at, rssBytes: sample.rssBytes, budgetUsedPercent: sample.budgetUsedPercent});
			return {
				...state,
				memory: {latest: sample, history, peakRssBytes: Math.max(state.memory.peakRssBytes, sample.rssBytes)},
			};
		}
		case 'gc': {
			const {gc} = event;
			const totals = state.gc.byKind[gc.kind] ?? {count: 0, totalMs: 0, maxMs: 0};
			const latest = [{...gc, at: now}, ...state.gc.latest.slice(0, GC_LATEST - 1)];
			return {
				...state,
				gc: {
					...state.gc,
					byKind: {...state.gc.byKind, [gc.kind]: {count: totals.count + 1, totalMs: totals.totalMs + gc.durationMs, maxMs: Math.max(totals.maxMs, gc.durationMs)}},
					byThread: {...state.gc.byThread, [gc.thread]: state.gc.byThread[gc.thread] + 1},
					latest,
				},
			};
		}
		case 'gc-forced':
			return {
				...state,
				gc: {
					...state.gc,
					forcedByCommand: state.gc.forcedByCommand + (event.reason === 'command' ? 1 : 0),
					forcedByThreshold: state.gc.forcedByThreshold + (event.reason === 'threshold' ? 1 : 0),
				},
				log: addLog(
					state,
					now,
					event.reason === 'command' ? 'info' : 'warn',
					`forced GC (${event.reason === 'command' ? 'key g' : 'over the threshold'}) at ${event.budgetUsedPercent.toFixed(0)}% of budget`,
				),
			};
		case 'limits': {
			const budget = state.total ? budgetBytes(state.total, event.limits.memoryLimitPercent) : undefined;
			const pending = new Set([...state.pendingLimits, ...event.changed]);
			return {
				...state,
				limits: event.limits,
				workers: event.workers,
				pendingLimits: state.phase === 'finished' ? [] : [...pending],
				log: addLog(state, now, 'info', describeLimitChange(state.limits, event, budget, state.workers)),
			};
		}
		case 'limits-rejected':
			return {...state, log: addLog(state, now, 'warn', `rejected: ${event.errors.join('; ')}`)};
		case 'paused':
			return {...state, paused: true, pausedSince: now, log: addLog(state, now, 'info', 'paused: no new chunk until p')};
		case 'resumed':
			return {
				...state,
				paused: false,
				pausedSince: undefined,
				pausedMs: state.pausedMs + (state.pausedSince === undefined ? 0 : now - state.pausedSince),
				log: addLog(state, now, 'info', 'resumed'),
			};
		case 'track-skipped':
			return {
				...state,
				skippedNow: state.skippedNow + 1,
				active: withoutActive(state.active, event.path),
				log: addLog(state, now, 'info', `skipped ${pathInLibrary(state.root, event.path)} (left for a later run)`),
			};
		case 'track-done':
			return {...state, done: state.done + 1, active: withoutActive(state.active, event.path)};
		case 'track-failed':
			return {
				...state,
				failed: state.failed + 1,
				active: withoutActive(state.active, event.path),
				log: addLog(state, now, 'error', `failed ${pathInLibrary(state.root, event.path)}: ${event.message}`),
			};
		case 'log':
			return {...state, log: addLog(state, now, event.level, event.message)};
		case 'stopping':
			return {...state, phase: 'stopping', log: addLog(state, now, 'info', 'stopping: ffmpeg stopped, finished tracks kept')};
		case 'finished': {
			const {summary: s} = event;
			const pausedMs = state.pausedMs + (state.pausedSince === undefined ? 0 : now - state.pausedSince);
			return {
				...state,
				phase: 'finished',
				paused: false,
				pausedSince: undefined,
				pausedMs,
				finishedAt: now,
				active: [],
				pendingLimits: [],
				summary: s,
				log: addLog(state, now, 'info', summarySentence(s)),
			};
		}
	}
}

export type Derived = {
	/** Wall time since the start, pauses excluded. */
	activeSeconds: number;
	elapsedSeconds: number;
	/** Audio seconds per wall second. */
	realtime: number;
	/** Share of the queue done, 0–1 (tracks in work count by their position). */
	fraction: number;
	etaSeconds: number | undefined;
	chunksPerSecond: number;
	/** Tracks finished one way or another. */
	finished: number;
	toAnalyse: number;
};

/** Figures computed from the state at a moment: throughput, ETA, rates. */
export function derive(state: ViewState, now: number): Derived {
	const end = state.finishedAt ?? now;
	const elapsedMs = state.startedAt === undefined ? 0 : Math.max(0, end - state.startedAt);
	const pausedMs = state.pausedMs + (state.pausedSince === undefined ? 0 : Math.max(0, end - state.pausedSince));
	const activeSeconds = Math.max(0, elapsedMs - pausedMs) / 1000;
	const toAnalyse = state.queue?.toAnalyse ?? 0;
	const finished = state.done + Math.max(0, state.failed - (state.queue ? state.failedInScan : state.failed)) + state.skippedNow;
	let partial = 0;
	for (const track of state.active) {
		if (track.durationSeconds && track.durationSeconds > 0) partial += Math.min(1, track.positionSeconds / track.durationSeconds);
	}
	const fraction = toAnalyse > 0 ? Math.min(1, (finished + partial) / toAnalyse) : state.phase === 'finished' ? 1 : 0;
	const etaSeconds =
		state.phase === 'finished' ? 0 : fraction > 0.01 && activeSeconds > 0.5 ? (activeSeconds * (1 - fraction)) / fraction : undefined;
	const windowStart = now - CHUNK_RATE_WINDOW_MS;
	const recent = state.chunks.history.filter(chunk => chunk.at >= windowStart);
	const firstAt = recent[0]?.at;
	const span = firstAt === undefined ? 0 : Math.min(CHUNK_RATE_WINDOW_MS, Math.max(1000, now - Math.max(windowStart, state.startedAt ?? firstAt)));
	return {
		activeSeconds,
		elapsedSeconds: elapsedMs / 1000,
		realtime: activeSeconds > 0 ? state.audioSeconds / activeSeconds : 0,
		fraction,
		etaSeconds,
		chunksPerSecond: span > 0 ? (recent.length * 1000) / span : 0,
		finished,
		toAnalyse,
	};
}

export function gcKindsInOrder(state: ViewState): Array<[GcKind, GcTotals]> {
	const order: GcKind[] = ['minor', 'major', 'incremental', 'weakcb', 'unknown'];
	return order.filter(kind => state.gc.byKind[kind]).map(kind => [kind, state.gc.byKind[kind]!]);
}

export function gcEventText(gc: GcEvent): string {
	// Routine scavenges (one per chunk, to free pipe buffers) are the session's housekeeping, not an event.
	const mark = gc.routine ? ' per chunk' : gc.forced ? ' forced' : '';
	return `${gc.kind} ${milliseconds(gc.durationMs)}${mark}${gc.thread === 'worker' ? ' (worker)' : ''}`;
}
