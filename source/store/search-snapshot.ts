/**
 * The search rows of every track (search-rows.ts) as one value the store keeps beside them (derived.ts):
 * what a neighbour search reads of 40,000 tracks in some 60 MiB read in one pass, where the rows take a
 * pass over the whole features table with a blob copied and the analysis' JSON searched per track.
 *
 * Laid out by column: a JSON header with the texts (paths, artists, titles, keys, CUE references), then
 * the numbers as float64 columns, the flags, the lengths of each track's vector, Gaussian and pattern,
 * and their values one after the other (the vectors as float64, the Gaussians and patterns as float32,
 * as the store keeps them). Decoding gives the very values the rows give (test/store/search-snapshot),
 * as views into the one block: the vectors as float64 views (read as arrays are: no array of numbers per
 * track for the garbage collector to copy), the Gaussians and patterns as float32 ones.
 */
import type Database from 'better-sqlite3';
import type {CueRef} from '../library/track.js';
import {readDerived, tracksGeneration, writeDerived} from './derived.js';
import {readSearchTracks, searchTrack, type SearchFields} from './search-rows.js';
import {insideRoot} from './statements.js';
import type {StoredTrack} from './types.js';

/** Bump when the layout changes: a store keeps the snapshot under a name that holds it. */
export const SNAPSHOT_LAYOUT = 1;

type Header = {
	paths: string[];
	artists: Array<string | null>;
	titles: Array<string | null>;
	keys: Array<string | null>;
	cues: Array<string | null>;
};

const PARTIAL = 1;
const BPM_NULL = 2;
const SILENT_NULL = 4;
const SILENT_NUMBER = 8;
const NUMBER_COLUMNS = 5; // size, mtime, duration, bpm, silent share
const LENGTH_COLUMNS = 3; // vector, Gaussian (-1: none), pattern (-1: none)

const align = (at: number, to: number) => Math.ceil(at / to) * to;

/** The tracks (in the search form, as readSearchTracks gives them, all of one features version) as one value. */
export function encodeSnapshot(tracks: readonly StoredTrack[], featuresVersion: number): Uint8Array {
	const n = tracks.length;
	const header: Header = {paths: [], artists: [], titles: [], keys: [], cues: []};
	const numbers = new Float64Array(NUMBER_COLUMNS * n);
	const flags = new Uint8Array(n);
	const lengths = new Int32Array(LENGTH_COLUMNS * n);
	let vectorValues = 0;
	let floatValues = 0;
	tracks.forEach((track, i) => {
		const a = track.analysis;
		if (a.featuresVersion !== featuresVersion) throw new Error(`${track.path}: features version ${a.featuresVersion}, not ${featuresVersion}`);
		header.paths.push(track.path);
		header.artists.push(track.tags.artist ?? null);
		header.titles.push(track.tags.title ?? null);
		header.keys.push(a.key ?? null);
		header.cues.push(track.cue ? JSON.stringify(track.cue) : null);
		const at = NUMBER_COLUMNS * i;
		numbers[at] = track.sizeBytes;
		numbers[at + 1] = track.mtimeMs;
		numbers[at + 2] = track.durationSeconds;
		numbers[at + 3] = a.bpm ?? 0;
		numbers[at + 4] = a.silentShare ?? 0;
		flags[i] =
			(track.partial ? PARTIAL : 0) |
			((a.bpm as number | null) === null ? BPM_NULL : 0) |
			(a.silentShare === null ? SILENT_NULL : typeof a.silentShare === 'number' ? SILENT_NUMBER : 0);
		const gaussian = a.timbre ? a.timbre.mean.length + a.timbre.covariance.length : -1;
		lengths[LENGTH_COLUMNS * i] = a.vector.length;
		lengths[LENGTH_COLUMNS * i + 1] = gaussian;
		lengths[LENGTH_COLUMNS * i + 2] = a.onsetPattern ? a.onsetPattern.length : -1;
		vectorValues += a.vector.length;
		floatValues += Math.max(0, gaussian) + (a.onsetPattern?.length ?? 0);
	});
	const text = Buffer.from(JSON.stringify(header));
	const numbersAt = align(12 + text.length, 8);
	const flagsAt = numbersAt + numbers.byteLength;
	const lengthsAt = align(flagsAt + n, 8);
	const vectorsAt = align(lengthsAt + lengths.byteLength, 8);
	const floatsAt = vectorsAt + 8 * vectorValues;
	const bytes = new Uint8Array(floatsAt + 4 * floatValues);
	const view = new DataView(bytes.buffer);
	view.setUint32(0, SNAPSHOT_LAYOUT, true);
	view.setUint32(4, n, true);
	view.setUint32(8, text.length, true);
	bytes.set(text, 12);
	bytes.set(new Uint8Array(numbers.buffer), numbersAt);
	bytes.set(flags, flagsAt);
	bytes.set(new Uint8Array(lengths.buffer), lengthsAt);
	const vectors = new Float64Array(bytes.buffer, vectorsAt, vectorValues);
	const floats = new Float32Array(bytes.buffer, floatsAt, floatValues);
	let v = 0;
	let f = 0;
	for (const {analysis: a} of tracks) {
		vectors.set(a.vector, v);
		v += a.vector.length;
		for (const values of a.timbre ? [a.timbre.mean, a.timbre.covariance] : []) {
			floats.set(values, f);
			f += values.length;
		}
		if (a.onsetPattern) {
			floats.set(a.onsetPattern, f);
			f += a.onsetPattern.length;
		}
	}
	return bytes;
}

/**
 * The tracks of a snapshot, those whose path `keep` accepts (all without it), in their order. Undefined
 * when the bytes are not a snapshot of this layout.
 */
export function decodeSnapshot(bytes: Uint8Array, featuresVersion: number, keep?: (path: string) => boolean): StoredTrack[] | undefined {
	try {
		return decode(bytes, featuresVersion, keep);
	} catch (error) {
		// Lengths that do not fit the bytes, or a header that is not JSON: not a snapshot this build can read.
		if (error instanceof RangeError || error instanceof SyntaxError) return undefined;
		throw error;
	}
}

function decode(bytes: Uint8Array, featuresVersion: number, keep?: (path: string) => boolean): StoredTrack[] | undefined {
	if (bytes.length < 12) return undefined;
	// The typed views below need their offsets aligned: a copy where the bytes given are not.
	if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
	if (view.getUint32(0, true) !== SNAPSHOT_LAYOUT) return undefined;
	const n = view.getUint32(4, true);
	const textLength = view.getUint32(8, true);
	const header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 12, textLength).toString()) as Header;
	const numbersAt = align(12 + textLength, 8);
	const flagsAt = numbersAt + 8 * NUMBER_COLUMNS * n;
	const lengthsAt = align(flagsAt + n, 8);
	const vectorsAt = align(lengthsAt + 4 * LENGTH_COLUMNS * n, 8);
	const numbers = new Float64Array(bytes.buffer, bytes.byteOffset + numbersAt, NUMBER_COLUMNS * n);
	const flags = bytes.subarray(flagsAt, flagsAt + n);
	const lengths = new Int32Array(bytes.buffer, bytes.byteOffset + lengthsAt, LENGTH_COLUMNS * n);
	let vectorValues = 0;
	for (let i = 0; i < n; i++) vectorValues += lengths[LENGTH_COLUMNS * i]!;
	const vectors = new Float64Array(bytes.buffer, bytes.byteOffset + vectorsAt, vectorValues);
	const floatsAt = vectorsAt + 8 * vectorValues;
	const floats = new Float32Array(bytes.buffer, bytes.byteOffset + floatsAt, (bytes.length - floatsAt) / 4);
	const tracks: StoredTrack[] = [];
	let v = 0;
	let f = 0;
	for (let i = 0; i < n; i++) {
		const [vectorLength, gaussian, pattern] = [lengths[3 * i]!, lengths[3 * i + 1]!, lengths[3 * i + 2]!];
		const path = header.paths[i]!;
		if (keep && !keep(path)) {
			v += vectorLength;
			f += Math.max(0, gaussian) + Math.max(0, pattern);
			continue;
		}
		const vector = vectors.subarray(v, v + vectorLength) as unknown as number[];
		v += vectorLength;
		const descriptors: SearchFields['descriptors'] = {};
		if (gaussian >= 0) {
			const d = Math.round((-3 + Math.sqrt(9 + 8 * gaussian)) / 2);
			descriptors.timbre = {mean: floats.subarray(f, f + d) as unknown as number[], covariance: floats.subarray(f + d, f + gaussian) as unknown as number[]};
			f += gaussian;
		}
		if (pattern >= 0) {
			descriptors.onsetPattern = floats.subarray(f, f + pattern) as unknown as number[];
			f += pattern;
		}
		const at = NUMBER_COLUMNS * i;
		const flag = flags[i]!;
		const cue = header.cues[i];
		tracks.push(
			searchTrack({
				path,
				sizeBytes: numbers[at]!,
				mtimeMs: numbers[at + 1]!,
				durationSeconds: numbers[at + 2]!,
				partial: (flag & PARTIAL) !== 0,
				artist: header.artists[i] ?? null,
				title: header.titles[i] ?? null,
				cue: cue ? (JSON.parse(cue) as CueRef) : undefined,
				featuresVersion,
				bpm: flag & BPM_NULL ? null : numbers[at + 3]!,
				key: header.keys[i] ?? undefined,
				vector,
				descriptors,
				silentShare: flag & SILENT_NULL ? null : flag & SILENT_NUMBER ? numbers[at + 4]! : undefined,
			}),
		);
	}
	return v === vectors.length && f === floats.length ? tracks : undefined;
}

/** The name the store keeps the snapshot of the tracks of `featuresVersion` under (derived.ts). */
export function snapshotName(featuresVersion: number): string {
	return `search:${SNAPSHOT_LAYOUT}:${featuresVersion}`;
}

/**
 * The search rows of the tracks under `root` (all without it), and the generation of the tracks they are:
 * from the snapshot the store keeps when it is the tracks' current one; else from the rows, and the
 * snapshot of every track handed to `keepSnapshot`, which writes it for the next reader (when it can).
 */
export function readSearchLibrary(
	db: Database.Database,
	featuresVersion: number,
	root: string | undefined,
	keepSnapshot: (write: () => void) => void,
): {tracks: StoredTrack[]; generation: number} {
	const name = snapshotName(featuresVersion);
	const keep = root === undefined ? undefined : insideRoot(root);
	// One read transaction each: the generation and what is read with it are of one state of the store.
	const kept = db.transaction(() => {
		const generation = tracksGeneration(db);
		const bytes = readDerived(db, name, generation);
		return {generation, tracks: bytes && decodeSnapshot(bytes, featuresVersion, keep)};
	})();
	if (kept.tracks) return {tracks: kept.tracks, generation: kept.generation};
	const {generation, tracks} = db.transaction(() => ({
		generation: tracksGeneration(db),
		tracks: readSearchTracks(db, featuresVersion, {sql: '', params: []}),
	}))();
	const snapshot = encodeSnapshot(tracks, featuresVersion);
	keepSnapshot(() => writeDerived(db, name, 'search:', generation, snapshot));
	return {tracks: keep ? tracks.filter(track => keep(track.path)) : tracks, generation};
}
