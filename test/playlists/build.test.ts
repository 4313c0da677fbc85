import test from 'ava';
import {APART_NAME, buildPlaylists} from '../../source/playlists/build.js';
import {bpmRangeLabel, uniqueNames} from '../../source/playlists/grouping/naming.js';
import {createRng, shuffle} from '../../source/playlists/random.js';
import type {Playlist} from '../../source/playlists/types.js';
import type {StoredTrack} from '../../source/store/types.js';
import {syntheticLibrary, syntheticTrack} from '../helpers/synthetic-library.js';

function familyOf(library: {tracks: StoredTrack[]; families: string[]}): Map<string, string> {
	return new Map(library.tracks.map((track, index) => [track.path, library.families[index]!]));
}

function paths(playlists: Playlist[]): string[] {
	return playlists.flatMap(playlist => playlist.tracks.map(track => track.path));
}

test('clusters: every track lands in exactly one playlist, and families stay together', t => {
	const library = syntheticLibrary({families: 6, perFamily: 12});
	const result = buildPlaylists(library.tracks, {groups: library.groups});
	const all = paths(result.playlists);
	t.is(all.length, library.tracks.length);
	t.is(new Set(all).size, library.tracks.length);
	t.is(result.playlists.length, 6);
	t.like(result.clustering, {k: 6, chosen: true, method: 'neighbours', targetLength: 20});
	const families = familyOf(library);
	for (const playlist of result.playlists) {
		t.is(new Set(playlist.tracks.map(track => families.get(track.path))).size, 1, playlist.name);
		t.is(playlist.strategy, 'clusters');
	}
});

test('clusters: a library without clear families gets several playlists sized for listening, none tiny, none over a quarter', t => {
	// 80 tracks in 4 heavily overlapping families: no natural split, the sizes must come from the target.
	const library = syntheticLibrary({families: 4, perFamily: 20, spread: 3, seed: 5});
	const result = buildPlaylists(library.tracks, {groups: library.groups});
	const sizes = result.playlists.map(playlist => playlist.tracks.length);
	t.true(sizes.length >= 4, sizes.join(', '));
	t.true(
		sizes.every(size => size >= 5 && size <= 20),
		sizes.join(', '),
	);
	t.is(
		sizes.reduce((sum, size) => sum + size, 0),
		80,
	);
	const shorter = buildPlaylists(library.tracks, {groups: library.groups, targetLength: 8});
	t.true(shorter.playlists.length > sizes.length);
	t.true(shorter.playlists.every(playlist => playlist.tracks.length <= 12));
});

test('clusters: tracks without a usable vector are reported, not placed', t => {
	const library = syntheticLibrary({families: 3, perFamily: 5});
	const broken = [syntheticTrack({path: '/music/empty.mp3'}, {vector: []}), syntheticTrack({path: '/music/short.mp3'}, {vector: [1, 2]})];
	const result = buildPlaylists([...library.tracks, ...broken], {groups: library.groups});
	t.is(paths(result.playlists).length, library.tracks.length);
	t.deepEqual(result.problems.map(problem => problem.path).sort(), ['/music/empty.mp3', '/music/short.mp3']);
});

test('the same library gives the same playlists, whatever order the store returns it in', t => {
	const library = syntheticLibrary({families: 5, perFamily: 15, spread: 0.8});
	const first = buildPlaylists(library.tracks, {groups: library.groups});
	const reordered = shuffle([...library.tracks], createRng(99));
	const second = buildPlaylists(reordered, {groups: library.groups});
	t.deepEqual(second.playlists, first.playlists);
});

test('clusters: k from the options is used', t => {
	const library = syntheticLibrary({families: 6, perFamily: 10});
	const result = buildPlaylists(library.tracks, {groups: library.groups, k: 3});
	t.is(result.playlists.length, 3);
	t.deepEqual(result.clustering, {k: 3, chosen: false, method: 'kmeans', silhouettes: []});
});

test('clusters: names are unique and made of library-relative traits', t => {
	const library = syntheticLibrary({families: 12, perFamily: 6, seed: 3});
	const {playlists} = buildPlaylists(library.tracks, {groups: library.groups});
	const names = playlists.map(playlist => playlist.name);
	t.true(names.length > 1);
	t.is(new Set(names.map(name => name.toLowerCase())).size, names.length);
	const word = /^(Slightly )?(Slower|Faster|Calm|Energetic|Dark|Bright|Major-key|Minor-key|Short|Long|Balanced)$/;
	for (const name of names) {
		const parts = name.replace(/ \(\d+\)$/, '').split(' · ');
		for (const part of parts) t.true(word.test(part) || /^\d+(–\d+)? BPM$/.test(part) || /^[A-G]#? (major|minor)$/.test(part), `${name}: ${part}`);
	}
});

test('naming: the BPM range is the 10th–90th percentile', t => {
	// One mis-detected tempo does not stretch the range.
	t.is(bpmRangeLabel([120, 121, 122, 123, 124, 125, 126, 127, 128, 240]), '121–128 BPM');
});

test('naming: duplicates get their main key, then a number; case does not tell names apart', t => {
	t.deepEqual(
		uniqueNames([
			{name: 'Upbeat · 120 BPM', mainKey: 'A minor'},
			{name: 'Upbeat · 120 BPM', mainKey: 'C major'},
			{name: 'Fast', mainKey: 'E minor'},
			{name: 'fast', mainKey: 'E minor'},
			{name: 'Slow'},
		]),
		['Upbeat · 120 BPM · A minor', 'Upbeat · 120 BPM · C major', 'Fast · E minor', 'fast · E minor (2)', 'Slow'],
	);
});

test('bands: the tempo × energy grid, empty bands dropped', t => {
	const tracks: StoredTrack[] = [];
	const add = (name: string, bpm: number, loudnessDb: number) =>
		tracks.push(syntheticTrack({path: `/music/${name}.mp3`}, {bpm, loudnessDb, vector: [bpm, loudnessDb, tracks.length]}));
	add('slow-quiet-1', 70, -30);
	add('slow-quiet-2', 80, -28);
	add('slow-loud', 85, -6);
	add('mid-quiet', 110, -25);
	add('fast-loud-1', 140, -5);
	add('fast-loud-2', 174, -4);
	add('fast-loud-3', 128, -7);
	const result = buildPlaylists(tracks, {strategy: 'bands'});
	const bands = Object.fromEntries(result.playlists.map(playlist => [playlist.name, playlist.tracks.map(track => track.path.slice(7, -4)).sort()]));
	t.deepEqual(bands, {
		'Slow · Calm': ['slow-quiet-1', 'slow-quiet-2'],
		'Slow · Energetic': ['slow-loud'],
		'Medium · Calm': ['mid-quiet'],
		'Fast · Energetic': ['fast-loud-1', 'fast-loud-2', 'fast-loud-3'],
	});
	t.true(result.playlists.every(playlist => playlist.strategy === 'bands'));
	// Grid order: slow before fast, calm before energetic.
	t.deepEqual(Object.keys(bands), ['Slow · Calm', 'Slow · Energetic', 'Medium · Calm', 'Fast · Energetic']);
});

test('bands: every track in exactly one band, tempo edges configurable', t => {
	const library = syntheticLibrary({families: 8, perFamily: 10});
	const result = buildPlaylists(library.tracks, {strategy: 'bands', bandEdges: [100, 140]});
	t.is(new Set(paths(result.playlists)).size, library.tracks.length);
	for (const playlist of result.playlists) {
		const tempi = playlist.tracks.map(track => track.bpm);
		if (playlist.name.startsWith('Slow')) t.true(tempi.every(bpm => bpm < 100));
		if (playlist.name.startsWith('Medium')) t.true(tempi.every(bpm => bpm >= 100 && bpm < 140));
		if (playlist.name.startsWith('Fast')) t.true(tempi.every(bpm => bpm >= 140));
	}
});

for (const mutualProximity of [true, false]) {
	test(`radio: starts at the seed, is N long, never repeats, stays near the seed (mutual proximity ${mutualProximity ? 'on' : 'off'})`, t => {
		const library = syntheticLibrary({families: 6, perFamily: 20});
		const seed = library.tracks[45]!.path;
		const result = buildPlaylists(library.tracks, {strategy: 'radio', seeds: [seed], length: 15, groups: library.groups, mutualProximity});
		t.is(result.playlists.length, 1);
		const [radio] = result.playlists;
		t.is(radio!.tracks[0]!.path, seed);
		t.is(radio!.tracks.length, 15);
		t.is(new Set(radio!.tracks.map(track => track.path)).size, 15);
		t.is(radio!.strategy, 'radio');
		t.regex(radio!.name, /^Radio · Artist 3 - Song 6$/);
		const families = familyOf(library);
		const sameFamily = radio!.tracks.filter(track => families.get(track.path) === families.get(seed)).length;
		t.is(sameFamily, 15, 'the 19 other tracks of its family are nearer than any other');
	});
}

test('radio: near-duplicates (same content under another path, same artist and title) are dropped', t => {
	const library = syntheticLibrary({families: 3, perFamily: 10});
	const seed = library.tracks[0]!;
	const original = library.tracks[1]!;
	const copy: StoredTrack = {...original, path: '/music/copies/same-bytes.mp3'};
	const retitled: StoredTrack = {
		...library.tracks[2]!,
		path: '/music/other/single.flac',
		sizeBytes: 1,
		tags: {artist: 'ARTIST 1', title: 'sóng 3!'},
		analysis: {...library.tracks[2]!.analysis, vector: library.tracks[2]!.analysis.vector.map(value => value + 0.001)},
	};
	const seedCopy: StoredTrack = {...seed, path: '/music/copies/seed.mp3'};
	const result = buildPlaylists([...library.tracks, copy, retitled, seedCopy], {strategy: 'radio', seeds: [seed.path], length: 12, groups: library.groups});
	const chosen = paths(result.playlists);
	t.is(chosen.length, 12);
	t.is(new Set(chosen).size, 12);
	t.false(chosen.includes(seedCopy.path), 'a copy of the seed');
	t.false(chosen.includes(original.path) && chosen.includes(copy.path), 'both copies of one file');
	t.false(chosen.includes(library.tracks[2]!.path) && chosen.includes(retitled.path), 'the same song twice');
	t.true(chosen.includes(original.path) || chosen.includes(copy.path));
});

test('radio: several seeds are all visited in order; unknown seeds are reported', t => {
	const library = syntheticLibrary({families: 4, perFamily: 15});
	const seeds = [library.tracks[0]!.path, library.tracks[20]!.path, library.tracks[40]!.path];
	const result = buildPlaylists(library.tracks, {strategy: 'radio', seeds: [...seeds, '/nowhere.mp3'], length: 16, groups: library.groups});
	const order = paths(result.playlists);
	t.is(order.length, 16);
	t.is(order[0], seeds[0]);
	const positions = seeds.map(seed => order.indexOf(seed));
	t.true(positions.every(position => position >= 0));
	t.deepEqual(
		[...positions].sort((a, b) => a - b),
		positions,
	);
	t.deepEqual(result.problems, [{path: '/nowhere.mp3', message: 'seed track is not among the analysed tracks'}]);
	t.regex(result.playlists[0]!.name, / → /);
});

test('radio: a length beyond the library stops when tracks run out', t => {
	const library = syntheticLibrary({families: 2, perFamily: 4});
	const result = buildPlaylists(library.tracks, {strategy: 'radio', seeds: [library.tracks[0]!.path], length: 100});
	t.is(paths(result.playlists).length, 8);
});

test('splitting: a playlist above the maximum length splits into coherent parts', t => {
	// Two families forced into one cluster, 24 tracks each, at most 25 per playlist.
	const library = syntheticLibrary({families: 2, perFamily: 24, seed: 8});
	const result = buildPlaylists(library.tracks, {groups: library.groups, k: 1, maxLength: 25});
	t.is(result.playlists.length, 2);
	const families = familyOf(library);
	for (const playlist of result.playlists) {
		t.true(playlist.tracks.length <= 25);
		t.is(new Set(playlist.tracks.map(track => families.get(track.path))).size, 1, 'each part is one family');
	}
	t.regex(result.playlists[0]!.name, / \(1\/2\)$/);
	t.regex(result.playlists[1]!.name, / \(2\/2\)$/);
	t.is(result.playlists[0]!.name.replace(' (1/2)', ''), result.playlists[1]!.name.replace(' (2/2)', ''));
});

test('splitting: parts never exceed the maximum, even for identical tracks', t => {
	const tracks = Array.from({length: 23}, (_, index) => syntheticTrack({path: `/music/same-${index}.mp3`}, {vector: [1, 2, 3]}));
	const result = buildPlaylists(tracks, {k: 1, maxLength: 5});
	t.is(result.playlists.length, 5);
	t.true(result.playlists.every(playlist => playlist.tracks.length <= 5));
	t.is(new Set(paths(result.playlists)).size, 23);
});

test('singletons: merged into the nearest playlist, or gathered apart on request', t => {
	const library = syntheticLibrary({families: 3, perFamily: 10, seed: 4});
	const outlier = (name: string, shift: number) =>
		syntheticTrack({path: `/music/${name}.mp3`}, {vector: library.tracks[0]!.analysis.vector.map(value => value + shift)});
	const tracks = [...library.tracks, outlier('far-a', 40), outlier('far-b', -40)];
	const merged = buildPlaylists(tracks, {groups: library.groups, k: 5});
	t.is(merged.playlists.length, 3);
	t.true(merged.playlists.every(playlist => playlist.tracks.length >= 2));
	t.is(paths(merged.playlists).length, 32);

	const apart = buildPlaylists(tracks, {groups: library.groups, k: 5, singletonsApart: true});
	t.is(apart.playlists.length, 4);
	const odd = apart.playlists.find(playlist => playlist.name === APART_NAME);
	t.deepEqual(odd?.tracks.map(track => track.path).sort(), ['/music/far-a.mp3', '/music/far-b.mp3']);
});

test('empty and tiny libraries', t => {
	t.deepEqual(buildPlaylists([]).playlists, []);
	const one = buildPlaylists([syntheticTrack({path: '/music/one.mp3'})]);
	t.is(one.playlists.length, 1);
	t.is(one.playlists[0]!.tracks.length, 1);
});

test('a library under the target length: families clearly apart are playlists of their own, one family stays whole', t => {
	const families = syntheticLibrary({families: 3, perFamily: 3});
	const split = buildPlaylists(families.tracks, {groups: families.groups});
	t.is(split.playlists.length, 3);
	const familyOf = new Map(families.tracks.map((track, i) => [track.path, families.families[i]!]));
	for (const playlist of split.playlists) t.is(new Set(playlist.tracks.map(track => familyOf.get(track.path))).size, 1, playlist.name);

	const one = syntheticLibrary({families: 1, perFamily: 9});
	t.is(buildPlaylists(one.tracks, {groups: one.groups}).playlists.length, 1);
});
