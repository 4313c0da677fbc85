import test from 'ava';
import {buildPlaylists} from '../../source/playlists/build.js';
import {NeighbourIndex} from '../../source/playlists/similarity/candidates.js';
import {prepareLibrary} from '../../source/playlists/library.js';
import {createRng} from '../../source/playlists/random.js';
import {Similarity} from '../../source/playlists/similarity/similarity.js';
import {slimTrack} from '../../source/playlists/slim-track.js';
import type {SlimTrack, StoredTrack} from '../../source/store/types.js';
import {syntheticLibrary} from '../helpers/synthetic-library.js';

/** Tracks with a float32-exact timbre Gaussian (diagonal, family-wise) and onset pattern, as the store returns them. */
function withGaussians(tracks: StoredTrack[], families: readonly string[]): StoredTrack[] {
	const rng = createRng(5);
	const f32 = (value: number) => Math.fround(value);
	const centres = new Map<string, number[]>();
	return tracks.map((track, index) => {
		const family = families[index]!;
		if (!centres.has(family))
			centres.set(
				family,
				Array.from({length: 20}, () => 4 * rng.normal()),
			);
		const mean = centres.get(family)!.map(value => f32(value + 0.3 * rng.normal()));
		const covariance: number[] = [];
		for (let i = 0; i < 20; i++) for (let j = i; j < 20; j++) covariance.push(f32(i === j ? 2 + rng.next() : 0.05 * rng.normal()));
		const onsetPattern = Array.from({length: 54}, () => f32(rng.next()));
		return {
			...track,
			analysis: {...track.analysis, featuresVersion: 2, timbre: {mean, covariance}, onsetPattern, chroma: Array.from({length: 12}, () => rng.next())},
		};
	});
}

test('slim tracks give the same playlists as the full ones, and drop what playlists never read', t => {
	const synthetic = syntheticLibrary({families: 6, perFamily: 15, spread: 0.8, seed: 3});
	const full = withGaussians(synthetic.tracks, synthetic.families);
	const slim = full.map(track => slimTrack(track));
	t.true(slim[0]!.analysis.timbre!.covariance instanceof Float32Array);
	t.false('chroma' in slim[0]!.analysis);
	t.true('chroma' in full[0]!.analysis);
	const names = (tracks: SlimTrack[]) => buildPlaylists(tracks, {groups: synthetic.groups}).playlists.map(p => [p.name, p.tracks.map(track => track.path)]);
	t.deepEqual(names(slim), names(full));
});

test('one query by a vector scan finds what the exact search finds', t => {
	const synthetic = syntheticLibrary({families: 10, perFamily: 30, spread: 0.8, seed: 9});
	const tracks = withGaussians(synthetic.tracks, synthetic.families).map(track => slimTrack(track));
	const library = prepareLibrary(tracks, {groups: synthetic.groups});
	const similarity = new Similarity(library);
	const scan = new NeighbourIndex(similarity, library.prepared.matrix, {exactUpTo: 50, shortlist: 100});
	let same = 0;
	for (const i of [0, 45, 123, 250]) {
		const exact = similarity.neighbours(i, 10).map(neighbour => neighbour.index);
		const found = scan.nearestByScan(i, 10);
		t.false(
			found.some(neighbour => neighbour.index === i),
			'the track itself is excluded',
		);
		same += found.filter(neighbour => exact.includes(neighbour.index)).length;
	}
	t.true(same >= 36, `${same} of 40 shared with the exact search`);
});
