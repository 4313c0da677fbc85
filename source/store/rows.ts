/**
 * How a track and its analysis map to the store's rows and back. The analysis is kept as JSON, except
 * its features version and vector (columns of their own: planning reads only the version, the vector
 * is a float64 BLOB) and its tempo and key (copied out for `stats`).
 */
import type {TrackAnalysis} from '../analysis/types.js';
import type {TrackTags} from '../audio/ffmpeg-header.js';
import type {AnalysedTrack, CueRef} from '../library/track.js';
import {nativePath, pathFromNative} from '../util/raw-path.js';
import type {StoredFailure, StoredTrack} from './types.js';
import {decodeFloat32, decodeVector, encodeFloat32, encodeVector} from './vector.js';

/**
 * The features version of a track stored without an analysis (an analyser that describes nothing: the
 * engine alone). A store opened without `featuresVersion` treats those as current.
 */
export const UNVERSIONED_FEATURES = 0;

export type TrackRow = {
	/** Text, or the bytes of a name that is not UTF-8. */
	path: string | Buffer;
	size: number;
	mtime_ms: number;
	duration_seconds: number;
	partial: number;
	artist: string | null;
	album: string | null;
	album_artist: string | null;
	title: string | null;
	track_number: number | null;
	genre: string | null;
	features_version: number;
	analysis: string;
	vector: Buffer | null;
	timbre: Buffer | null;
	pattern: Buffer | null;
	cue: string | null;
};

export type FailureRow = {path: string | Buffer; size: number; mtime_ms: number; error: string; attempts: number; last_tried_ms: number};

/** The columns of a TrackRow, from `tracks t JOIN features f`. */
export const TRACK_COLUMNS = `t.path, t.size, t.mtime_ms, t.duration_seconds, t.partial, t.artist, t.album, t.album_artist, t.title,
	t.track_number, t.genre, t.features_version, f.analysis, f.vector, f.timbre, f.pattern, t.cue`;

function tagsOf(row: TrackRow): TrackTags {
	const tags: TrackTags = {};
	if (row.artist !== null) tags.artist = row.artist;
	if (row.album !== null) tags.album = row.album;
	if (row.album_artist !== null) tags.albumArtist = row.album_artist;
	if (row.title !== null) tags.title = row.title;
	if (row.track_number !== null) tags.trackNumber = row.track_number;
	if (row.genre !== null) tags.genre = row.genre;
	return tags;
}

/** The timbre Gaussian (20 means, then 210 covariances) and onset pattern, when the row has them. */
function descriptors(row: TrackRow): Pick<TrackAnalysis, 'timbre' | 'onsetPattern'> {
	const out: Pick<TrackAnalysis, 'timbre' | 'onsetPattern'> = {};
	const timbre = decodeFloat32(row.timbre);
	if (timbre && timbre.length > 2) {
		// d means and d(d+1)/2 covariances: d² + 3d − 2·length = 0.
		const d = Math.round((-3 + Math.sqrt(9 + 8 * timbre.length)) / 2);
		if (d + (d * (d + 1)) / 2 === timbre.length) out.timbre = {mean: timbre.slice(0, d), covariance: timbre.slice(d)};
	}
	const pattern = decodeFloat32(row.pattern);
	if (pattern) out.onsetPattern = pattern;
	return out;
}

/**
 * A stored analysis that parses but is not one the store wrote: a damaged or foreign row. A SyntaxError,
 * as JSON that does not parse is, so that readers take both for damage to the store.
 */
export class StoredAnalysisError extends SyntaxError {
	override name = 'StoredAnalysisError';
}

type StoredAnalysis = Omit<TrackAnalysis, 'featuresVersion' | 'vector' | 'timbre' | 'onsetPattern'>;

/** What each field of the analysis JSON holds. A number that is not finite is written as null. */
const FIELD_KINDS: Readonly<Record<keyof StoredAnalysis, 'number' | 'string' | 'array' | 'object'>> = {
	bpm: 'number',
	bpmConfidence: 'number',
	key: 'string',
	keyTonic: 'number',
	mode: 'string',
	keyConfidence: 'number',
	camelot: 'string',
	loudnessDb: 'number',
	summaries: 'object',
	chroma: 'array',
	keyMargin: 'number',
	tonal: 'object',
	onsetRate: 'number',
	silentShare: 'number',
	decoder: 'string',
	ffmpegError: 'string',
};

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * The analysis JSON of a row, checked: an object whose fields hold what the store writes in them. A field
 * may be missing (an older features version lacks some, which is why readers ask for the current version
 * unless they want every one); one that holds something else is an error that names the track and the
 * field, here rather than as a crash wherever the value is used.
 */
export function parseStoredAnalysis(text: string, trackPath: string): StoredAnalysis {
	const value: unknown = JSON.parse(text);
	if (kindOf(value) !== 'object') throw new StoredAnalysisError(`the analysis of ${trackPath} is ${kindOf(value)}, not an object`);
	const fields = value as Record<string, unknown>;
	for (const [field, kind] of Object.entries(FIELD_KINDS)) {
		const held = kindOf(fields[field]);
		if (held === 'undefined' || held === kind || (held === 'null' && kind === 'number')) continue;
		throw new StoredAnalysisError(
			`the analysis of ${trackPath} holds ${held} as its ${field}, not ${kind === 'number' || kind === 'string' ? 'a' : 'an'} ${kind}`,
		);
	}
	return fields as StoredAnalysis;
}

export function toStoredTrack(row: TrackRow): StoredTrack {
	const trackPath = pathFromNative(row.path);
	const rest = parseStoredAnalysis(row.analysis, trackPath);
	return {
		path: trackPath,
		sizeBytes: row.size,
		mtimeMs: row.mtime_ms,
		durationSeconds: row.duration_seconds,
		partial: row.partial === 1,
		tags: tagsOf(row),
		analysis: {...rest, featuresVersion: row.features_version, vector: decodeVector(row.vector), ...descriptors(row)},
		...(row.cue ? {cue: JSON.parse(row.cue) as CueRef} : {}),
	};
}

export function toStoredFailure(row: FailureRow): StoredFailure {
	return {path: pathFromNative(row.path), sizeBytes: row.size, mtimeMs: row.mtime_ms, error: row.error, attempts: row.attempts, lastTriedMs: row.last_tried_ms};
}

/** The values of the tracks row (less its analysis time) for an analysed track. */
export function trackValues(track: AnalysedTrack) {
	const {tags} = track;
	const text = (value: string | undefined) => (typeof value === 'string' && value !== '' ? value : null);
	return {
		path: nativePath(track.path),
		size: track.size,
		mtime: track.mtimeMs,
		duration: track.durationSeconds,
		partial: track.partial ? 1 : 0,
		artist: text(tags.artist),
		album: text(tags.album),
		albumArtist: text(tags.albumArtist),
		title: text(tags.title),
		trackNumber: Number.isInteger(tags.trackNumber) ? tags.trackNumber : null,
		genre: text(tags.genre),
		version: track.analysis?.featuresVersion ?? UNVERSIONED_FEATURES,
		cue: track.cue ? JSON.stringify(track.cue) : null,
		image: track.cue ? nativePath(track.cue.image) : null,
	};
}

/** The values of the features row: the analysis without its version, vector and descriptors, those as blobs, tempo and key. */
export function featureValues(analysis: TrackAnalysis | undefined) {
	if (!analysis) return {analysis: '{}', vector: null, bpm: null, key: null, timbre: null, pattern: null};
	const {featuresVersion, vector, timbre, onsetPattern, ...rest} = analysis;
	return {
		analysis: JSON.stringify(rest),
		vector: encodeVector(vector),
		timbre: timbre ? encodeFloat32([...timbre.mean, ...timbre.covariance]) : null,
		pattern: encodeFloat32(onsetPattern),
		bpm: Number.isFinite(analysis.bpm) ? analysis.bpm : null,
		key: analysis.key ?? null,
	};
}
