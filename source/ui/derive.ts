import {CHUNK_RATE_WINDOW_MS, type ViewState} from './state.js';

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
	const etaSeconds = state.phase === 'finished' ? 0 : fraction > 0.01 && activeSeconds > 0.5 ? (activeSeconds * (1 - fraction)) / fraction : undefined;
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
