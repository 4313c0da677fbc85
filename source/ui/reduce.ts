import type {Limits} from '../config/limits.js';
import {budgetBytes} from '../memory/budget.js';
import {summarySentence} from '../report/summary.js';
import {observeEpochs} from '../session/epochs.js';
import type {EventOf} from '../session/events.js';
import {pathInLibrary} from '../util/paths.js';
import {formatBytes, formatSpeed} from '../util/units.js';
import {plural, seconds} from './format.js';
import {LIMIT_LABELS, limitValueText} from './labels.js';
import {
	CHUNK_HISTORY,
	GC_LATEST,
	LOG_LIMIT,
	MEMORY_WINDOW_MS,
	type ActiveTrackView,
	type ChunkView,
	type LogLevel,
	type LogLine,
	type ViewInput,
	type ViewState,
} from './state.js';

function addLog(state: ViewState, at: number, level: LogLevel, text: string): LogLine[] {
	const last = state.log.at(-1);
	// The same line again: one line with its count ("… (×34)"), at the time of the latest.
	if (last && last.level === level && last.text === text) return [...state.log.slice(0, -1), {...last, at, count: (last.count ?? 1) + 1}];
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
 * one alone, or returns the old one itself when the event changes nothing shown (news of a track no
 * longer in work), so that nothing is drawn again; `now` is the wall-clock time of the event (ms since
 * the epoch).
 */
export function reduce(state: ViewState, event: ViewInput, now: number): ViewState {
	let next = reduceEvent(state, event, now);
	if (event.type !== 'ui-log') {
		// The running epoch, from the same events; the session's own report replaces it when it ends.
		const {log} = observeEpochs(state.epochs.log, event, now);
		if (log !== state.epochs.log) next = {...next, epochs: {...next.epochs, log}};
	}
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
				// Said again when an image's own sheet adds its tracks: the counts follow, the log does not repeat.
				log: state.queue ? state.log : addLog(state, now, 'info', text),
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
			if (!state.active.some(track => track.path === event.path)) return state;
			return {
				...state,
				active: upsertActive(state.active, event.path, track => ({
					...track,
					durationSeconds: event.durationSeconds,
					label: event.tags.artist && event.tags.title ? `${event.tags.artist} - ${event.tags.title}` : event.tags.title,
				})),
			};
		case 'chunk': {
			const view: ChunkView = {
				at: now,
				seconds: event.seconds,
				bytes: event.bytes,
				reason: event.reason,
				waitedMs: event.waitedMs,
				limitPercent: event.limitPercent,
				epoch: state.epochs.log.current?.index ?? state.epochs.closed.length + 1,
			};
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
			history.push({at: sample.at, workingSetBytes: sample.workingSetBytes, rssBytes: sample.rssBytes, budgetUsedPercent: sample.budgetUsedPercent});
			return {
				...state,
				memory: {latest: sample, history},
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
					byKind: {
						...state.gc.byKind,
						[gc.kind]: {count: totals.count + 1, totalMs: totals.totalMs + gc.durationMs, maxMs: Math.max(totals.maxMs, gc.durationMs)},
					},
					byThread: {...state.gc.byThread, [gc.thread]: state.gc.byThread[gc.thread] + 1},
					latest,
				},
			};
		}
		case 'gc-forced': {
			const freed = `heap ${formatBytes(event.heapBeforeBytes)} → ${formatBytes(event.heapAfterBytes)}`;
			return {
				...state,
				gc: {
					...state.gc,
					forcedByCommand: state.gc.forcedByCommand + (event.reason === 'command' ? 1 : 0),
					forcedByThreshold: state.gc.forcedByThreshold + (event.reason === 'threshold' ? 1 : 0),
					lastForced: {at: now, heapBeforeBytes: event.heapBeforeBytes, heapAfterBytes: event.heapAfterBytes},
				},
				log: addLog(
					state,
					now,
					event.reason === 'command' ? 'info' : 'warn',
					`forced GC (${event.reason === 'command' ? 'key g' : 'over the threshold'}) at ${event.budgetUsedPercent.toFixed(0)}% of budget: ${freed}`,
				),
			};
		}
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
		case 'epoch': {
			const {epoch} = event;
			return {
				...state,
				epochs: {...state.epochs, closed: [...state.epochs.closed, epoch]},
				log: addLog(
					state,
					now,
					'info',
					`epoch ${epoch.index} ended: ${formatSpeed(epoch.realtime)} realtime, peak ${Math.round(epoch.peakPercent)}% of its budget (t: table)`,
				),
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
		case 'held':
		case 'unheld':
			// Said in the log by the session; the epoch's clock (observeEpochs) stops meanwhile.
			return state;
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
