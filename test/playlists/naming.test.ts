import test from 'ava';
import {buildPlaylists} from '../../source/playlists/build.js';
import {prepareLibrary} from '../../source/playlists/library.js';
import {groupTraits, narrowBpmLabel, relativeNames, traitValues} from '../../source/playlists/naming.js';
import type {StoredTrack} from '../../source/store/types.js';
import {syntheticTrack} from '../helpers/synthetic-library.js';

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
