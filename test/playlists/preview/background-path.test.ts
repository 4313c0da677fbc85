/** The live view's paths: made in the preview's child process from the store, written apart from the build. */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {readSlimTracks} from '../../../source/commands/store-tracks.js';
import {parseM3u8} from '../../helpers/m3u.js';
import {neighbourSearch} from '../../../source/playlists/similarity/nearest.js';
import type {PlaylistSettings} from '../../../source/playlists/service.js';
import {libraryRoute, pathPlaylist} from '../../../source/playlists/order/song-path.js';
import {BackgroundPlaylistService} from '../../../source/playlists/preview/background-service.js';
import {moduleWorkerUrl} from '../../../source/util/module-worker.js';
import {tempDir} from '../../helpers/fixtures.js';
import {syntheticLibrary} from '../../helpers/synthetic-library.js';
import {writeSyntheticStore} from '../../helpers/synthetic-store.js';

function settings(outputDir: string): PlaylistSettings {
	return {outputDir, strategy: 'clusters', k: undefined, length: 30, maxLength: 500, format: 'm3u8', absolutePaths: false, weights: {}};
}

async function service(t: Parameters<typeof tempDir>[0]) {
	const {tracks, groups} = syntheticLibrary({families: 4, perFamily: 10, spread: 0.6});
	const file = path.join(tempDir(t), 'library.db');
	await writeSyntheticStore(file, tracks);
	const out = tempDir(t);
	const threaded = new BackgroundPlaylistService({
		serverUrl: moduleWorkerUrl('commands/preview-worker', import.meta.url),
		serverData: {store: file, root: undefined},
		settings: settings(out),
		groups,
	});
	t.teardown(() => threaded.close());
	return {threaded, tracks, groups, file, out};
}

test('the child process makes the path this thread makes from the same store: FROM first, TO last, N distinct tracks', async t => {
	const {threaded, tracks, groups, file} = await service(t);
	const [from, to] = [tracks[2]!.path, tracks[35]!.path];
	const made = await threaded.path(from, to, 9);
	const search = neighbourSearch(await readSlimTracks(file, undefined), {weights: {}, groups});
	const index = (file: string) => search.library.tracks.findIndex(track => track.path === file);
	const here = pathPlaylist(search.library, libraryRoute(search.library, search.similarity, [index(from), index(to)], 9));
	t.deepEqual(made, here);
	t.is(made.strategy, 'path');
	t.is(made.tracks.length, 9);
	t.is(made.tracks[0]!.path, from);
	t.is(made.tracks.at(-1)!.path, to);
	t.is(new Set(made.tracks.map(track => track.path)).size, 9);
	t.is(threaded.processesStarted, 1);
});

test('a path longer than the library holds every track; one track twice or an unknown track is refused with its reason', async t => {
	const {threaded, tracks} = await service(t);
	t.is((await threaded.path(tracks[0]!.path, tracks[1]!.path, 500)).tracks.length, tracks.length);
	await t.throwsAsync(threaded.path(tracks[0]!.path, tracks[0]!.path, 5), {message: 'the start and the destination are one track'});
	await t.throwsAsync(threaded.path(tracks[0]!.path, '/music/unknown.mp3', 5), {message: /\/music\/unknown\.mp3 is not among the analysed tracks/});
});

test('a path written from the preview is a path file of its own: the build’s playlists and left-out tracks stay out of it', async t => {
	const {threaded, tracks, out} = await service(t);
	const preview = await threaded.preview();
	await threaded.write(preview.playlists);
	const written = fs.readdirSync(out).filter(name => name.endsWith('.m3u8'));
	t.true(written.length >= 2);
	threaded.lastBuild!.problems.push({path: '/music/gone.mp3', message: 'no similarity vector'});
	const playlist = await threaded.path(tracks[3]!.path, tracks[30]!.path, 6);
	const result = await threaded.write([playlist]);
	t.deepEqual(result.problems, [], 'the build’s left-out tracks are not the path’s');
	t.deepEqual(result.removed, [], 'the playlists of the build stay');
	t.deepEqual(result.written, [path.join(out, `${playlist.name}.m3u8`)]);
	const text = fs.readFileSync(result.written[0]!, 'utf8');
	t.regex(text, /PLAYLISTGEN:v1 set=path /);
	t.deepEqual(
		parseM3u8(text).entries.map(entry => path.resolve(out, entry.path)),
		playlist.tracks.map(track => track.path),
	);
	t.deepEqual(
		fs
			.readdirSync(out)
			.filter(name => name.endsWith('.m3u8'))
			.sort(),
		[...written, path.basename(result.written[0]!)].sort(),
	);
});
