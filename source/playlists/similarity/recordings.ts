/**
 * One recording, one entry. The same audio in several files (a FLAC archive beside an MP3 copy, a mono
 * downmix, another sample rate, a few seconds of silence more or less) is recognised from the analysis
 * alone, tags not needed: two files are one recording when their audible lengths (digital silence left
 * out) differ by at most a second or so and their timbre Gaussians (MFCC 1–19 over the non-silent frames,
 * timbre.ts) are nearly the same.
 *
 * Measured on the dev corpus with 6 of its tracks copied into FLAC, MP3, Ogg, Opus, AAC, WAV, a mono WAV
 * and a FLAC with 2 s of silence before it (bench/duplicates.ts): every copy lies within 0.33 of another
 * copy of its recording by the symmetrised Kullback–Leibler divergence, different tracks of matching
 * length at least 4.3 apart (a "live" version: echo and a band cut; two tracks of one album 4.6); an
 * extended version, an edit and a remix differ in length. Generated test pieces, whose timbre hardly
 * varies, spread their lossy copies wider (up to 2.0) and their different pieces too (11 and more): the
 * threshold, 3, sits between both. The copies also agree on key and tempo, which different tracks
 * of one timbre and length seldom do: both must agree too.
 *
 * Pairs are found without comparing all of them: tracks of one key (see recordingSets), each compared only
 * with those within the length tolerance, a cheap vector distance first.
 */
import path from 'node:path';
import type {SlimTrack} from '../../store/types.js';
import {zScores} from './distance.js';
import {timbreDivergence, timbreModels} from './timbre.js';

/**
 * Audible lengths of one recording (digital silence left out: silence before or after, an encoder's
 * padding) differ by at most 1 s and 1 % of the longer, and never by more than this.
 */
export const MAX_LENGTH_GAP_SECONDS = 5;
/**
 * Which rule recordingSets follows: a store keeps the sets it found under this number (commands/store-tracks.ts),
 * so any change to what the sets come out as (here, in timbre.ts or in the z-scores) must bump it.
 */
export const RECORDING_RULE = 1;
/** Timbre divergence at most this for one recording (see above: copies ≤ 0.33, different tracks ≥ 4.3 on the dev corpus). */
export const MAX_TIMBRE_DIVERGENCE = 3;
/** Tempi of one recording agree within this ratio (when both are known). */
const MAX_TEMPO_RATIO = 1.03;
/** z-scored vector distance beyond which two tracks are not compared further (copies ≤ 3 on the dev corpus). */
const VECTOR_PREFILTER = 8;

/** File types that keep the audio whole. */
const LOSSLESS = new Set(['.flac', '.wav', '.aif', '.aiff', '.ape', '.wv', '.tta', '.w64', '.alac']);

/** Several files of one recording: the copy kept in playlists, and the others. */
export type RecordingSet = {best: SlimTrack; copies: SlimTrack[]};

/** The file that holds a track's audio: the image for a CUE track. */
function audioFile(track: SlimTrack): string {
	return track.cue?.image ?? track.path;
}

export function isLossless(track: SlimTrack): boolean {
	return LOSSLESS.has(path.extname(audioFile(track)).toLowerCase());
}

/** The track's length without its digital silence (the analysis gates frames below −80 dBFS). */
function audibleSeconds(track: SlimTrack): number {
	return track.durationSeconds * (1 - Math.min(1, Math.max(0, track.analysis.silentShare ?? 0)));
}

/** Whether two audible lengths can be one recording's (see MAX_LENGTH_GAP_SECONDS). */
export function lengthsMatch(a: number, b: number): boolean {
	return Math.abs(a - b) <= Math.min(MAX_LENGTH_GAP_SECONDS, 1 + 0.01 * Math.max(a, b));
}

/** Bits per second of the file (its size over its length): the lower, the more a lossy codec took away. */
function bitrate(track: SlimTrack): number {
	return track.durationSeconds > 0 ? (track.sizeBytes * 8) / track.durationSeconds : 0;
}

/**
 * Which copy of a recording to keep, best first: lossless over lossy, then the higher bitrate (which also
 * puts a stereo file over its mono downmix in one format), then the shorter path, then the path's order.
 */
export function compareCopies(a: SlimTrack, b: SlimTrack): number {
	return (
		Number(isLossless(b)) - Number(isLossless(a)) ||
		bitrate(b) - bitrate(a) ||
		a.path.length - b.path.length ||
		(a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
	);
}

function find(parent: Int32Array, i: number): number {
	while (parent[i] !== i) {
		parent[i] = parent[parent[i]!]!;
		i = parent[i]!;
	}
	return i;
}

/**
 * The sets of tracks that are one recording (each of two tracks or more), best copy first, in path order of
 * the best copies. The tracks go into one bucket per key (a track without a key into every bucket), so that
 * only pairs that can agree on the key are looked at; in a bucket, by audible length, each with those
 * within the length tolerance. The pairs that pass are joined in the order of one walk over all tracks by
 * audible length, two sets only while all their lengths match (no chain of tracks each a second longer
 * than the last makes one "recording"), so the sets do not depend on the buckets
 * (test/playlists/similarity/recordings-reference.test.ts holds them to that walk over every pair).
 */
export function recordingSets(tracks: readonly SlimTrack[]): RecordingSet[] {
	const usable = tracks.filter(track => track.analysis.timbre && Number.isFinite(track.durationSeconds) && track.durationSeconds > 0 && !track.partial);
	const n = usable.length;
	if (n < 2) return [];
	const models = timbreModels(usable.map(track => track.analysis.timbre));
	if (!models) return [];
	const vectors = usable.map(track => track.analysis.vector);
	// Arrays, or float64 views as the store's search snapshot gives them.
	const sameLength = vectors.every(vector => (Array.isArray(vector) || ArrayBuffer.isView(vector)) && vector.length === vectors[0]!.length);
	const z = sameLength ? zScores(vectors, {clip: 5}) : undefined;
	const prefilter = VECTOR_PREFILTER * VECTOR_PREFILTER;

	const audible = new Float64Array(n);
	const bpm = new Float64Array(n);
	const keyless: number[] = [];
	const byKey = new Map<string, number[]>();
	for (let i = 0; i < n; i++) {
		const {analysis} = usable[i]!;
		audible[i] = audibleSeconds(usable[i]!);
		bpm[i] = analysis.bpm > 0 ? analysis.bpm : 0; // what is not above 0 agrees with any tempo
		if (!analysis.key) keyless.push(i);
		else {
			const bucket = byKey.get(analysis.key);
			if (bucket) bucket.push(i);
			else byKey.set(analysis.key, [i]);
		}
	}
	const hasKey = (i: number) => Boolean(usable[i]!.analysis.key);

	// Their place in recordings.ts's walk: by audible length, ties in the tracks' order.
	const order = Array.from({length: n}, (_, i) => i).sort((a, b) => audible[a]! - audible[b]!);
	const place = new Int32Array(n);
	for (let x = 0; x < n; x++) place[order[x]!] = x;

	const scratch = new Float64Array(models.d);
	/** The tests of one pair that do not depend on the sets made so far. */
	const alike = (i: number, j: number): boolean => {
		if (!lengthsMatch(audible[i]!, audible[j]!)) return false;
		const x = bpm[i]!;
		const y = bpm[j]!;
		if (x > 0 && y > 0 && !(Math.max(x, y) / Math.min(x, y) <= MAX_TEMPO_RATIO)) return false;
		if (z) {
			let sum = 0;
			for (let k = 0, a = i * z.d, b = j * z.d; k < z.d && sum <= prefilter; k++, a++, b++) sum += (z.data[a]! - z.data[b]!) ** 2;
			if (sum > prefilter) return false;
		}
		return timbreDivergence(models, i, j, scratch) <= MAX_TIMBRE_DIVERGENCE;
	};
	// The pairs that pass, each as recordings.ts meets it (the earlier in its walk first).
	const pairs: Array<[number, number]> = [];
	const visit = (members: number[], keylessPairs: boolean) => {
		members.sort((a, b) => place[a]! - place[b]!);
		for (let x = 0; x < members.length; x++) {
			const i = members[x]!;
			for (let y = x + 1; y < members.length; y++) {
				const j = members[y]!;
				if (audible[j]! - audible[i]! > MAX_LENGTH_GAP_SECONDS) break;
				if (!keylessPairs && !hasKey(i) && !hasKey(j)) continue;
				if (alike(i, j)) pairs.push([i, j]);
			}
		}
	};
	for (const bucket of byKey.values()) visit(keyless.length > 0 ? [...bucket, ...keyless] : bucket, false);
	visit(keyless, true);

	// Joined in recordings.ts's order, on its rule: two sets join only while all their lengths match.
	pairs.sort((p, q) => place[p[0]]! - place[q[0]]! || place[p[1]]! - place[q[1]]!);
	const parent = Int32Array.from({length: n}, (_, i) => i);
	const shortest = Float64Array.from(audible);
	const longest = Float64Array.from(audible);
	for (const [i, j] of pairs) {
		const [a, b] = [find(parent, i), find(parent, j)];
		if (a === b || !lengthsMatch(Math.min(shortest[a]!, shortest[b]!), Math.max(longest[a]!, longest[b]!))) continue;
		parent[b] = a;
		shortest[a] = Math.min(shortest[a]!, shortest[b]!);
		longest[a] = Math.max(longest[a]!, longest[b]!);
	}

	const byRoot = new Map<number, SlimTrack[]>();
	for (let i = 0; i < n; i++) {
		const root = find(parent, i);
		const members = byRoot.get(root);
		if (members) members.push(usable[i]!);
		else byRoot.set(root, [usable[i]!]);
	}
	return [...byRoot.values()]
		.filter(members => members.length > 1)
		.map(members => {
			const [best, ...copies] = members.sort(compareCopies);
			return {best: best!, copies};
		})
		.sort((a, b) => (a.best.path < b.best.path ? -1 : a.best.path > b.best.path ? 1 : 0));
}

/**
 * The tracks with one copy of each recording (the best), in their order, and the sets found (or `known`:
 * the sets recordingSets found among these very tracks before, as a store keeps them).
 */
export function onePerRecording<T extends SlimTrack>(tracks: readonly T[], known?: RecordingSet[]): {tracks: T[]; sets: RecordingSet[]} {
	const sets = known ?? recordingSets(tracks);
	if (sets.length === 0) return {tracks: [...tracks], sets};
	const dropped = new Set(sets.flatMap(set => set.copies.map(copy => copy.path)));
	return {tracks: tracks.filter(track => !dropped.has(track.path)), sets};
}
