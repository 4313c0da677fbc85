import type {SessionSummary} from './events.js';

/** What a run has counted so far; the summary adds the times and memory figures. */
export type RunCounters = Pick<
	SessionSummary,
	'tracks' | 'failed' | 'unchanged' | 'failedBefore' | 'pruned' | 'audioSeconds' | 'chunks' | 'backpressureWaits' | 'forcedGcs'
>;

export function emptyCounters(): RunCounters {
	return {tracks: 0, failed: 0, unchanged: 0, failedBefore: 0, pruned: 0, audioSeconds: 0, chunks: 0, backpressureWaits: 0, forcedGcs: 0};
}
