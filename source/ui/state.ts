import type {Limits} from '../config/limits.js';
import type {GcEvent, GcKind} from '../memory/gc.js';
import type {MemorySample} from '../memory/monitor.js';
import type {TotalMemory} from '../memory/total.js';
import type {ChunkReason} from '../session/memory/chunk-plan.js';
import {emptyEpochLog, type Epoch, type EpochLog} from '../session/epochs.js';
import type {SessionEvent, SessionSummary} from '../session/events.js';

/**
 * What the live view shows, as data: the session's events folded into one state (reduce.ts), from
 * which the panels draw and derive.ts computes rates and the ETA.
 */

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
/** A log line; `count` when the same line came again and again (shown once, "… (×34)"). */
export type LogLine = {at: number; level: LogLevel; text: string; count?: number};

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

export type ChunkView = {
	at: number;
	seconds: number;
	bytes: number;
	reason: ChunkReason;
	waitedMs: number;
	limitPercent: number;
	/** The settings epoch it was read in. */
	epoch: number;
};

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
	memory: {
		latest: MemorySample | undefined;
		history: Array<{at: number; workingSetBytes: number; rssBytes: number; budgetUsedPercent: number}>;
	};
	chunks: {latest: (ChunkView & {path: string; index: number}) | undefined; history: ChunkView[]; count: number; waits: number; waitedMs: number};
	gc: {
		byKind: Partial<Record<GcKind, GcTotals>>;
		byThread: {main: number; worker: number};
		latest: Array<GcEvent & {at: number}>;
		/** Collections forced by the session (a command or the threshold). */
		forcedByCommand: number;
		forcedByThreshold: number;
		/** What the latest forced GC freed on the main thread's heap. */
		lastForced?: {at: number; heapBeforeBytes: number; heapAfterBytes: number};
	};
	log: LogLine[];
	/**
	 * Settings epochs: those the session reported as ended, and the running one, folded here from the
	 * same events (its clock is this view's).
	 */
	epochs: {closed: Epoch[]; log: EpochLog};
	summary: SessionSummary | undefined;
	/** Bumped on every change, so a view can tell whether there is anything new to draw. */
	version: number;
};

/** Things the UI itself reports in the log (results of keys that the session does not handle). */
export type UiEvent = {type: 'ui-log'; level: LogLevel; text: string};

export type ViewInput = SessionEvent | UiEvent;

/** The state before the session's first event; `root` when the library is known already (the header shows it). */
export function initialState(root = ''): ViewState {
	return {
		phase: 'starting',
		paused: false,
		root,
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
		memory: {latest: undefined, history: []},
		chunks: {latest: undefined, history: [], count: 0, waits: 0, waitedMs: 0},
		gc: {byKind: {}, byThread: {main: 0, worker: 0}, latest: [], forcedByCommand: 0, forcedByThreshold: 0},
		log: [],
		epochs: {closed: [], log: emptyEpochLog()},
		summary: undefined,
		version: 0,
	};
}
