/** The copies of a recording found by key buckets (recordings.ts) are those of the plain walk over every pair within the length tolerance. */
import test from 'ava';
import {createRng, type Rng} from '../../../source/playlists/random.js';
import {
	compareCopies,
	lengthsMatch,
	MAX_LENGTH_GAP_SECONDS,
	MAX_TIMBRE_DIVERGENCE,
	onePerRecording,
	recordingSets,
	type RecordingSet,
} from '../../../source/playlists/similarity/recordings.js';
import {zScores} from '../../../source/playlists/similarity/distance.js';
import {timbreDivergence, timbreModels} from '../../../source/playlists/similarity/timbre.js';
import type {StoredTrack} from '../../../source/store/types.js';
import {syntheticTrack} from '../../helpers/synthetic-library.js';

const KEYS = ['A minor', 'C major', 'E minor'];

/** A timbre Gaussian of 20 coefficients around `level`, its covariance diagonal `spread` (moved a little). */
function gaussian(level: number, spread: number, rng: Rng, noise: number): {mean: number[]; covariance: number[]} {
	const covariance: number[] = [];
	for (let i = 0; i < 20; i++) for (let j = i; j < 20; j++) covariance.push(i === j ? spread * (1 + noise * rng.next()) : noise * 0.1 * rng.normal());
	return {mean: Array.from({length: 20}, (_, k) => level + (k % 3) + noise * rng.normal()), covariance};
}

/**
 * A library crowded with near copies: few timbres, lengths and tempi close together, some tracks
 * without a key (or a tempo), with silence, partial, or without a timbre model, so that pairs fail
 * at each test and chains of copies join sets.
 */
function crowdedLibrary(count: number, seed: number): StoredTrack[] {
	const rng = createRng(seed);
	return Array.from({length: count}, (_, n) => {
		const base = rng.int(6);
		const keyless = rng.next() < 0.15;
		const key = KEYS[rng.int(KEYS.length)]!;
		const analysis: Partial<StoredTrack['analysis']> = {
			timbre: rng.next() < 0.03 ? undefined : gaussian(base, 1 + base / 3, rng, 0.3),
			bpm: rng.next() < 0.1 ? 0 : 120 * (1 + 0.03 * rng.normal()),
			key: keyless ? (undefined as unknown as string) : key,
			silentShare: rng.next() < 0.2 ? 0.02 * rng.next() : undefined,
			vector: [base + 0.3 * rng.normal(), rng.normal(), 0.5 * rng.normal()],
		};
		return syntheticTrack(
			{
				path: `/m/${String(n).padStart(4, '0')}.${['flac', 'mp3', 'ogg'][rng.int(3)]}`,
				durationSeconds: 180 + 8 * rng.next(),
				sizeBytes: 1_000_000 + rng.int(9_000_000),
				partial: rng.next() < 0.03,
			},
			analysis,
		);
	});
}

/**
 * The reference: every pair of tracks within the length tolerance, walked by audible length, each test of
 * recordings.ts in turn (key and tempo, vector, timbre), joined while all of a set's lengths match.
 */
function referenceSets(tracks: readonly StoredTrack[]): RecordingSet[] {
	const usable = tracks.filter(track => track.analysis.timbre && Number.isFinite(track.durationSeconds) && track.durationSeconds > 0 && !track.partial);
	const n = usable.length;
	const models = n < 2 ? undefined : timbreModels(usable.map(track => track.analysis.timbre));
	if (!models) return [];
	const vectors = usable.map(track => track.analysis.vector);
	const z = vectors.every(vector => vector.length === vectors[0]!.length) ? zScores(vectors, {clip: 5}) : undefined;
	const near = (i: number, j: number) => {
		if (!z) return true;
		let sum = 0;
		for (let k = 0; k < z.d; k++) sum += (z.data[i * z.d + k]! - z.data[j * z.d + k]!) ** 2;
		return sum <= 64;
	};
	const agree = (a: StoredTrack, b: StoredTrack) => {
		if (a.analysis.key && b.analysis.key && a.analysis.key !== b.analysis.key) return false;
		const [x, y] = [a.analysis.bpm, b.analysis.bpm];
		return !(x > 0) || !(y > 0) || Math.max(x, y) / Math.min(x, y) <= 1.03;
	};
	const audible = Float64Array.from(usable, track => track.durationSeconds * (1 - Math.min(1, Math.max(0, track.analysis.silentShare ?? 0))));
	const order = Array.from({length: n}, (_, i) => i).sort((a, b) => audible[a]! - audible[b]!);
	const parent = Int32Array.from({length: n}, (_, i) => i);
	const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
	const shortest = Float64Array.from(audible);
	const longest = Float64Array.from(audible);
	for (let x = 0; x < n; x++) {
		const i = order[x]!;
		for (let y = x + 1; y < n; y++) {
			const j = order[y]!;
			if (audible[j]! - audible[i]! > MAX_LENGTH_GAP_SECONDS) break;
			const [a, b] = [find(i), find(j)];
			if (a === b || !lengthsMatch(audible[i]!, audible[j]!) || !lengthsMatch(Math.min(shortest[a]!, shortest[b]!), Math.max(longest[a]!, longest[b]!)))
				continue;
			if (!agree(usable[i]!, usable[j]!) || !near(i, j) || timbreDivergence(models, i, j) > MAX_TIMBRE_DIVERGENCE) continue;
			parent[b] = a;
			shortest[a] = Math.min(shortest[a]!, shortest[b]!);
			longest[a] = Math.max(longest[a]!, longest[b]!);
		}
	}
	const byRoot = new Map<number, StoredTrack[]>();
	for (let i = 0; i < n; i++) byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), usable[i]!]);
	return [...byRoot.values()]
		.filter(members => members.length > 1)
		.map(members => {
			const [best, ...copies] = members.sort(compareCopies);
			return {best: best!, copies};
		})
		.sort((a, b) => (a.best.path < b.best.path ? -1 : a.best.path > b.best.path ? 1 : 0));
}

const shape = (sets: RecordingSet[]) => sets.map(set => [set.best.path, ...set.copies.map(copy => copy.path)]);

test('the sets, their best copies and their order are those of the walk over every pair', t => {
	for (const seed of [1, 2, 3, 4]) {
		const tracks = crowdedLibrary(600, seed);
		const expected = shape(referenceSets(tracks));
		t.true(expected.length > 5, 'the library holds sets to find');
		t.true(
			expected.some(set => set.length > 2),
			'and chains of copies',
		);
		t.deepEqual(shape(recordingSets(tracks)), expected, `seed ${seed}`);
		const copies = new Set(expected.flatMap(set => set.slice(1)));
		t.deepEqual(
			onePerRecording(tracks).tracks.map(track => track.path),
			tracks.map(track => track.path).filter(file => !copies.has(file)),
		);
	}
});

test('keyless tracks join keyed copies of either key, and keyless copies of each other', t => {
	const rng = createRng(9);
	const timbre = gaussian(0, 1, rng, 0);
	const track = (file: string, key: string | undefined) =>
		syntheticTrack({path: file, durationSeconds: 200, sizeBytes: 1_000_000}, {timbre, key: key as string, vector: [0, 0, 0]});
	const tracks = [track('/m/a.flac', 'A minor'), track('/m/b.mp3', undefined), track('/m/c.ogg', 'C major'), track('/m/d.opus', undefined)];
	const expected = shape(referenceSets(tracks));
	t.deepEqual(expected, [['/m/a.flac', '/m/b.mp3', '/m/c.ogg', '/m/d.opus']]);
	t.deepEqual(shape(recordingSets(tracks)), expected);
});

test('vectors of different lengths skip the vector test', t => {
	const tracks = crowdedLibrary(200, 5);
	tracks[7] = {...tracks[7]!, analysis: {...tracks[7]!.analysis, vector: [1, 2]}};
	t.deepEqual(shape(recordingSets(tracks)), shape(referenceSets(tracks)));
});
