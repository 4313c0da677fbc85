import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {createPlaylistService, type PlaylistSettings} from '../../source/playlists/service.js';
import type {PlaylistService} from '../../source/playlists/types.js';
import type {StoredTrack} from '../../source/store/types.js';
import {tempDir} from '../helpers/fixtures.js';
import {syntheticLibrary, syntheticTrack} from '../helpers/synthetic-library.js';

function settings(outputDir: string, overrides: Partial<PlaylistSettings> = {}): PlaylistSettings {
	return {outputDir, strategy: 'clusters', k: undefined, length: 30, maxLength: 500, format: 'm3u8', absolutePaths: false, weights: {}, ...overrides};
}

test('preview builds from what the store holds at each call (analysis may still be running)', async t => {
	const {tracks, groups} = syntheticLibrary({families: 3, perFamily: 6});
	let available: StoredTrack[] = tracks.slice(0, 6);
	const service: PlaylistService = createPlaylistService({loadTracks: async () => available, settings: settings(tempDir(t)), groups});
	const earlyPreview = await service.preview();
	t.is(earlyPreview.trackCount, 6, 'the tracks the build read');
	const early = earlyPreview.playlists;
	t.is(
		early.reduce((sum, playlist) => sum + playlist.tracks.length, 0),
		6,
	);
	available = tracks;
	const later = (await service.preview()).playlists;
	t.is(
		later.reduce((sum, playlist) => sum + playlist.tracks.length, 0),
		18,
	);
	t.is(later.length, 3);
});

test('write uses the configured folder and format, lists failures, and reports tracks the build left out', async t => {
	const {tracks, groups} = syntheticLibrary({families: 2, perFamily: 5});
	const dir = path.join(tempDir(t), 'out');
	const service = createPlaylistService({
		loadTracks: async () => [...tracks, syntheticTrack({path: '/music/not-yet.mp3'}, {vector: []})],
		loadFailures: async () => [{path: '/music/broken.ogg', error: 'Invalid data'}],
		settings: settings(dir, {format: 'xspf', k: 2}),
		groups,
	});
	const playlists = (await service.preview()).playlists;
	const result = await service.write(playlists);
	t.is(result.dir, dir);
	t.is(result.written.length, 3);
	t.deepEqual(fs.readdirSync(dir).filter(name => name.endsWith('.xspf')).length, 2);
	t.true(fs.readFileSync(path.join(dir, 'failed-tracks.txt'), 'utf8').includes('/music/broken.ogg\tInvalid data'));
	t.deepEqual(
		result.problems.map(problem => problem.path),
		['/music/not-yet.mp3'],
	);
});

test('write with force overwrites an edited playlist', async t => {
	const {tracks, groups} = syntheticLibrary({families: 2, perFamily: 4});
	const dir = tempDir(t);
	const service = createPlaylistService({loadTracks: async () => tracks, settings: settings(dir, {k: 2}), groups});
	const playlists = (await service.preview()).playlists;
	const first = await service.write(playlists);
	fs.appendFileSync(first.written[0]!, '# edit\n');
	t.deepEqual((await service.write(playlists)).keptEdited, [first.written[0]]);
	t.deepEqual((await service.write(playlists, {force: true})).written, [first.written[0]]);
});

test('neighbours are the tracks similar lists, as playlist tracks with their distance', async t => {
	const {tracks, groups} = syntheticLibrary({families: 3, perFamily: 6});
	const service: PlaylistService = createPlaylistService({loadTracks: async () => tracks, settings: settings(tempDir(t)), groups});
	const seed = tracks[0]!;
	const neighbours = await service.neighbours!(seed.path, 5);
	t.is(neighbours.length, 5);
	t.true(neighbours.every(({track}) => track.path.startsWith('/music/family-01/') && track.path !== seed.path));
	const first = tracks.find(track => track.path === neighbours[0]!.track.path)!;
	t.like(neighbours[0]!.track, {
		artist: 'Artist 1',
		title: first.tags.title,
		bpm: first.analysis.bpm,
		key: first.analysis.key,
		camelot: first.analysis.camelot,
	});
	t.true(neighbours.every(({distance}, k) => k === 0 || distance >= neighbours[k - 1]!.distance));
	await t.throwsAsync(service.neighbours!('/music/unknown.mp3', 5), {message: /is not among the analysed tracks/});
});
