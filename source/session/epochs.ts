/**
 * Settings epochs: the stretch of a run under one set of limits. The start opens the first, every live
 * change of limits closes the one running and opens the next, and each keeps what its settings cost:
 * speed against realtime, memory against its budget, chunk lengths, forced GCs, backpressure waits.
 * Pure: the state is a value, folded from session events with the time each was seen at (any clock in
 * milliseconds, the same for every call).
 */
import type {Limits} from '../config/limits.js';
import {budgetBytes} from '../memory/budget.js';
import type {MemorySample} from '../memory/monitor.js';
import type {TotalMemory} from '../memory/total.js';
import type {SessionEvent} from './events.js';

/** What one epoch cost, as the `epoch` event, the summary and the views carry it. */
export type Epoch = {
	/** 1, 2, … in the order the settings were in force. */
	index: number;
	limits: Limits;
	workers: number;
	budgetBytes: number;
	/** When it began, in seconds after the run started. */
	startSeconds: number;
	/** How long it analysed: pauses, the scan before the first track and the stop excluded. */
	seconds: number;
	/** Audio handed to analysis in its chunks. */
	audioSeconds: number;
	/** Audio seconds per second: × realtime. */
	realtime: number;
	/** Memory pressure (pressureBytes) while it analysed: highest and median sample. */
	peakBytes: number;
	medianBytes: number;
	/** The same against its budget, in percent. */
	peakPercent: number;
	medianPercent: number;
	chunks: number;
	medianChunkSeconds: number;
	forcedGcs: number;
	/** Chunks whose reading waited (for the analyser or the budget), and the time they waited. */
	backpressureWaits: number;
	waitedMs: number;
};

/** The memory figure epochs are judged by: the working set, as the budget is (see memory/working-set). */
export function pressureBytes(sample: MemorySample): number {
	return sample.workingSetBytes;
}

/** Values counted in buckets (a sorted key list would do too; buckets keep long runs small). */
type Counts = ReadonlyMap<number, number>;

/** Memory is counted in whole MiB (rounded down: a median never above the peak), chunk lengths in hundredths of a second (what the scheduler picks). */
const MEMORY_BUCKET = 1024 * 1024;
const CHUNK_BUCKET = 0.01;

/** The epoch running now, as it accumulates. */
export type OpenEpoch = {
	index: number;
	limits: Limits;
	workers: number;
	budgetBytes: number;
	openedAt: number;
	/** Analysing time of earlier stretches (before a pause), and since when the clock runs now. */
	activeMs: number;
	runningSince: number | undefined;
	audioSeconds: number;
	chunks: number;
	chunkCounts: Counts;
	peakBytes: number;
	memoryCounts: Counts;
	forcedGcs: number;
	backpressureWaits: number;
	waitedMs: number;
};

export type EpochLog = {
	total: Pick<TotalMemory, 'totalBytes'> | undefined;
	startedAt: number | undefined;
	/** The clock runs only while tracks are analysed: after the scan, not paused, not stopping. */
	analysing: boolean;
	paused: boolean;
	/** Held for room beside the analysis (the playlists preview): not analysing either. */
	held: boolean;
	stopping: boolean;
	/** Epochs closed so far (an epoch in which no chunk was read measured nothing and is not counted). */
	closedCount: number;
	current: OpenEpoch | undefined;
};

export function emptyEpochLog(): EpochLog {
	return {total: undefined, startedAt: undefined, analysing: false, paused: false, held: false, stopping: false, closedCount: 0, current: undefined};
}

function running(log: EpochLog): boolean {
	return log.analysing && !log.paused && !log.held && !log.stopping;
}

function open(log: EpochLog, limits: Limits, workers: number, at: number): OpenEpoch {
	return {
		index: log.closedCount + 1,
		limits: {...limits},
		workers,
		budgetBytes: log.total ? budgetBytes(log.total, limits.memoryLimitPercent) : 0,
		openedAt: at,
		activeMs: 0,
		runningSince: running(log) ? at : undefined,
		audioSeconds: 0,
		chunks: 0,
		chunkCounts: new Map(),
		peakBytes: 0,
		memoryCounts: new Map(),
		forcedGcs: 0,
		backpressureWaits: 0,
		waitedMs: 0,
	};
}

function count(counts: Counts, key: number): Counts {
	const next = new Map(counts);
	next.set(key, (counts.get(key) ?? 0) + 1);
	return next;
}

/** The median of bucketed values (the lower middle for an even count), or 0 without any. */
export function medianOf(counts: Counts): number {
	let total = 0;
	for (const n of counts.values()) total += n;
	if (total === 0) return 0;
	const half = Math.ceil(total / 2);
	let seen = 0;
	for (const key of [...counts.keys()].sort((a, b) => a - b)) {
		seen += counts.get(key)!;
		if (seen >= half) return key;
	}
	return 0;
}

/** Stops or starts the epoch's clock when the log's running state changes. */
function withClock(epoch: OpenEpoch | undefined, wasRunning: boolean, nowRunning: boolean, at: number): OpenEpoch | undefined {
	if (!epoch || wasRunning === nowRunning) return epoch;
	if (nowRunning) return {...epoch, runningSince: at};
	return {...epoch, activeMs: epoch.activeMs + (epoch.runningSince === undefined ? 0 : at - epoch.runningSince), runningSince: undefined};
}

function activeMs(epoch: OpenEpoch, at: number): number {
	return epoch.activeMs + (epoch.runningSince === undefined ? 0 : Math.max(0, at - epoch.runningSince));
}

/** The figures of an epoch at `at`: of the running one while it runs, final once it is closed. */
export function epochFigures(log: Pick<EpochLog, 'startedAt'>, epoch: OpenEpoch, at: number): Epoch {
	const seconds = activeMs(epoch, at) / 1000;
	const medianBytes = medianOf(epoch.memoryCounts) * MEMORY_BUCKET;
	const percent = (bytes: number) => (epoch.budgetBytes > 0 ? round((bytes / epoch.budgetBytes) * 100, 1) : 0);
	return {
		index: epoch.index,
		limits: {...epoch.limits},
		workers: epoch.workers,
		budgetBytes: epoch.budgetBytes,
		startSeconds: round((epoch.openedAt - (log.startedAt ?? epoch.openedAt)) / 1000, 3),
		seconds: round(seconds, 3),
		audioSeconds: round(epoch.audioSeconds, 3),
		realtime: seconds > 0 ? round(epoch.audioSeconds / seconds, 1) : 0,
		peakBytes: epoch.peakBytes,
		medianBytes,
		peakPercent: percent(epoch.peakBytes),
		medianPercent: percent(medianBytes),
		chunks: epoch.chunks,
		medianChunkSeconds: round(medianOf(epoch.chunkCounts) * CHUNK_BUCKET, 2),
		forcedGcs: epoch.forcedGcs,
		backpressureWaits: epoch.backpressureWaits,
		waitedMs: Math.round(epoch.waitedMs),
	};
}

function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

/** Closes the running epoch: its final figures, unless it read no chunk (then it is dropped). */
export function closeEpoch(log: EpochLog, at: number): {log: EpochLog; closed: Epoch | undefined} {
	const {current} = log;
	if (!current) return {log, closed: undefined};
	const closed = current.chunks > 0 ? epochFigures(log, current, at) : undefined;
	return {log: {...log, current: undefined, closedCount: log.closedCount + (closed ? 1 : 0)}, closed};
}

/**
 * Folds one session event into the log. `started` opens the first epoch; `limits` closes the running
 * one (returned as `closed` when it measured anything) and opens the next; the end of the run is
 * closeEpoch's. Events that change nothing here return the same log.
 */
export function observeEpochs(log: EpochLog, event: SessionEvent, at: number): {log: EpochLog; closed?: Epoch} {
	const wasRunning = running(log);
	const state = (next: Partial<EpochLog>) => {
		const merged = {...log, ...next};
		return {log: {...merged, current: withClock(merged.current, wasRunning, running(merged), at)}};
	};
	const epoch = log.current;
	switch (event.type) {
		case 'started': {
			const base: EpochLog = {...emptyEpochLog(), total: event.total, startedAt: at};
			return {log: {...base, current: open(base, event.limits, event.workers, at)}};
		}
		case 'queue':
			return state({analysing: true});
		case 'paused':
			return state({paused: true});
		case 'resumed':
			return state({paused: false});
		case 'held':
			return state({held: true});
		case 'unheld':
			return state({held: false});
		case 'stopping':
			return state({stopping: true});
		case 'limits': {
			const {log: after, closed} = closeEpoch(log, at);
			return {log: {...after, current: open(after, event.limits, event.workers, at)}, ...(closed ? {closed} : {})};
		}
		case 'chunk': {
			if (!epoch) return {log};
			const waited = event.waitedMs >= 1;
			return {
				log: {
					...log,
					current: {
						...epoch,
						audioSeconds: epoch.audioSeconds + event.seconds,
						chunks: epoch.chunks + 1,
						chunkCounts: count(epoch.chunkCounts, Math.round(event.seconds / CHUNK_BUCKET)),
						backpressureWaits: epoch.backpressureWaits + (waited ? 1 : 0),
						waitedMs: epoch.waitedMs + event.waitedMs,
					},
				},
			};
		}
		case 'memory': {
			// Memory at rest (scanning, paused) says nothing about what the settings cost.
			if (!epoch || !running(log)) return {log};
			const bytes = pressureBytes(event.sample);
			return {
				log: {
					...log,
					current: {...epoch, peakBytes: Math.max(epoch.peakBytes, bytes), memoryCounts: count(epoch.memoryCounts, Math.floor(bytes / MEMORY_BUCKET))},
				},
			};
		}
		case 'gc-forced':
			if (!epoch) return {log};
			return {log: {...log, current: {...epoch, forcedGcs: epoch.forcedGcs + 1}}};
		default:
			return {log};
	}
}

/** Epochs too short to judge a setting by: less than this long, or fewer chunks. */
export const JUDGED_MIN_SECONDS = 2;
export const JUDGED_MIN_CHUNKS = 2;

/**
 * The epoch whose settings analysed fastest while memory stayed within its budget (peak at most 100 %),
 * among those long enough to judge; undefined when none did.
 */
export function bestEpoch(epochs: readonly Epoch[]): Epoch | undefined {
	let best: Epoch | undefined;
	for (const epoch of epochs) {
		if (epoch.seconds < JUDGED_MIN_SECONDS || epoch.chunks < JUDGED_MIN_CHUNKS) continue;
		if (epoch.budgetBytes <= 0 || epoch.peakBytes > epoch.budgetBytes) continue;
		if (!best || epoch.realtime > best.realtime) best = epoch;
	}
	return best;
}
