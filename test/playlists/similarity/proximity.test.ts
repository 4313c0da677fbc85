import test from 'ava';
import {buildPlaylists} from '../../../source/playlists/build.js';
import {prepareVectors, trackDistance} from '../../../source/playlists/similarity/distance.js';
import {normalCdf} from '../../../source/playlists/similarity/proximity.js';
import {distanceProfiles, mutualProximity} from '../../helpers/proximity.js';
import {prepareLibrary} from '../../../source/playlists/library.js';
import {createRng} from '../../../source/playlists/random.js';
import {Similarity} from '../../../source/playlists/similarity/similarity.js';
import {syntheticLibrary} from '../../helpers/synthetic-library.js';

test('normal CDF: known values, and order kept far into the lower tail', t => {
	t.true(Math.abs(normalCdf(0, 0, 1) - 0.5) < 1e-7);
	t.true(Math.abs(normalCdf(-2, 0, 1) - 0.022_750_13) < 1e-6);
	t.true(Math.abs(normalCdf(1, 0, 1) - 0.841_344_75) < 1e-6);
	const far = [-12, -10, -8, -6].map(z => normalCdf(z, 0, 1));
	t.true(far.every(value => value > 0));
	t.deepEqual(
		[...far].sort((a, b) => a - b),
		far,
	);
	t.is(normalCdf(1, 2, 0), 0);
	t.is(normalCdf(3, 2, 0), 1);
});

test('mutual proximity is symmetric, in [0, 1], and grows with distance', t => {
	const {tracks, groups} = syntheticLibrary({families: 3, perFamily: 10});
	const prepared = prepareVectors(
		tracks.map(track => track.analysis.vector),
		{groups},
	);
	const profiles = distanceProfiles(prepared);
	const mp = (x: number, y: number) => mutualProximity(profiles, x, y, trackDistance(prepared, x, y));
	t.is(mp(2, 17), mp(17, 2));
	for (const [x, y] of [
		[0, 1],
		[0, 25],
		[5, 29],
	] as const)
		t.true(mp(x, y) >= 0 && mp(x, y) <= 1);
	t.true(mutualProximity(profiles, 0, 1, 1) < mutualProximity(profiles, 0, 1, 5));
});

test('mutual proximity demotes a hub that is near everything', t => {
	// Points on a 30-dimensional Gaussian, plus one point at its centre: the classic hub.
	const rng = createRng(3);
	const vectors = Array.from({length: 300}, () => Array.from({length: 30}, () => rng.normal()));
	vectors.push(Array.from({length: 30}, () => 0));
	const prepared = prepareVectors(vectors);
	const profiles = distanceProfiles(prepared);
	const hub = vectors.length - 1;
	let plainHits = 0;
	let mpHits = 0;
	for (let x = 0; x < hub; x++) {
		let plain = {index: -1, value: Infinity};
		let mp = {index: -1, value: Infinity};
		for (let y = 0; y <= hub; y++) {
			if (y === x) continue;
			const d = trackDistance(prepared, x, y);
			if (d < plain.value) plain = {index: y, value: d};
			const m = mutualProximity(profiles, x, y, d);
			if (m < mp.value) mp = {index: y, value: m};
		}
		if (plain.index === hub) plainHits++;
		if (mp.index === hub) mpHits++;
	}
	t.log(`the hub is the nearest neighbour of ${plainHits} tracks by distance, ${mpHits} by mutual proximity`);
	t.true(plainHits > 100);
	t.true(mpHits < plainHits / 3);
});

test('radio with mutual proximity: starts at the seed, never repeats, stays in the family', t => {
	const library = syntheticLibrary({families: 5, perFamily: 20});
	const seed = library.tracks[30]!.path;
	const result = buildPlaylists(library.tracks, {strategy: 'radio', seeds: [seed], length: 12, groups: library.groups, mutualProximity: true});
	const order = result.playlists[0]!.tracks.map(track => track.path);
	t.is(order[0], seed);
	t.is(new Set(order).size, 12);
	const families = new Map(library.tracks.map((track, index) => [track.path, library.families[index]]));
	t.true(order.every(path => families.get(path) === families.get(seed)));
});

test("the library share moves each track's normalisation from its own profile to the library's", t => {
	const {tracks, groups} = syntheticLibrary({families: 3, perFamily: 10});
	const library = prepareLibrary(tracks, {groups});
	const profileMeans = (libraryShare: number) => {
		const similarity = new Similarity(library, {libraryShare, mutualProximity: false});
		similarity.prepareAll();
		return Array.from(similarity.components[0]!.mean);
	};
	const own = profileMeans(0);
	const shared = profileMeans(1);
	const between = profileMeans(0.75);
	t.true(Math.max(...own) - Math.min(...own) > 1e-6, 'tracks have profiles of their own');
	t.true(Math.max(...shared) - Math.min(...shared) < 1e-9, 'one profile for the whole library');
	own.forEach((value, i) => t.true(Math.abs(between[i]! - (0.25 * value + 0.75 * shared[i]!)) < 1e-9));
	const defaults = new Similarity(library);
	t.is(defaults.distance(3, 3), 0);
	t.true(defaults.distance(0, 1) < defaults.distance(0, 25), 'a family stays closer than another family');
});
