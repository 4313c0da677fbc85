/** What the analysis session needs from the library store (the SQLite store implements it), and the plan it gets back. */
import type {AnalysedTrack, ScannedImage} from './track.js';

export type PlanOptions = {
	/** Analyse again tracks that failed before, even unchanged. */
	retryFailed: boolean;
	/** Folders the scan could not read: what the store holds below them is kept, not forgotten. */
	unreadable?: readonly string[];
};

export type AnalysisPlan = {
	toAnalyse: ScannedImage[];
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
	plan(root: string, tracks: ScannedImage[], options: PlanOptions): AnalysisPlan;
	/** Commits one analysed track at once, so an interruption loses nothing already done. */
	saveTrack(track: AnalysedTrack): void;
	/**
	 * Commits one CUE track of an album image the moment it is done. The first of a run (`replace`) takes
	 * the place of whatever the store held for the image (the whole file, or tracks of an older sheet),
	 * except its `storedParts`; the last (`complete`) clears the image's failure.
	 */
	saveImagePart(image: ScannedImage, part: AnalysedTrack, options: {replace: boolean; complete: boolean}): void;
	/**
	 * Records a failure, with the sheet beside the file (a changed sheet is tried again). What the store
	 * held for the file goes, except, with `keepParts`, the CUE tracks saved by this run before it failed.
	 */
	saveFailure(track: ScannedImage, message: string, options?: {keepParts?: boolean}): void;
}
