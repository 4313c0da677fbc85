import path from 'node:path';
import test from 'ava';
import Database from 'better-sqlite3';
import {LibraryStore} from '../../source/store/library-store.js';
import {migrate, MIGRATIONS, SCHEMA_VERSION} from '../../source/store/schema.js';
import {tempDir} from '../helpers/fixtures.js';
import {analysed, openTempStore, scanned} from './helpers.js';

test('a store remembers the playlists written, per scope, with their files and settings', async t => {
	const store = await openTempStore(t);
	t.deepEqual(store.playlistMemory(''), {playlists: [], settings: undefined, groupedMs: undefined, groupedTracks: undefined});
	store.rememberPlaylists('', {
		settings: {targetLength: 20},
		grouped: {atMs: 1000, tracks: 3},
		dir: '/out',
		nowMs: 1000,
		playlists: [
			{name: 'Calm · Dark', members: ['/m/a.flac', '/m/b.flac'], loose: [], files: [{dir: '/out', file: 'Calm · Dark.m3u8', format: 'm3u8'}]},
			{name: 'Faster', members: ['/m/c.flac'], loose: ['/m/c.flac'], files: [{dir: '/out', file: 'Faster.m3u8', format: 'm3u8'}]},
		],
	});
	store.rememberPlaylists('/other', {settings: {}, playlists: [{name: 'Elsewhere', members: ['/o/x.ogg'], loose: []}]});
	const memory = store.playlistMemory('');
	t.deepEqual(memory.settings, {targetLength: 20});
	t.is(memory.groupedMs, 1000);
	t.deepEqual(
		memory.playlists.map(playlist => [playlist.name, playlist.members, playlist.loose, playlist.files.map(file => file.file)]),
		[
			['Calm · Dark', ['/m/a.flac', '/m/b.flac'], [], ['Calm · Dark.m3u8']],
			['Faster', ['/m/c.flac'], ['/m/c.flac'], ['Faster.m3u8']],
		],
	);
	t.deepEqual(
		store.playlistMemory('/other').playlists.map(playlist => playlist.name),
		['Elsewhere'],
	);

	// The next run keeps the first (new member, second folder), renames nothing, drops the second, adds one.
	const [calm] = memory.playlists;
	store.rememberPlaylists('', {
		settings: {targetLength: 20},
		dir: '/mpd',
		nowMs: 2000,
		playlists: [
			{
				id: calm!.id,
				name: 'Calm · Dark',
				members: ['/m/a.flac', '/m/b.flac', '/m/d.flac'],
				loose: [],
				files: [{dir: '/mpd', file: 'Calm · Dark.m3u', format: 'm3u'}],
			},
			{name: 'Bright', members: ['/m/e.flac'], loose: [], files: [{dir: '/mpd', file: 'Bright.m3u', format: 'm3u'}]},
		],
	});
	const next = store.playlistMemory('');
	t.is(next.groupedMs, 1000, 'kept from the run that grouped the library');
	t.deepEqual(
		next.playlists.map(playlist => [playlist.id === calm!.id, playlist.name, playlist.members.length, playlist.files.map(file => `${file.dir}/${file.file}`)]),
		[
			[true, 'Calm · Dark', 3, ['/mpd/Calm · Dark.m3u', '/out/Calm · Dark.m3u8']],
			[false, 'Bright', 1, ['/mpd/Bright.m3u']],
		],
	);
	t.is(next.playlists[0]!.createdMs, 1000);
	t.is(next.playlists[0]!.updatedMs, 2000);
});

test('a reader remembers playlists while an analysis holds the store', async t => {
	const dir = tempDir(t, 'playlistgen-memory-');
	const file = path.join(dir, 'library.db');
	const writer = await LibraryStore.open(file, {command: 'analyze'});
	t.teardown(() => writer.close());
	writer.saveTrack(analysed(scanned('/m/a.flac')));
	const reader = await LibraryStore.open(file, {mode: 'read'});
	t.teardown(() => reader.close());
	reader.rememberPlaylists('', {settings: {}, playlists: [{name: 'One', members: ['/m/a.flac'], loose: []}]});
	t.deepEqual(
		writer.playlistMemory('').playlists.map(playlist => playlist.name),
		['One'],
	);
});

test('a version 5 store gains the playlist tables and keeps its tracks', async t => {
	const file = path.join(tempDir(t, 'playlistgen-memory-'), 'library.db');
	const old = new Database(file);
	migrate(old, MIGRATIONS.slice(0, 5));
	old.prepare(`INSERT INTO tracks (path, size, mtime_ms, duration_seconds, analysed_ms, features_version) VALUES ('/m/a.flac', 1, 1, 1, 1, 0)`).run();
	old.prepare(`INSERT INTO features (track_id, analysis) VALUES (1, '{}')`).run();
	old.close();
	const store = await LibraryStore.open(file, {mode: 'read'});
	t.teardown(() => store.close());
	t.is(store.schemaVersion, SCHEMA_VERSION);
	t.is(store.summary().tracks, 1);
	t.deepEqual(store.playlistMemory('').playlists, []);
});
