/**
 * A big library store made from real analyses: every track of a store of the dev corpus (about 80 real
 * analyses) copied again and again with noise into one SQLite store of `count` tracks, as the benchmarks
 * of the commands that read a whole store need it (bench/similar-query.ts). The source store is only read.
 *
 * Each copy keeps its source's shape and moves within it: length ×e^(0.35·N), tempo ±4 %, one in five a
 * key of another track, the vector by 0.3 of each dimension's spread across the corpus, the timbre
 * Gaussian's mean likewise and its covariance scaled with a positive diagonal added (so it stays positive
 * definite), the onset pattern by 0.1 of its spread. One copy in fifty is followed by a twin in another
 * format (the same audio to within a lossy codec: length +0.3 s, the Gaussian moved by 1 %), so the
 * store holds recordings in several files as a real one does.
 *
 * Alone: `node --import=tsx bench/replicated-store.ts SOURCE.db [TRACKS]` prints the path of the store
 * (bench/tmp/replicated/, made once and kept; default 40,000 tracks).
 */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {FEATURES_VERSION} from '../source/analysis/vector.js';
import {createRng, type Rng} from '../source/playlists/random.js';
import {LibraryStore} from '../source/store/library-store.js';
import {writeSyntheticStore} from '../test/helpers/synthetic-store.js';
import type {StoredTrack} from '../source/store/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Per-position spread of a set of equally long arrays. */
function spread(rows: ReadonlyArray<ArrayLike<number>>): Float64Array {
	const d = rows[0]?.length ?? 0;
	const mean = new Float64Array(d);
	const squares = new Float64Array(d);
	for (const row of rows) for (let j = 0; j < d; j++) mean[j]! += row[j]! / rows.length;
	for (const row of rows) for (let j = 0; j < d; j++) squares[j]! += (row[j]! - mean[j]!) ** 2 / rows.length;
	return squares.map(Math.sqrt);
}

const STORED_MFCCS = 20;

/** The covariance (upper triangle) scaled by `scale`, each variance grown by `grow()` of itself. */
function movedCovariance(covariance: ArrayLike<number>, scale: number, grow: () => number): number[] {
	const out: number[] = [];
	let p = 0;
	for (let i = 0; i < STORED_MFCCS; i++) for (let j = i; j < STORED_MFCCS; j++, p++) out.push(covariance[p]! * scale * (i === j ? 1 + grow() : 1));
	return out;
}

type Spreads = {vector: Float64Array; mean: Float64Array; pattern: Float64Array};

/** One noisy copy of `source` at `file` (amount 1: a new track; 0.03: the same audio in another file). */
function copyOf(source: StoredTrack, file: string, rng: Rng, spreads: Spreads, amount: number, keys: readonly StoredTrack[]): StoredTrack {
	const a = source.analysis;
	const noise = (scale: number) => amount * scale * rng.normal();
	const length = amount >= 1 ? Math.min(1800, Math.max(20, source.durationSeconds * Math.exp(0.35 * rng.normal()))) : source.durationSeconds + 0.3;
	const keyFrom = amount >= 1 && rng.next() < 0.3 ? keys[rng.int(keys.length)]!.analysis : a;
	const bpm = a.bpm > 0 ? Math.round(a.bpm * (1 + noise(0.08)) * 100) / 100 : a.bpm;
	const analysis = {
		...a,
		featuresVersion: FEATURES_VERSION,
		bpm,
		key: keyFrom.key,
		keyTonic: keyFrom.keyTonic,
		mode: keyFrom.mode,
		camelot: keyFrom.camelot,
		vector: a.vector.map((value, j) => value + noise(0.3 * spreads.vector[j]!)),
	};
	if (a.timbre) {
		const scale = Math.exp(noise(0.3));
		analysis.timbre = {
			mean: Array.from(a.timbre.mean, (value, j) => value + noise(spreads.mean[j]!)),
			covariance: movedCovariance(a.timbre.covariance, scale, () => Math.abs(noise(0.05))),
		};
	}
	if (a.onsetPattern) analysis.onsetPattern = Array.from(a.onsetPattern, (value, j) => Math.max(0, value + noise(0.1 * spreads.pattern[j]!)));
	const bitrate = source.durationSeconds > 0 ? source.sizeBytes / source.durationSeconds : 16_000;
	return {...source, path: file, sizeBytes: Math.round(length * bitrate), durationSeconds: length, analysis};
}

/** The tracks of the replicated library, one at a time. */
export function* replicatedTracks(sources: readonly StoredTrack[], count: number, seed = 24): Generator<StoredTrack> {
	const rng = createRng(seed);
	const spreads: Spreads = {
		vector: spread(sources.map(track => track.analysis.vector)),
		mean: spread(sources.filter(track => track.analysis.timbre).map(track => track.analysis.timbre!.mean)),
		pattern: spread(sources.filter(track => track.analysis.onsetPattern).map(track => track.analysis.onsetPattern!)),
	};
	let made = 0;
	for (let copy = 0; made < count; copy++) {
		for (let s = 0; s < sources.length && made < count; s++) {
			const source = sources[s]!;
			const base = path.basename(source.path);
			const folder = `/music/${String(copy % 100).padStart(2, '0')}/copy-${copy}/${path.basename(path.dirname(source.path))}`;
			// The first round is the corpus itself, moved to the library's folders.
			const track =
				copy === 0
					? {...source, path: `${folder}/${base}`, analysis: {...source.analysis, featuresVersion: FEATURES_VERSION}}
					: copyOf(source, `${folder}/${base}`, rng, spreads, 1, sources);
			yield track;
			made++;
			if (made < count && rng.next() < 0.02) {
				const twin = copyOf(track, `${folder}/${path.parse(base).name} (copy).mp3`, rng, spreads, 0.03, sources);
				yield {...twin, sizeBytes: Math.round(twin.durationSeconds * 24_000)};
				made++;
			}
		}
	}
}

/** The replicated store of `count` tracks from the store at `sourceFile`, made once under bench/tmp/replicated/. */
export async function replicatedStore(sourceFile: string, count = 40_000): Promise<string> {
	const file = path.join(here, 'tmp', 'replicated', `library-${count}.db`);
	// Written last: a store without it was left half made.
	const complete = `${file}.complete`;
	if (fs.existsSync(complete)) return file;
	fs.mkdirSync(path.dirname(file), {recursive: true});
	for (const suffix of ['', '-wal', '-shm', '.lock']) fs.rmSync(file + suffix, {recursive: true, force: true});
	// A copy of the source: opening a store (even to read) may take its lock beside it.
	const copy = path.join(path.dirname(file), 'source.db');
	fs.copyFileSync(sourceFile, copy);
	const reader = await LibraryStore.open(copy, {mode: 'read', featuresVersion: FEATURES_VERSION});
	const sources = reader.allTracks().filter(track => !track.partial && track.analysis.vector.length > 0);
	reader.close();
	if (sources.length === 0) throw new Error(`${sourceFile} holds no analysed tracks of features version ${FEATURES_VERSION}`);
	await writeSyntheticStore(file, replicatedTracks(sources, count));
	fs.writeFileSync(complete, '');
	return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	const [source, count] = process.argv.slice(2);
	if (!source) throw new Error('usage: bench/replicated-store.ts SOURCE.db [TRACKS]');
	console.log(await replicatedStore(source, count ? Number(count) : undefined));
}
