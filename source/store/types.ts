import type {TrackTags} from '../audio/ffmpeg-header.js';
import type {TrackAnalysis} from '../analysis/types.js';
import type {CueRef} from '../library/track.js';

/** An analysed track as the store gives it back, for playlists and stats. */
export type StoredTrack = {
	/** The file, or for a CUE track of an album image its key `album.flac#03` (the image is in `cue`). */
	path: string;
	sizeBytes: number;
	mtimeMs: number;
	durationSeconds: number;
	partial: boolean;
	tags: TrackTags;
	analysis: TrackAnalysis;
	cue?: CueRef;
};

export type StoredFailure = {
	path: string;
	sizeBytes: number;
	mtimeMs: number;
	error: string;
	attempts: number;
	lastTriedMs: number;
};
