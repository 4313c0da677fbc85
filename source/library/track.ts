/** What describes a scanned and an analysed track, and where a CUE track lies: shared by the session, the store, playlists and the reporters. */
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
