import path from 'node:path';
import test from 'ava';
import {readSlimTracks} from '../../../source/commands/store-tracks.js';
import {createPlaylistService, type PlaylistSettings} from '../../../source/playlists/service.js';
import {PART_TRACKS} from '../../../source/playlists/preview/preview-protocol.js';
import {previewNeedBytes} from '../../../source/playlists/preview/preview-memory.js';
import {playlistsPart} from '../../../source/playlists/preview/preview-server.js';
import type {Playlist} from '../../../source/playlists/types.js';
import {BackgroundPlaylistService, type BackgroundServiceOptions} from '../../../source/playlists/preview/background-service.js';
import type {StoredTrack} from '../../../source/store/types.js';
import {moduleWorkerUrl} from '../../../source/util/module-worker.js';
import {forceGc} from '../../../source/memory/gc.js';
import {readSmapsRollup} from '../../../source/memory/working-set.js';
import {tempDir} from '../../helpers/fixtures.js';
import {syntheticLibrary} from '../../helpers/synthetic-library.js';
import {writeSyntheticStore} from '../../helpers/synthetic-store.js';
import {waitFor} from '../../helpers/wait.js';

const previewWorker = moduleWorkerUrl('commands/preview-worker', import.meta.url);

function settings(outputDir: string, overrides: Partial<PlaylistSettings> = {}): PlaylistSettings {
	return {outputDir, strategy: 'clusters', k: undefined, length: 30, maxLength: 500, format: 'm3u8', absolutePaths: false, weights: {}, ...overrides};
}

/** A store of `families × perFamily` synthetic tracks in a fresh folder, and their weight groups. */
async function syntheticStore(t: Parameters<typeof tempDir>[0], families: number, perFamily: number) {
	const {tracks, groups} = syntheticLibrary({families, perFamily, spread: 0.6});
	const file = path.join(tempDir(t), 'library.db');
	await writeSyntheticStore(file, tracks);
	return {file, tracks, groups};
}

function threaded(t: Parameters<typeof tempDir>[0], options: Omit<BackgroundServiceOptions, 'serverUrl'> & {serverUrl?: URL}): BackgroundPlaylistService {
	const service = new BackgroundPlaylistService({serverUrl: previewWorker, ...options});
	t.teardown(() => service.close());
	return service;
}

test('the child process builds the same playlists and finds the same neighbours as the build on this thread', async t => {
	const {file, tracks, groups} = await syntheticStore(t, 6, 12);
	const dir = tempDir(t);
	const serverData = {store: file, root: undefined};
	const service = threaded(t, {serverData, settings: settings(dir), groups});
	const inThread = createPlaylistService({loadTracks: () => readSlimTracks(file, undefined), settings: settings(dir), groups});
	const [offThreadPreview, herePreview] = [await service.preview(), await inThread.preview()];
	const [offThread, here] = [offThreadPreview.playlists, herePreview.playlists];
	t.true(here.length >= 3);
	t.deepEqual(offThread, here);
	t.is(offThreadPreview.trackCount, tracks.length, 'the count of tracks the build read');
	t.is(herePreview.trackCount, tracks.length);
	const seed = tracks[17]!.path;
	t.deepEqual(await service.neighbours(seed, 8), await inThread.neighbours(seed, 8));
	t.is(service.processesStarted, 1, 'the neighbours come from the process that built the preview');
	await t.throwsAsync(service.neighbours('/music/unknown.mp3', 5), {message: /is not among the analysed tracks/});
});

test('the library folder limits the child process to the tracks under it', async t => {
	const {file} = await syntheticStore(t, 3, 6);
	const service = threaded(t, {
		serverData: {store: file, root: '/music/family-02'},
		settings: settings(tempDir(t)),
		groups: syntheticLibrary({families: 1, perFamily: 1}).groups,
	});
	const playlists = (await service.preview()).playlists;
	const paths = playlists.flatMap(playlist => playlist.tracks.map(track => track.path));
	t.is(paths.length, 6);
	t.true(paths.every(file => file.startsWith('/music/family-02/')));
});

test('the build waits for room in the memory budget for the library it loads, and gives it back at close', async t => {
	const {file, tracks, groups} = await syntheticStore(t, 3, 6);
	const asked: string[] = [];
	let open!: () => void;
	const room = {
		async make(bytes: number, what: string) {
			asked.push(`${what}: ${bytes}`);
			await new Promise<void>(resolve => (open = resolve));
			return {held: true, release: () => asked.push('released')};
		},
	};
	const service = threaded(t, {
		serverData: {store: file, root: undefined},
		settings: settings(tempDir(t)),
		groups,
		room,
	});
	let settled = false;
	const preview = service.preview().finally(() => (settled = true));
	// The child process counts the store's tracks (off the thread that draws the view), then the room is asked for.
	await waitFor(() => asked.length > 0);
	t.deepEqual(asked, [`the playlists preview: ${previewNeedBytes(tracks.length)}`]);
	t.is(service.processesStarted, 1, 'the one process, which counted the tracks');
	await new Promise(resolve => setTimeout(resolve, 100));
	t.false(settled, 'no build before the room is there');
	open();
	const built = await preview;
	t.true(built.held);
	t.is(built.trackCount, tracks.length);
	await service.neighbours(tracks[0]!.path, 3);
	t.is(asked.length, 1, 'asked once while the preview is open');
	service.close();
	await waitFor(() => asked.length > 1);
	t.deepEqual(asked.slice(1), ['released']);
});

test.serial('the library leaves with the child process: once the preview is closed this process holds no more than before it', async t => {
	const {file, groups} = await syntheticStore(t, 40, 200);
	let released: () => void = () => {};
	const room = {make: async () => ({held: false, release: () => released()})};
	const service = threaded(t, {serverData: {store: file, root: undefined}, settings: settings(tempDir(t)), groups, room});
	const anonymous = () => {
		forceGc();
		return readSmapsRollup('self')!.pssAnon!;
	};
	const before = anonymous();
	// Opened and closed twice, as a user looks at the preview now and then during a run.
	for (let round = 0; round < 2; round++) {
		const gone = new Promise<void>(resolve => (released = resolve));
		t.is((await service.preview()).trackCount, 8000);
		service.close();
		await gone;
	}
	const after = anonymous();
	t.log(`anonymous memory ${(before / 2 ** 20).toFixed(1)} MiB before the preview, ${(after / 2 ** 20).toFixed(1)} MiB after it closed twice`);
	// Built in a worker thread, the library stayed with this process's allocator: 6.5 MiB after one look at 8,000 tracks.
	t.true(after - before < 2 * 2 ** 20, `${((after - before) / 2 ** 20).toFixed(1)} MiB more than before`);
});

test('a build that fails in the child process rejects with its message, and the next build works', async t => {
	const {file, groups} = await syntheticStore(t, 3, 6);
	const broken = threaded(t, {serverUrl: new URL('fixtures/broken-library-server.ts', import.meta.url), settings: settings(tempDir(t)), groups});
	const brokenLibrary = async () => [{path: '/music/broken.mp3', analysis: null} as unknown as StoredTrack];
	const here = await t.throwsAsync(createPlaylistService({loadTracks: brokenLibrary, settings: settings(tempDir(t)), groups}).preview());
	await t.throwsAsync(broken.preview(), {message: here.message}, 'the message of the error the build threw');
	t.is(broken.processesStarted, 1);
	await t.throwsAsync(broken.neighbours('/music/broken.mp3', 3), {instanceOf: Error}, 'the process outlives the error and answers again');
	t.is(broken.processesStarted, 1);
	const missing = threaded(t, {serverData: {store: path.join(tempDir(t), 'none.db'), root: undefined}, settings: settings(tempDir(t)), groups});
	await t.throwsAsync(missing.preview(), {message: /no store at/});
	const good = threaded(t, {serverData: {store: file, root: undefined}, settings: settings(tempDir(t)), groups});
	t.true((await good.preview()).playlists.length > 0);
});

test('a child process that runs out of memory gives a clear error, and the next request starts a new one', async t => {
	const service = threaded(t, {
		serverUrl: new URL('fixtures/hungry-server.ts', import.meta.url),
		maxOldSpaceMb: 48,
		settings: settings(tempDir(t)),
		groups: [],
	});
	await t.throwsAsync(service.preview(), {message: 'the playlists process ran out of memory'});
	await t.throwsAsync(service.neighbours('/music/a.mp3', 3), {message: 'the playlists process ran out of memory'});
	t.is(service.processesStarted, 2);
});

test('a second preview replaces a build still running; close ends the process and what waits on it', async t => {
	const {file, groups} = await syntheticStore(t, 10, 40);
	const service = threaded(t, {serverData: {store: file, root: undefined}, settings: settings(tempDir(t)), groups});
	const first = service.preview();
	const second = service.preview();
	await t.throwsAsync(first, {message: 'the build was replaced by a newer one'});
	t.true((await second).playlists.length > 0);
	const waiting = service.preview();
	service.close();
	await t.throwsAsync(waiting, {message: 'the playlists preview was closed'});
	t.true((await service.preview()).playlists.length > 0, 'a request after close starts a new process');
	t.is(service.processesStarted, 3);
});

test.serial('this thread keeps turning while the child process builds a preview of a few thousand tracks', async t => {
	const {file, groups} = await syntheticStore(t, 30, 100);
	const service = threaded(t, {serverData: {store: file, root: undefined}, settings: settings(tempDir(t)), groups});
	// A timer every 5 ms while the build runs: the longest wait between two of its callbacks is what a
	// key press or a frame would have waited.
	let ticks = 0;
	let last = performance.now();
	let longestGap = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		longestGap = Math.max(longestGap, now - last);
		last = now;
		ticks++;
	}, 5);
	const start = performance.now();
	try {
		const playlists = (await service.preview()).playlists;
		t.is(
			playlists.reduce((sum, playlist) => sum + playlist.tracks.length, 0),
			3000,
			'every part of the build came over',
		);
	} finally {
		clearInterval(timer);
	}
	const took = performance.now() - start;
	t.log(`build ${took.toFixed(0)} ms, ${ticks} ticks, longest gap ${longestGap.toFixed(0)} ms`);
	// On this thread the build would be one gap as long as itself.
	t.true(took > 300, 'the build is long enough to tell');
	t.true(ticks >= 10);
	t.true(longestGap < took / 3, `longest gap ${longestGap.toFixed(0)} ms of a ${took.toFixed(0)} ms build`);
});

test('a build comes over in parts of about PART_TRACKS tracks, in order, each with at least one playlist', t => {
	const playlist = (name: string, tracks: number) =>
		({name, tracks: Array.from({length: tracks}), durationSeconds: 0, bpmRange: [0, 0], mainKeys: []}) as unknown as Playlist;
	const sizes = [PART_TRACKS - 10, 5, 6, PART_TRACKS + 40, 30, 30];
	const playlists = sizes.map((size, index) => playlist(`p${index}`, size));
	const parts: string[][] = [];
	for (let from = 0; from < playlists.length;) {
		const part = playlistsPart(playlists, from);
		parts.push(part.map(each => each.name));
		from += part.length;
	}
	t.deepEqual(parts, [['p0', 'p1'], ['p2'], ['p3'], ['p4', 'p5']]);
	t.deepEqual(playlistsPart(playlists, playlists.length), []);
});
