import type {CueImage} from '../audio/cue-find.js';
import type {ScannedTrack} from '../audio/scan.js';
import type {TrackTags} from '../audio/ffmpeg-header.js';
import type {TrackAnalysis} from '../analysis/types.js';

/**
 * A scanned file, with the CUE sheet beside it when it is an album image. `storedParts`: the numbers of
 * the image's CUE tracks already stored from this image and sheet (a run stopped part-way), which a
 * run leaves in place and does not analyse again.
 */
export type ScannedImage = ScannedTrack & {cue?: CueImage; storedParts?: readonly number[]};

/**
 * Where a CUE track lies: its image, its sheet (the sidecar, or the image for an embedded one) and its
 * place on them. The store keeps it as JSON beside the track.
 */
export type CueRef = {
	image: string;
	sheet: string;
	embedded: boolean;
	sheetSize: number;
	sheetMtimeMs: number;
	number: number;
	/** Its position among the sheet's tracks, from 1 (MPD's `track0001`). */
	ordinal: number;
	title?: string;
	performer?: string;
	startSeconds: number;
	/** Undefined for the last track: it runs to the end of the image. */
	endSeconds?: number;
	/**
	 * How many tracks the sheet has: the image is whole in the store once that many are saved (each is
	 * saved as it is done). Absent in rows written when an image's tracks were saved all together.
	 */
	count?: number;
};

/** The identity of the sheet beside an image (path, size, time), as a failure records it; null without one. */
export function sheetIdentity(track: ScannedImage): string | null {
	const {cue} = track;
	return cue ? JSON.stringify([cue.sheet, cue.sheetSize, cue.sheetMtimeMs]) : null;
}

/** How a CUE track of an image is keyed in the store and in playlists' track lists: `album.flac#03`. */
export function cueKey(image: string, number: number): string {
	return `${image}#${String(number).padStart(2, '0')}`;
}

export type AnalysedTrack = ScannedTrack & {
	durationSeconds: number;
	tags: TrackTags;
	partial: boolean;
	analysis: TrackAnalysis | undefined;
	/** Present for a CUE track of an album image; its path is then cueKey(image, number). */
	cue?: CueRef;
};

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
