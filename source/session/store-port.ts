import type {ScannedTrack} from '../audio/scan.js';
import type {TrackTags} from '../audio/ffmpeg-header.js';
import type {TrackAnalysis} from '../analysis/types.js';

export type AnalysedTrack = ScannedTrack & {
	durationSeconds: number;
	tags: TrackTags;
	partial: boolean;
	analysis: TrackAnalysis | undefined;
};

export type PlanOptions = {
	/** Analyse again tracks that failed before, even unchanged. */
	retryFailed: boolean;
	/** Folders the scan could not read: what the store holds below them is kept, not forgotten. */
	unreadable?: readonly string[];
};

export type AnalysisPlan = {
	toAnalyse: ScannedTrack[];
	/** Unchanged tracks already in the store. */
	unchanged: number;
	/** Tracks that failed before and have not changed since (not retried unless asked). */
	failedBefore: number;
	/** Stored tracks under the root that the scan no longer found, now forgotten. */
	pruned?: number;
	/** Things the user should know about the plan (e.g. why nothing was forgotten). */
	warnings?: string[];
};

/** What the session needs from the library store; the SQLite store implements it. */
export interface LibraryStorePort {
	/** Decides which scanned tracks need analysis, and forgets tracks under `root` that are gone. */
	plan(root: string, tracks: ScannedTrack[], options: PlanOptions): AnalysisPlan;
	/** Commits one analysed track at once, so an interruption loses nothing already done. */
	saveTrack(track: AnalysedTrack): void;
	saveFailure(track: ScannedTrack, message: string): void;
}
