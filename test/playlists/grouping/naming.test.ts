import test from 'ava';
import {buildPlaylists} from '../../../source/playlists/build.js';
import {prepareLibrary} from '../../../source/playlists/library.js';
import {groupTraits, narrowBpmLabel, relativeNames, traitValues} from '../../../source/playlists/grouping/naming.js';
import type {StoredTrack} from '../../../source/store/types.js';
import {syntheticLibrary, syntheticTrack} from '../../helpers/synthetic-library.js';

/** A track whose vector says brightness (index 1) and loudness-like energy (index 0) directly. */
function track(name: string, bpm: number, loudnessDb: number, bright: number, mode: 'major' | 'minor', durationSeconds = 200): StoredTrack {
	return syntheticTrack({path: `/music/${name}.mp3`, durationSeconds}, {bpm, loudnessDb, mode, vector: [loudnessDb, bright, bpm / 100]});
}

const GROUPS = ['loudness', 'brightness', 'tempo'];

/** Four groups of five: slow-dark-minor, fast-bright-major, loud and long, and one in the middle. */
function library(): StoredTrack[] {
	const tracks: StoredTrack[] = [];
	for (let i = 0; i < 5; i++) tracks.push(track(`slow-${i}`, 70 + i, -20, -2, 'minor'));
	for (let i = 0; i < 5; i++) tracks.push(track(`fast-${i}`, 160 + i, -14, 2, 'major'));
	for (let i = 0; i < 5; i++) tracks.push(track(`long-${i}`, 110 + 10 * i, -8, 0, i % 2 ? 'major' : 'minor', 1500));
	for (let i = 0; i < 5; i++) tracks.push(track(`mid-${i}`, 105 + 10 * i, -14, 0, i % 2 ? 'major' : 'minor'));
	return tracks;
}

const groupsOf = (n: number) => Array.from({length: n / 5}, (_, g) => Array.from({length: 5}, (_, i) => g * 5 + i));

test('traits are measured against the library: tempo, brightness and key mode set groups apart', t => {
	const lib = prepareLibrary(library(), {groups: GROUPS});
	const values = traitValues(lib);
	// Library order is by path: fast, long, mid, slow.
	const [fast, long, mid, slow] = groupsOf(20).map(members => groupTraits(values, members));
	const words = (traits: typeof fast) => traits!.filter(trait => trait.strength >= 0.5).map(trait => trait.word);
	t.true(words(slow).includes('Slower'));
	t.true(words(slow).includes('Dark'));
	t.true(words(slow).includes('Minor-key'));
	t.true(words(fast).includes('Faster'));
	t.true(words(fast).includes('Bright'));
	t.true(words(fast).includes('Major-key'));
	t.true(words(long).includes('Long'));
	t.false(words(mid).includes('Long'));
});

test('names in a set are distinct and say what sets each apart', t => {
	const lib = prepareLibrary(library(), {groups: GROUPS});
	const groups = groupsOf(20).map(members => ({members, tempi: members.map(index => lib.bpm[index]!)}));
	const names = relativeNames(traitValues(lib), groups);
	t.is(new Set(names.map(name => name.toLowerCase())).size, 4);
	const [fast, long, , slow] = names;
	t.regex(fast!, /Faster|Bright|Major-key/);
	t.regex(slow!, /Slower|Dark|Minor-key/);
	t.regex(long!, /Long|Energetic/);
	t.notRegex(fast!, /Slower|Dark/);
});

test('names that would clash take another trait before a key or a number', t => {
	const tracks: StoredTrack[] = [];
	// Two slow groups; only their brightness differs a little, and a third group that is fast.
	for (let i = 0; i < 6; i++) tracks.push(track(`a-${i}`, 70, -14, -1, 'minor'));
	for (let i = 0; i < 6; i++) tracks.push(track(`b-${i}`, 70, -14, 1, 'minor'));
	for (let i = 0; i < 12; i++) tracks.push(track(`c-${i}`, 150, -14, 0, 'major'));
	const lib = prepareLibrary(tracks, {groups: GROUPS});
	const members = [Array.from({length: 6}, (_, i) => i), Array.from({length: 6}, (_, i) => 6 + i), Array.from({length: 12}, (_, i) => 12 + i)];
	const names = relativeNames(
		traitValues(lib),
		members.map(m => ({members: m, tempi: m.map(index => lib.bpm[index]!)})),
	);
	t.is(new Set(names).size, 3);
	t.regex(names[0]!, /Dark/);
	t.regex(names[1]!, /Bright/);
	for (const name of names) t.notRegex(name, /\(\d+\)$/);
});

test('a BPM range is named only when narrow', t => {
	t.is(narrowBpmLabel([120, 122, 124, 126]), '120–126 BPM');
	t.is(narrowBpmLabel([60, 90, 120, 180]), undefined);
	t.is(narrowBpmLabel([Number.NaN]), undefined);
});

test('the range in a name is the range the playlist carries', t => {
	const {playlists} = buildPlaylists(library(), {groups: GROUPS, targetLength: 5});
	for (const playlist of playlists) {
		const match = /(\d+)(?:–(\d+))? BPM/.exec(playlist.name);
		if (!match) continue;
		t.deepEqual(playlist.bpmRange, [Number(match[1]), Number(match[2] ?? match[1])], playlist.name);
	}
});

test('groups no trait tells apart take their main keys, before the BPM range', t => {
	const tracks: StoredTrack[] = [];
	// Two slow, dark groups alike on every trait, in A minor and E minor, beside a fast, bright one.
	const minorTrack = (name: string, bpm: number, keyTonic: number) =>
		syntheticTrack({path: `/music/${name}.mp3`}, {bpm, loudnessDb: -14, mode: 'minor', keyTonic, vector: [-14, -1, bpm / 100]});
	for (let i = 0; i < 6; i++) tracks.push(minorTrack(`a-${i}`, 70 + (i % 2), 9));
	for (let i = 0; i < 6; i++) tracks.push(minorTrack(`b-${i}`, 70 + (i % 2), 4));
	for (let i = 0; i < 12; i++) tracks.push(track(`c-${i}`, 150 + i, -14, 1, 'major'));
	const lib = prepareLibrary(tracks, {groups: GROUPS});
	const members = [Array.from({length: 6}, (_, i) => i), Array.from({length: 6}, (_, i) => 6 + i), Array.from({length: 12}, (_, i) => 12 + i)];
	const [a, b, c] = relativeNames(
		traitValues(lib),
		members.map(m => ({members: m, tempi: m.map(index => lib.bpm[index]!), mainKey: lib.tracks[m[0]!]!.analysis.key})),
	);
	const traits = /^(.+) · ([A-G]#? minor) · 70–71 BPM$/;
	t.is(traits.exec(a!)?.[2], 'A minor', a);
	t.is(traits.exec(b!)?.[2], 'E minor', b);
	t.is(traits.exec(a!)?.[1], traits.exec(b!)?.[1]);
	t.notRegex(c!, /major ·|minor ·/);
});

test('generated libraries: trait words in one order, at most three, no name the same traits as another without its key', t => {
	const order = ['Balanced', 'Slower', 'Faster', 'Calm', 'Energetic', 'Dark', 'Bright', 'Major-key', 'Minor-key', 'Short', 'Long'];
	let named = 0;
	for (const seed of [1, 2, 3, 4]) {
		const library = syntheticLibrary({families: 8, perFamily: 8, seed, spread: 0.8});
		const {playlists} = buildPlaylists(library.tracks, {groups: library.groups, targetLength: 8});
		const traits = playlists.map(playlist =>
			playlist.name
				.split(' · ')
				.map(part => part.replace(/^Slightly /, ''))
				.filter(part => order.includes(part)),
		);
		const keyed = playlists.map(playlist => /· [A-G]#? (major|minor)( ·|$)/.test(playlist.name));
		traits.forEach((words, i) => {
			named++;
			t.deepEqual(
				words,
				[...words].sort((x, y) => order.indexOf(x) - order.indexOf(y)),
				playlists[i]!.name,
			);
			t.true(words.filter(word => word !== 'Balanced').length <= 3, playlists[i]!.name);
			for (let j = 0; j < traits.length; j++) {
				if (j === i) continue;
				const within = words.every(word => traits[j]!.includes(word));
				if (within) t.true(keyed[i], `${playlists[i]!.name} within ${playlists[j]!.name}`);
			}
		});
	}
	t.true(named > 20);
});
