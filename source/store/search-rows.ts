/**
 * The stored tracks as a neighbour search reads them (`similar`): what the distance, the copies of one
 * recording (playlists/similarity/recordings.ts) and the naming of a track look at, and nothing else. The analysis
 * JSON is not parsed (its silent share is taken out of it by SQLite), the vector and the float32 blobs
 * are copied as bytes rather than value by value, and the descriptors go into shared float32 blocks as
 * the slim tracks' do (playlists/slim-track.ts), so the values are the very ones `tracks()` gives.
 *
 * The tracks are read in the store's order, by path; their features in the features table's own order
 * (one pass over its pages rather than a lookup per track), and joined by id.
 */
import {errorMessage} from '../util/error-message.js';
import type Database from 'better-sqlite3';
import type {TrackAnalysis} from '../analysis/types.js';
import type {CueRef} from '../library/track.js';
import {pathFromNative} from '../util/raw-path.js';
import {StoredAnalysisError, type TrackRow as StoredTrackRow} from './rows.js';
import type {StoredTrack} from './types.js';

/** The columns of the tracks table a search reads, with the row id its features are matched by. */
type TrackRow = Pick<StoredTrackRow, 'path' | 'size' | 'mtime_ms' | 'duration_seconds' | 'partial' | 'artist' | 'title' | 'features_version' | 'cue'> & {
	id: number;
};

/**
 * track_id, vector, bpm, key, timbre, pattern, and the JSON text of the analysis' silentShare as written
 * (SQLite's `->` keeps a number's text, so it parses to the very number JSON.parse gives); as an array,
 * which SQLite hands over faster than an object.
 */
type FeaturesRow = [number, Buffer | null, number | null, string | null, Buffer | null, Buffer | null, string | null];

const BLOCK_FLOATS = 1 << 20;

/** Float32 blocks that blobs are copied into, a view for each. */
class BlobArena {
	#block = new Float32Array(0);
	#bytes = new Uint8Array(0);
	#used = 0;

	take(blob: Buffer, floats: number): Float32Array {
		if (this.#used + floats > this.#block.length) {
			this.#block = new Float32Array(Math.max(BLOCK_FLOATS, floats));
			this.#bytes = new Uint8Array(this.#block.buffer);
			this.#used = 0;
		}
		this.#bytes.set(blob.length === floats * 4 ? blob : blob.subarray(0, floats * 4), this.#used * 4);
		const view = this.#block.subarray(this.#used, this.#used + floats);
		this.#used += floats;
		return view;
	}
}

/** Little-endian doubles of a blob as numbers (what decodeVector reads), through an aligned copy. */
function vectorOf(blob: Buffer | null, scratch: {bytes: Uint8Array; values: Float64Array}): number[] {
	if (!blob) return [];
	const count = Math.floor(blob.length / 8);
	if (scratch.values.length < count) {
		scratch.values = new Float64Array(count);
		scratch.bytes = new Uint8Array(scratch.values.buffer);
	}
	scratch.bytes.set(blob.length === count * 8 ? blob : blob.subarray(0, count * 8));
	const values = new Array<number>(count);
	for (let i = 0; i < count; i++) values[i] = scratch.values[i]!;
	return values;
}

/** The timbre Gaussian and onset pattern as rows.ts reads them, as float32 views. */
function descriptors(timbre: Buffer | null, pattern: Buffer | null, arena: BlobArena): Pick<TrackAnalysis, 'timbre' | 'onsetPattern'> {
	const out: Pick<TrackAnalysis, 'timbre' | 'onsetPattern'> = {};
	const length = timbre && timbre.length >= 4 ? Math.floor(timbre.length / 4) : 0;
	if (length > 2) {
		const d = Math.round((-3 + Math.sqrt(9 + 8 * length)) / 2);
		if (d + (d * (d + 1)) / 2 === length) {
			const values = arena.take(timbre!, length);
			out.timbre = {mean: values.subarray(0, d) as unknown as number[], covariance: values.subarray(d) as unknown as number[]};
		}
	}
	if (pattern && pattern.length >= 4) out.onsetPattern = arena.take(pattern, Math.floor(pattern.length / 4)) as unknown as number[];
	return out;
}

/**
 * The rows, with an analysis SQLite cannot read as JSON told as what `tracks()` tells it: a
 * StoredAnalysisError that names the track (SQLite's own error names none).
 */
function* readingAnalyses(db: Database.Database, rows: IterableIterator<FeaturesRow>): Generator<FeaturesRow> {
	try {
		yield* rows;
	} catch (error) {
		if (!/malformed JSON/i.test(errorMessage(error))) throw error;
		const damaged = db
			.prepare(`SELECT t.path FROM tracks t JOIN features f ON f.track_id = t.id WHERE NOT json_valid(f.analysis) ORDER BY t.path LIMIT 1`)
			.pluck()
			.get() as string | Buffer | undefined;
		throw new StoredAnalysisError(`the analysis of ${damaged === undefined ? 'a track' : pathFromNative(damaged)} is not JSON`);
	}
}

/** What a track in the search form is made of, as read from its rows or from the search snapshot. */
export type SearchFields = {
	path: string;
	sizeBytes: number;
	mtimeMs: number;
	durationSeconds: number;
	partial: boolean;
	artist: string | null;
	title: string | null;
	cue: CueRef | undefined;
	featuresVersion: number;
	/** The column's value: null where the analysis kept a tempo that is not finite. */
	bpm: number | null;
	key: string | undefined;
	vector: number[];
	descriptors: Pick<TrackAnalysis, 'timbre' | 'onsetPattern'>;
	/** Absent from the analysis (undefined), null, or a number. */
	silentShare: number | null | undefined;
};

/** A track in the search form: the one shape both the rows and the search snapshot give (a SlimTrack, no summaries). */
export function searchTrack(fields: SearchFields): StoredTrack {
	// Properties set one by one, in the order spreads would give them: one shape for every track, no copies.
	const analysis = {featuresVersion: fields.featuresVersion, bpm: fields.bpm as number, key: fields.key, vector: fields.vector} as unknown as TrackAnalysis;
	const {timbre, onsetPattern} = fields.descriptors;
	if (timbre) analysis.timbre = timbre;
	if (onsetPattern) analysis.onsetPattern = onsetPattern;
	if (fields.silentShare !== undefined) analysis.silentShare = fields.silentShare as number;
	const tags: StoredTrack['tags'] = {};
	if (fields.artist !== null) tags.artist = fields.artist;
	if (fields.title !== null) tags.title = fields.title;
	const track: StoredTrack = {
		path: fields.path,
		sizeBytes: fields.sizeBytes,
		mtimeMs: fields.mtimeMs,
		durationSeconds: fields.durationSeconds,
		partial: fields.partial,
		tags,
		analysis,
	};
	if (fields.cue) track.cue = fields.cue;
	return track;
}

/**
 * The tracks of features version `version` (under the range `filter` selects), by path, in the search
 * form: path, size, length, partial, CUE reference, artist and title; tempo, key, silent share, vector,
 * timbre Gaussian and onset pattern. Tracks without a features row are left out, as `tracks()` does.
 */
export function readSearchTracks(db: Database.Database, version: number, filter: {sql: string; params: Array<string | Buffer>}): StoredTrack[] {
	const tracks = db
		.prepare(
			`SELECT t.id, t.path, t.size, t.mtime_ms, t.duration_seconds, t.partial, t.artist, t.title, t.features_version, t.cue
			FROM tracks t WHERE t.features_version = ?${filter.sql} ORDER BY t.path`,
		)
		.all(version, ...filter.params) as TrackRow[];
	const place = new Map<number, number>();
	for (let i = 0; i < tracks.length; i++) place.set(tracks[i]!.id, i);
	const found: Array<StoredTrack | undefined> = new Array(tracks.length);
	const arena = new BlobArena();
	const scratch = {bytes: new Uint8Array(0), values: new Float64Array(0)};
	const features = db.prepare(`SELECT track_id, vector, bpm, key, timbre, pattern, analysis -> '$.silentShare' FROM features`).raw();
	for (const [id, vector, bpm, key, timbre, pattern, silentText] of readingAnalyses(db, features.iterate() as IterableIterator<FeaturesRow>)) {
		const i = place.get(id);
		if (i === undefined) continue;
		const track = tracks[i]!;
		const silent: unknown = silentText === null ? undefined : JSON.parse(silentText);
		if (silent !== undefined && silent !== null && typeof silent !== 'number')
			throw new StoredAnalysisError(`the analysis of ${pathFromNative(track.path)} holds ${typeof silent} as its silentShare, not a number`);
		found[i] = searchTrack({
			path: pathFromNative(track.path),
			sizeBytes: track.size,
			mtimeMs: track.mtime_ms,
			durationSeconds: track.duration_seconds,
			partial: track.partial === 1,
			artist: track.artist,
			title: track.title,
			cue: track.cue ? (JSON.parse(track.cue) as CueRef) : undefined,
			featuresVersion: track.features_version,
			// The JSON keeps a tempo that is not finite as null, and so does the column.
			bpm,
			key: key ?? undefined,
			vector: vectorOf(vector, scratch),
			descriptors: descriptors(timbre, pattern, arena),
			silentShare: silent,
		});
	}
	return found.filter(track => track !== undefined);
}
