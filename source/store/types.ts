import type {TrackTags} from '../audio/ffmpeg-header.js';
import type {TrackAnalysis} from '../analysis/types.js';

/** An analysed track as the store gives it back, for playlists and stats. */
export type StoredTrack = {
	path: string;
	sizeBytes: number;
	mtimeMs: number;
	durationSeconds: number;
	partial: boolean;
	tags: TrackTags;
	analysis: TrackAnalysis;
};

export type StoredFailure = {
	path: string;
	sizeBytes: number;
	mtimeMs: number;
	error: string;
	attempts: number;
	lastTriedMs: number;
};
