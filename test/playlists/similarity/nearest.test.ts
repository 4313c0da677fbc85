import test from 'ava';
import {nearestTracks} from '../../../source/playlists/similarity/nearest.js';
import type {StoredTrack} from '../../../source/store/types.js';
import {syntheticLibrary, syntheticTrack} from '../../helpers/synthetic-library.js';

/** A library of four families, plus three tracks built at growing offsets from the first track's vector. */
function libraryWithCloseTracks() {
	const {tracks, groups} = syntheticLibrary({families: 4, perFamily: 8, seed: 7});
	const seed = tracks[0]!;
	const close: StoredTrack[] = [0.01, 0.03, 0.06].map((offset, n) =>
		syntheticTrack(
			{path: `/music/close/close-${n + 1}.mp3`, tags: {title: `Close ${n + 1}`}},
			{...seed.analysis, vector: seed.analysis.vector.map((value, j) => value * (1 + offset * (j % 2 === 0 ? 1 : -1)))},
		),
	);
	return {tracks: [...tracks, ...close], groups, seed, close};
}

test('the nearest tracks are the ones built close to it, nearest first, itself excluded', t => {
	const {tracks, groups, seed, close} = libraryWithCloseTracks();
	const nearest = nearestTracks(tracks, seed.path, 10, {weights: {}, groups});
	t.is(nearest.length, 10);
	t.false(nearest.some(({track}) => track.path === seed.path));
	t.deepEqual(
		nearest
			.slice(0, 3)
			.map(({track}) => track.path)
			.sort(),
		close.map(track => track.path).sort(),
	);
	// The rest are its own family, closer than any other family's tracks.
	t.true(nearest.slice(3).every(({track}) => track.path.startsWith('/music/family-01/')));
	for (let k = 1; k < nearest.length; k++) t.true(nearest[k]!.distance >= nearest[k - 1]!.distance);
	t.true(nearest.every(({distance}) => distance >= 0 && distance <= 1));
});

test('the limit is honoured', t => {
	const {tracks, groups, seed} = libraryWithCloseTracks();
	t.is(nearestTracks(tracks, seed.path, 1, {weights: {}, groups}).length, 1);
	t.is(nearestTracks(tracks, seed.path, 4, {weights: {}, groups}).length, 4);
	// More than the library holds: every other track once.
	t.is(nearestTracks(tracks, seed.path, 1000, {weights: {}, groups}).length, tracks.length - 1);
});

test('a path that is not in the library is a clear error', t => {
	const {tracks, groups} = libraryWithCloseTracks();
	const error = t.throws(() => nearestTracks(tracks, '/music/nowhere.mp3', 10, {weights: {}, groups}));
	t.is(error?.message, '/music/nowhere.mp3 is not among the analysed tracks');
});
