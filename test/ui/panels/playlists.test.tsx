import test from 'ava';
import {render} from 'ink-testing-library';
import type {Neighbour, Playlist, PlaylistService, PlaylistTrack, Preview, WriteResult} from '../../../source/playlists/types.js';
import {PlaylistsOverlay} from '../../../source/ui/panels/playlists.js';
import {describeWrite, LIST_COLUMNS, playlistRows, previewNote} from '../../../source/ui/panels/preview-rows.js';
import {fitTable, windowStart} from '../../../source/ui/table.js';
import {cellWidth} from '../../../source/ui/text.js';
import {ThemeContext} from '../../../source/ui/theme.js';
import {screenAndKeys, settle} from '../../helpers/ink.js';
import {stripAnsi} from '../../helpers/view.js';

function playlist(name: string, count: number, bpm: [number, number], keys: string[]): Playlist {
	return {
		name,
		tracks: Array.from({length: count}, (_, i) => ({
			path: `/music/${name.toLowerCase()}/${String(i + 1).padStart(2, '0')}.mp3`,
			artist: i % 2 === 0 ? 'Ann' : undefined,
			title: i % 2 === 0 ? `${name} song ${i + 1}` : undefined,
			durationSeconds: 180 + i,
			bpm: bpm[0] + i,
			key: keys[0]!,
			camelot: '8A',
		})),
		durationSeconds: count * 181,
		bpmRange: bpm,
		mainKeys: keys,
	};
}

class FakePlaylists implements PlaylistService {
	written: Playlist[][] = [];
	previews = 0;
	constructor(
		private readonly lists: Playlist[],
		private readonly fail?: string,
	) {}
	async preview(): Promise<Preview> {
		this.previews++;
		if (this.fail) throw new Error(this.fail);
		return {playlists: this.lists, trackCount: 42};
	}
	async write(playlists: Playlist[]): Promise<WriteResult> {
		this.written.push(playlists);
		return {dir: '/home/me/playlists', written: playlists.map(p => `${p.name}.m3u8`), keptEdited: [], problems: []};
	}
}

const LISTS = [
	playlist('Upbeat · Bright · 120–128 BPM', 12, [120, 128], ['A minor', 'C major']),
	playlist('Calm · Warm', 5, [80, 92], ['D major']),
	playlist('Dark · Driving', 7, [130, 140], ['E minor']),
];

function mount(service: PlaylistService, options: {analysing?: boolean; width?: number; height?: number} = {}) {
	const logs: string[] = [];
	let closed = 0;
	const instance = render(
		<ThemeContext.Provider value={{color: false}}>
			<PlaylistsOverlay
				service={service}
				analysing={options.analysing ?? false}
				width={options.width ?? 80}
				height={options.height ?? 22}
				onLog={(level, text) => logs.push(`${level}: ${text}`)}
				onClose={() => closed++}
			/>
		</ThemeContext.Provider>,
	);
	const {screen, press} = screenAndKeys(instance);
	return {instance, screen, press, logs, closed: () => closed};
}

test.serial('a table of playlists: name, tracks, duration, BPM range, main key', async t => {
	const {screen, instance} = mount(new FakePlaylists(LISTS), {width: 90});
	const text = await screen();
	t.regex(text, /│ +│ name +│ tracks │ time +│ BPM +│ main key +│/);
	t.regex(text, /│ ▶ │ Upbeat · Bright · 120–128 BPM │ +12 │ +36:12 │ 120–128 │ A minor +│/);
	t.regex(text, /│ {3}│ Calm · Warm +│ +5 │ +15:05 │ +80–92 │ D major +│/);
	t.regex(text, /Enter open · y write all · r rebuild · Esc close/);
	t.notRegex(text, /analysis still runs/);
	t.true(Math.max(...text.split('\n').map(cellWidth)) <= 90);
	instance.unmount();
});

test.serial('while the analysis runs, the preview says it is built from what is analysed so far', async t => {
	const {screen, instance} = mount(new FakePlaylists(LISTS), {analysing: true});
	t.regex(await screen(), /Built from 42 analysed tracks; analysis still runs \(r rebuilds\)\./);
	instance.unmount();
});

test.serial('arrows select, Enter shows the tracks in order, Esc goes back, Esc again closes', async t => {
	const {press, instance, closed} = mount(new FakePlaylists(LISTS));
	const selected = await press('\u001B[B');
	t.regex(selected, /│ ▶ │ Calm · Warm/);
	const open = await press('\r');
	t.regex(open, /Playlist: Calm · Warm/);
	t.regex(open, /5 tracks · 15:05 · 80–92 BPM · D major/);
	t.regex(open, /│ ▶ │ +1 │ Ann - Calm · Warm song 1 │ +3:00 │ +80 │ D major 8A │/);
	t.regex(open, /│ {3}│ +2 │ 02\.mp3 +│ +3:01 │ +81 │/);
	const back = await press('\u001B');
	t.regex(back, /Playlists preview/);
	t.is(closed(), 0);
	await press('\u001B');
	t.is(closed(), 1);
	instance.unmount();
});

test.serial('y writes all playlists from the list, the open one from its tracks, and says where', async t => {
	const service = new FakePlaylists(LISTS);
	const {press, instance, logs} = mount(service);
	const all = await press('y');
	t.is(service.written[0]!.length, 3);
	t.regex(all, /wrote 3 playlists to \/home\/me\/playlists/);
	await press('j', '\r');
	const one = await press('y');
	t.deepEqual(
		service.written[1]!.map(p => p.name),
		['Calm · Warm'],
	);
	t.regex(one, /wrote 1 playlist to \/home\/me\/playlists/);
	t.deepEqual(logs, ['info: wrote 3 playlists to /home/me/playlists', 'info: wrote 1 playlist to /home/me/playlists']);
	instance.unmount();
});

test.serial('errors and empty previews are said plainly', async t => {
	const failing = mount(new FakePlaylists([], 'the store is empty'));
	t.regex(await failing.screen(), /cannot build playlists: the store is empty/);
	failing.instance.unmount();
	const empty = mount(new FakePlaylists([]));
	t.regex(await empty.screen(), /no playlists yet: analyse some tracks first/);
	empty.instance.unmount();
});

test.serial('many playlists scroll in a window that follows the selection; narrow tables drop columns', async t => {
	const many = Array.from({length: 20}, (_, i) => playlist(`List ${i + 1}`, 3, [100, 110], ['G major']));
	const {press, instance} = mount(new FakePlaylists(many), {width: 50, height: 16});
	const text = await press(...Array.from({length: 12}, () => 'j'));
	t.regex(text, /│ ▶ │ List 13/);
	t.regex(text, /\d+–\d+ of 20/);
	t.notRegex(text, /List 1 /);
	t.true(Math.max(...text.split('\n').map(cellWidth)) <= 50);
	instance.unmount();
});

test.serial('a preview built while analysing says how many tracks the build read, and that r rebuilds once analysis has finished', async t => {
	const service = new FakePlaylists(LISTS);
	const overlay = (analysing: boolean) => (
		<ThemeContext.Provider value={{color: false}}>
			<PlaylistsOverlay service={service} analysing={analysing} width={80} height={22} onLog={() => {}} onClose={() => {}} />
		</ThemeContext.Provider>
	);
	const instance = render(overlay(true));
	await settle();
	t.regex(stripAnsi(instance.lastFrame() ?? ''), /Built from 42 analysed tracks; analysis still runs \(r rebuilds\)\./);
	instance.rerender(overlay(false));
	await settle();
	t.regex(stripAnsi(instance.lastFrame() ?? ''), /Built from 42 analysed tracks; analysis has finished: r rebuilds\./);
	instance.stdin.write('r');
	await settle(20);
	t.is(service.previews, 2);
	t.notRegex(stripAnsi(instance.lastFrame() ?? ''), /Built from/);
	instance.unmount();
});

test('previewNote: while building, after a build from part of the library, and from all of it', t => {
	const ready = (analysing: boolean) => ({kind: 'ready' as const, playlists: LISTS, from: {analysing, trackCount: 42}});
	t.is(previewNote({kind: 'loading'}, true), 'Building from the tracks analysed so far; analysis still runs.');
	t.is(previewNote({kind: 'loading'}, false), undefined);
	t.is(previewNote(ready(true), true), 'Built from 42 analysed tracks; analysis still runs (r rebuilds).');
	t.is(previewNote(ready(true), false), 'Built from 42 analysed tracks; analysis has finished: r rebuilds.');
	t.is(previewNote(ready(false), false), undefined);
	const held = {kind: 'ready' as const, playlists: LISTS, from: {analysing: true, trackCount: 42, held: true}};
	t.is(previewNote(held, true), 'Analysis held while this is open: the budget has no room for both.');
	t.is(previewNote(held, false), 'Built from 42 analysed tracks; analysis has finished: r rebuilds.', 'finished during the hold');
});

test('80 columns: playlist names stay whole; the key column goes first', t => {
	const names = ['Slower · Slightly Bright · Minor-key', 'Balanced · Slightly Major-key', 'Calm · Dark'];
	const rows = playlistRows(
		names.map((name, i) => playlist(name, 8 + i, [70, 180], ['A minor', 'C# major'])),
		0,
	);
	const fitted = fitTable(rows, LIST_COLUMNS, 78);
	t.deepEqual(
		fitted.rows.map(row => row['name']!.trim()),
		names,
	);
	t.false(fitted.columns.some(column => column.key === 'main key'));
	t.true(fitted.columns.some(column => column.key === 'BPM'));
	// Short names leave room for every column.
	const short = fitTable(playlistRows([playlist('Calm · Dark', 8, [70, 90], ['A minor', 'C# major'])], 0), LIST_COLUMNS, 78);
	t.true(short.columns.some(column => column.key === 'main key'));
});

test('helpers: table fitting, scrolling window, write summary', t => {
	const fitted = fitTable([{name: 'a very long playlist name indeed', n: '1'}], [{key: 'name', flexible: true}, {key: 'n'}], 24);
	t.is(fitted.rows[0]!['name']!.length, 16);
	t.true(fitted.rows[0]!['name']!.endsWith('…'));
	// Two flexible columns share the cut, widest first: the shorter keeps its text while it can.
	const shared = fitTable(
		[{a: 'x'.repeat(30), b: 'y'.repeat(12)}],
		[
			{key: 'a', flexible: true},
			{key: 'b', flexible: true},
		],
		40,
	);
	t.deepEqual([shared.rows[0]!['a']!.length, shared.rows[0]!['b']!.length], [21, 12]);
	const both = fitTable(
		[{a: 'x'.repeat(30), b: 'y'.repeat(30)}],
		[
			{key: 'a', flexible: true},
			{key: 'b', flexible: true},
		],
		40,
	);
	t.deepEqual([both.rows[0]!['a']!.length, both.rows[0]!['b']!.length], [17, 16]);
	t.is(windowStart(0, 5, 20), 0);
	t.is(windowStart(10, 5, 20), 8);
	t.is(windowStart(19, 5, 20), 15);
	t.is(
		describeWrite({dir: 'out', written: ['a'], keptEdited: ['b', 'c'], problems: [{path: 'x\ny', message: 'newline in path'}]}),
		'wrote 1 playlist to out; 2 edited by hand kept; 1 track left out (newline in path)',
	);
	const changes = {
		mode: 'grown' as const,
		kept: [{name: 'Calm', added: ['/m/a.flac'], left: []}],
		renamed: [],
		created: [],
		dissolved: [],
		deleted: ['/m/b.flac'],
	};
	t.is(
		describeWrite({dir: 'out', written: ['a'], keptEdited: [], problems: [], changes}),
		'wrote 1 playlist to out; 1 track added to Calm; 1 track removed (files deleted)',
	);
});

type Neighbours = Neighbour[];

/** A service that answers neighbour queries when the test says so. */
class FakeNeighbours extends FakePlaylists {
	asked: Array<{path: string; limit: number}> = [];
	#answers: Array<{resolve: (neighbours: Neighbours) => void; reject: (error: Error) => void}> = [];
	async neighbours(path: string, limit: number): Promise<Neighbours> {
		this.asked.push({path, limit});
		return new Promise((resolve, reject) => this.#answers.push({resolve, reject}));
	}
	answer(neighbours: Neighbours): void {
		this.#answers.shift()!.resolve(neighbours);
	}
	refuse(message: string): void {
		this.#answers.shift()!.reject(new Error(message));
	}
}

/** Two tracks of Calm · Warm, one of Dark · Driving and one in no playlist, nearest first. */
function neighboursOfCalmTrack2(): Neighbours {
	const calm = LISTS[1]!.tracks;
	const dark = LISTS[2]!.tracks;
	const outside: PlaylistTrack = {path: '/music/elsewhere/lone.mp3', title: 'Lone', durationSeconds: 200, bpm: 99.6, key: 'F major', camelot: '7B'};
	return [
		{track: calm[0]!, distance: 0.123_456},
		{track: dark[3]!, distance: 0.2},
		{track: outside, distance: 0.345_67},
		{track: calm[2]!, distance: 0.5},
	];
}

test.serial('Enter on a track shows its nearest tracks with the playlist each is in; Esc returns to the same track', async t => {
	const service = new FakeNeighbours(LISTS);
	const {press, instance, closed} = mount(service, {width: 100});
	const open = await press('j', '\r', 'j');
	t.regex(open, /Enter neighbours · y write this playlist · Esc back/);
	const loading = await press('\r');
	t.deepEqual(service.asked, [{path: '/music/calm · warm/02.mp3', limit: 10}]);
	t.regex(loading, /Nearest to: 02\.mp3/);
	t.regex(loading, /finding neighbours…/);
	t.notRegex(loading, /│ # │/);
	service.answer(neighboursOfCalmTrack2());
	const text = await press();
	t.notRegex(text, /finding neighbours/);
	t.regex(text, /2 of 4 neighbours in this playlist/);
	t.regex(text, /│ +│ # │ track +│ distance │ BPM │ key +│ playlist +│/);
	t.regex(text, /│ ▶ │ 1 │ Ann - Calm · Warm song 1 +│ +0\.1235 │ +80 │ D major 8A │ Calm · Warm +│/);
	t.regex(text, /│ {3}│ 2 │ 04\.mp3 +│ +0\.2000 │ 133 │ E minor 8A │ Dark · Driving +│/);
	t.regex(text, /│ {3}│ 3 │ Lone +│ +0\.3457 │ 100 │ F major 7B │ — +│/);
	t.regex(text, /↑\/↓ select · Esc back/);
	t.true(Math.max(...text.split('\n').map(cellWidth)) <= 100);
	const moved = await press('j');
	t.regex(moved, /│ ▶ │ 2 │ 04\.mp3/);
	// y writes nothing from here: the hint does not offer it.
	await press('y');
	t.is(service.written.length, 0);
	const back = await press('\u001B');
	t.regex(back, /Playlist: Calm · Warm/);
	t.regex(back, /│ ▶ │ +2 │ 02\.mp3/);
	t.is(closed(), 0);
	instance.unmount();
});

test.serial('an answer that comes after Esc is dropped; a failed query shows a red line', async t => {
	const service = new FakeNeighbours(LISTS);
	const {press, instance} = mount(service);
	await press('\r', '\r');
	await press('\u001B');
	service.answer(neighboursOfCalmTrack2());
	const back = await press();
	t.regex(back, /Playlist: Upbeat/);
	t.notRegex(back, /Nearest to/);
	await press('\r');
	service.refuse('the store is locked');
	const failed = await press();
	t.regex(failed, /Nearest to: Ann - Upbeat · Bright · 120–128 BPM song 1/);
	t.regex(failed, /cannot find neighbours: the store is locked/);
	instance.unmount();
});

test.serial('80 columns: the neighbours table keeps the playlist column and drops the key', async t => {
	const service = new FakeNeighbours(LISTS);
	const {press, instance} = mount(service, {width: 80, height: 22});
	await press('j', '\r', 'j', '\r');
	// A neighbour in the playlist with the longest name: the playlist column needs its room.
	service.answer([...neighboursOfCalmTrack2(), {track: LISTS[0]!.tracks[0]!, distance: 0.6}]);
	const text = await press();
	t.regex(text, /│ # │ track +│ distance │ BPM │ playlist +│/);
	t.notRegex(text, /│ key/);
	t.regex(text, /│ Dark · Driving +│/);
	t.true(Math.max(...text.split('\n').map(cellWidth)) <= 80);
	instance.unmount();
});

test.serial('without neighbours in the service, Enter on a track does nothing', async t => {
	const {press, instance} = mount(new FakePlaylists(LISTS));
	const open = await press('j', '\r', 'j');
	t.regex(open, /↑\/↓ select · y write this playlist · Esc back/);
	const after = await press('\r');
	t.is(after, open);
	t.regex(after, /Playlist: Calm · Warm/);
	instance.unmount();
});

/** A service whose previews answer when the test says, in any order. */
class HeldPlaylists implements PlaylistService {
	answers: Array<(preview: Preview) => void> = [];
	closes = 0;
	async preview(): Promise<Preview> {
		return new Promise(resolve => this.answers.push(resolve));
	}
	async write(): Promise<WriteResult> {
		return {dir: '/home/me/playlists', written: [], keptEdited: [], problems: []};
	}
	close(): void {
		this.closes++;
	}
}

test.serial('r while a build runs: the answer of the build it replaced is dropped, whenever it comes', async t => {
	const service = new HeldPlaylists();
	const {screen, press, instance} = mount(service);
	await screen();
	await press('r');
	t.is(service.answers.length, 2);
	service.answers[1]!({playlists: [playlist('Newer build', 4, [100, 110], ['C major'])], trackCount: 4});
	t.regex(await screen(), /Newer build/);
	service.answers[0]!({playlists: LISTS, trackCount: 42});
	const text = await screen();
	t.regex(text, /Newer build/);
	t.notRegex(text, /Upbeat/);
	instance.unmount();
});

test.serial('closing the preview lets the service free what it holds for it', async t => {
	const service = new HeldPlaylists();
	const {screen, instance} = mount(service);
	await screen();
	t.is(service.closes, 0);
	instance.unmount();
	t.is(service.closes, 1);
});
