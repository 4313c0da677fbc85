/** The copies of a recording found by key buckets (recording-pairs.ts) are recordings.ts's sets, exactly. */
import test from 'ava';
import {findRecordingSets, keepOnePerRecording} from '../../source/playlists/recording-pairs.js';
import {createRng, type Rng} from '../../source/playlists/random.js';
import {onePerRecording, recordingSets, type RecordingSet} from '../../source/playlists/recordings.js';
import type {StoredTrack} from '../../source/store/types.js';
import {syntheticTrack} from '../helpers/synthetic-library.js';

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

const shape = (sets: RecordingSet[]) => sets.map(set => [set.best.path, ...set.copies.map(copy => copy.path)]);

test('the sets, their best copies and their order are those of recordingSets', t => {
	for (const seed of [1, 2, 3, 4]) {
		const tracks = crowdedLibrary(600, seed);
		const expected = shape(recordingSets(tracks));
		t.true(expected.length > 5, 'the library holds sets to find');
		t.true(
			expected.some(set => set.length > 2),
			'and chains of copies',
		);
		t.deepEqual(shape(findRecordingSets(tracks)), expected, `seed ${seed}`);
		t.deepEqual(
			keepOnePerRecording(tracks).tracks.map(track => track.path),
			onePerRecording(tracks).tracks.map(track => track.path),
		);
	}
});

test('keyless tracks join keyed copies of either key, and keyless copies of each other', t => {
	const rng = createRng(9);
	const timbre = gaussian(0, 1, rng, 0);
	const track = (file: string, key: string | undefined) =>
		syntheticTrack({path: file, durationSeconds: 200, sizeBytes: 1_000_000}, {timbre, key: key as string, vector: [0, 0, 0]});
	const tracks = [track('/m/a.flac', 'A minor'), track('/m/b.mp3', undefined), track('/m/c.ogg', 'C major'), track('/m/d.opus', undefined)];
	const expected = shape(recordingSets(tracks));
	t.deepEqual(expected, [['/m/a.flac', '/m/b.mp3', '/m/c.ogg', '/m/d.opus']]);
	t.deepEqual(shape(findRecordingSets(tracks)), expected);
});

test('vectors of different lengths skip the vector test in both', t => {
	const tracks = crowdedLibrary(200, 5);
	tracks[7] = {...tracks[7]!, analysis: {...tracks[7]!.analysis, vector: [1, 2]}};
	t.deepEqual(shape(findRecordingSets(tracks)), shape(recordingSets(tracks)));
});
