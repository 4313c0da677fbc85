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

/**
 * What playlists, radio, paths and `similar` read of an analysis, and all that a slim track keeps
 * (playlists/slim-track.ts): no per-frame summaries but the spectral centroid, no chroma.
 */
export type SlimAnalysis = Pick<
	TrackAnalysis,
	'featuresVersion' | 'bpm' | 'bpmConfidence' | 'key' | 'keyTonic' | 'mode' | 'keyConfidence' | 'camelot' | 'loudnessDb' | 'vector' | 'silentShare'
> & {
	summaries?: Partial<Pick<TrackAnalysis['summaries'], 'centroid'>>;
	/** As float32 views in a slim track, as numbers in a whole one. */
	timbre?: {mean: ArrayLike<number>; covariance: ArrayLike<number>};
	onsetPattern?: ArrayLike<number>;
};

/** A stored track as playlists read it: a whole StoredTrack is one too. */
export type SlimTrack = Omit<StoredTrack, 'analysis'> & {analysis: SlimAnalysis};

export type StoredFailure = {
	path: string;
	sizeBytes: number;
	mtimeMs: number;
	error: string;
	attempts: number;
	lastTriedMs: number;
};
