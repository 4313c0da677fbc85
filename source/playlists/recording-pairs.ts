/**
 * The copies of one recording (recordings.ts) found faster on a big library, with the very same sets.
 *
 * recordings.ts walks the tracks by audible length and looks at every pair within the length tolerance:
 * at 40,000 tracks about 28 million pairs, of which only those of one key (or with no key) and one
 * tempo go on to the vector and timbre tests. Here the tracks are first put in one bucket per key (a
 * track without a key in every bucket), so that only pairs that can agree on the key are visited. The
 * tests of a pair are those of recordings.ts, in the same arithmetic; the pairs that pass are then
 * joined in the order recordings.ts meets them, by its rule (two sets join only while all their lengths
 * match), so the sets, their best copies and their order come out the same
 * (test/playlists/recording-pairs.test.ts holds both to it). What costs most after that is the timbre
 * models of the tracks that reach the timbre test.
 */
import type {StoredTrack} from '../store/types.js';
import {zScores} from './distance.js';
import {compareCopies, lengthsMatch, MAX_LENGTH_GAP_SECONDS, MAX_TIMBRE_DIVERGENCE, type RecordingSet} from './recordings.js';
import {timbreDivergence, timbreModels} from './timbre.js';

/** As recordings.ts: tempi of one recording agree within this ratio; the z-scored vector prefilter. */
const MAX_TEMPO_RATIO = 1.03;
const VECTOR_PREFILTER = 8;

function find(parent: Int32Array, i: number): number {
	while (parent[i] !== i) {
		parent[i] = parent[parent[i]!]!;
		i = parent[i]!;
	}
	return i;
}

/** recordingSets of recordings.ts: the sets of tracks that are one recording, best copy first, by the best copies' paths. */
export function findRecordingSets(tracks: readonly StoredTrack[]): RecordingSet[] {
	const usable = tracks.filter(track => track.analysis.timbre && Number.isFinite(track.durationSeconds) && track.durationSeconds > 0 && !track.partial);
	const n = usable.length;
	if (n < 2) return [];
	const models = timbreModels(usable.map(track => track.analysis.timbre));
	if (!models) return [];
	const vectors = usable.map(track => track.analysis.vector);
	const sameLength = vectors.every(vector => Array.isArray(vector) && vector.length === vectors[0]!.length);
	const z = sameLength ? zScores(vectors, {clip: 5}) : undefined;
	const prefilter = VECTOR_PREFILTER * VECTOR_PREFILTER;

	const audible = new Float64Array(n);
	const bpm = new Float64Array(n);
	const keyless: number[] = [];
	const byKey = new Map<string, number[]>();
	for (let i = 0; i < n; i++) {
		const {analysis, durationSeconds} = usable[i]!;
		audible[i] = durationSeconds * (1 - Math.min(1, Math.max(0, analysis.silentShare ?? 0)));
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

	const byRoot = new Map<number, StoredTrack[]>();
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

/** onePerRecording of recordings.ts by findRecordingSets: the tracks with the best copy of each recording, in their order, and the sets. */
export function keepOnePerRecording<T extends StoredTrack>(tracks: readonly T[]): {tracks: T[]; sets: RecordingSet[]} {
	const sets = findRecordingSets(tracks);
	if (sets.length === 0) return {tracks: [...tracks], sets};
	const dropped = new Set(sets.flatMap(set => set.copies.map(copy => copy.path)));
	return {tracks: tracks.filter(track => !dropped.has(track.path)), sets};
}
