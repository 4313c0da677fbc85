/** The playlists preview's paths: a and b mark the ends on a track or a neighbour, the path shows, y writes it. */
import test from 'ava';
import {render} from 'ink-testing-library';
import type {Neighbour, Playlist, PlaylistService, Preview, WriteResult} from '../../../source/playlists/types.js';
import {App} from '../../../source/ui/app.js';
import {PlaylistsOverlay} from '../../../source/ui/panels/playlists.js';
import {marksNote} from '../../../source/ui/panels/preview-rows.js';
import {cellWidth} from '../../../source/ui/text.js';
import {ThemeContext} from '../../../source/ui/theme.js';
import {FakeSession} from '../../helpers/fake-session.js';
import {screenAndKeys, settle} from '../../helpers/ink.js';
import {started, stripAnsi, T0} from '../../helpers/view.js';

function playlist(name: string, count: number, strategy?: Playlist['strategy']): Playlist {
	return {
		name,
		tracks: Array.from({length: count}, (_, i) => ({
			path: `/music/${name.toLowerCase()}/${String(i + 1).padStart(2, '0')}.mp3`,
			artist: 'Ann',
			title: `${name} ${i + 1}`,
			durationSeconds: 180,
			bpm: 100 + i,
			key: 'A minor',
			camelot: '8A',
		})),
		durationSeconds: count * 180,
		bpmRange: [100, 100 + count - 1],
		mainKeys: ['A minor'],
		...(strategy ? {strategy} : {}),
	};
}

const LISTS = [playlist('Calm', 6), playlist('Dark', 5)];

/** Answers previews and neighbours at once, paths when the test says so; records writes. */
class FakePaths implements PlaylistService {
	written: Playlist[][] = [];
	asked: Array<{from: string; to: string; length: number}> = [];
	#paths: Array<{resolve: (playlist: Playlist) => void; reject: (error: Error) => void}> = [];
	async preview(): Promise<Preview> {
		return {playlists: LISTS, trackCount: 11};
	}
	async neighbours(): Promise<Neighbour[]> {
		return LISTS[1]!.tracks.slice(0, 3).map((track, i) => ({track, distance: 0.1 * (i + 1)}));
	}
	async path(from: string, to: string, length: number): Promise<Playlist> {
		this.asked.push({from, to, length});
		return new Promise((resolve, reject) => this.#paths.push({resolve, reject}));
	}
	answer(playlist: Playlist): void {
		this.#paths.shift()!.resolve(playlist);
	}
	refuse(message: string): void {
		this.#paths.shift()!.reject(new Error(message));
	}
	async write(playlists: Playlist[]): Promise<WriteResult> {
		this.written.push(playlists);
		return {dir: '/home/me/playlists', written: playlists.map(p => `${p.name}.m3u8`), keptEdited: [], problems: []};
	}
}

function mount(service: PlaylistService, width = 80, height = 24) {
	const instance = render(
		<ThemeContext.Provider value={{color: false}}>
			<PlaylistsOverlay service={service} analysing={false} width={width} height={height} onLog={() => undefined} onClose={() => undefined} />
		</ThemeContext.Provider>,
	);
	const {screen, press} = screenAndKeys(instance);
	return {instance, screen, press};
}

const PATH = {...playlist('Step', 20, 'path'), name: 'Path · Ann - Calm 2 → Ann - Dark 3'};

test.serial('a marks the start on a track, b the destination on a neighbour: the path shows, y writes it, Esc goes back', async t => {
	const service = new FakePaths();
	const {press, instance} = mount(service);
	const open = await press('\r', 'j');
	t.regex(open, /y write this playlist · Esc back · a\/b path/);
	const marked = await press('a');
	t.regex(marked, /path from Ann - Calm 2 to b marks the destination/);
	t.deepEqual(service.asked, []);
	const nearby = await press('\r', 'j', 'j');
	t.regex(nearby, /Nearest to: Ann - Calm 2/);
	t.regex(nearby, /a start · b destination of a path · Esc back/);
	const loading = await press('b');
	t.deepEqual(service.asked, [{from: '/music/calm/02.mp3', to: '/music/dark/03.mp3', length: 20}]);
	t.regex(loading, /Path: Ann - Calm 2 → Ann - Dark 3/);
	t.regex(loading, /finding a path…/);
	t.notRegex(loading, /y write this path/, 'nothing to write yet');
	service.answer(PATH);
	const shown = await press();
	t.regex(shown, /20 tracks · 1:00:00 · 100–119 BPM · A minor/);
	t.regex(shown, /│ ▶ │ +1 │ Ann - Step 1 +│/);
	t.regex(shown, /y write this path · Esc back/);
	t.notRegex(shown, /path from/, 'the marks line gives way to the path');
	t.true(Math.max(...shown.split('\n').map(cellWidth)) <= 80);
	t.true(shown.split('\n').length <= 24);
	t.regex(await press('j', 'j'), /│ ▶ │ +3 │ Ann - Step 3 /);
	const wrote = await press('y');
	t.deepEqual(service.written, [[PATH]], 'y writes the path alone');
	t.regex(wrote, /wrote 1 playlist to \/home\/me\/playlists/);
	const back = await press('\u001B');
	t.regex(back, /Nearest to: Ann - Calm 2/);
	t.regex(back, /path from Ann - Calm 2 to Ann - Dark 3/, 'the marks stay for the next path');
	instance.unmount();
});

test.serial('the same track at both ends asks for nothing; a refused path says why; an answer after Esc is dropped', async t => {
	const service = new FakePaths();
	const {press, instance} = mount(service);
	const same = await press('\r', 'a', 'b');
	t.regex(same, /path from Ann - Calm 1 to Ann - Calm 1: the same track, mark another/);
	t.deepEqual(service.asked, []);
	await press('j', 'b');
	t.is(service.asked.length, 1);
	service.refuse('the start and the destination are one recording');
	const refused = await press();
	t.regex(refused, /cannot make a path: the start and the destination are one recording/);
	await press('\u001B', 'j', 'b');
	t.is(service.asked.length, 2);
	const left = await press('\u001B');
	service.answer(PATH);
	const after = await press();
	t.is(after, left, 'the path left with Esc does not come back');
	t.regex(after, /Playlist: Calm/);
	instance.unmount();
});

test.serial('without paths in the service, a and b do nothing and the hints do not offer them', async t => {
	const service = new FakePaths();
	const withoutPaths: PlaylistService = {
		preview: () => service.preview(),
		write: playlists => service.write(playlists),
		neighbours: () => service.neighbours(),
	};
	const {press, instance} = mount(withoutPaths);
	const open = await press('\r');
	t.notRegex(open, /a\/b path/);
	t.is(await press('a', 'j', 'b'), await press());
	t.notRegex(await press(), /path from/);
	instance.unmount();
});

test('marksNote: what the line says of each end', t => {
	const [one, two] = LISTS[0]!.tracks;
	t.is(marksNote({}), undefined);
	t.is(marksNote({from: one}), 'path from Ann - Calm 1 to b marks the destination');
	t.is(marksNote({to: two}), 'path from a marks the start to Ann - Calm 2');
	t.is(marksNote({from: one, to: one}), 'path from Ann - Calm 1 to Ann - Calm 1: the same track, mark another');
});

test.serial('80×24: the help lists a and b of the preview whole, and still fits', async t => {
	const session = new FakeSession();
	const instance = render(
		<App
			session={session}
			onQuit={() => undefined}
			color={false}
			columns={80}
			rows={24}
			frameMs={0}
			dataFrameMs={0}
			tickMs={0}
			clock={() => T0 + 5000}
			playlists={new FakePaths()}
		/>,
	);
	session.emit(started());
	await settle(50);
	instance.stdin.write('?');
	await settle(100);
	const help = stripAnsi(instance.lastFrame() ?? '');
	t.regex(help, /│a \/ b +on a track or neighbour: mark the start \/ the destination of a path +│/);
	t.regex(help, /│y +write what is shown \(all playlists, the open one or the path\) +│/);
	t.regex(help, /│Changes apply from the next chunk/);
	t.true(help.split('\n').length <= 24);
	instance.unmount();
});
