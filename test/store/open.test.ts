import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import Database from 'better-sqlite3';
import {StoreBusyError, StoreError} from '../../source/store/errors.js';
import {LibraryStore} from '../../source/store/library-store.js';
import {migrate, MIGRATIONS, SCHEMA_VERSION, type Migration} from '../../source/store/schema.js';
import {tempDir} from '../helpers/fixtures.js';
import {analysed, openTempStore, scanned} from './helpers.js';

test('a new store: folders created, schema at the latest version, WAL mode, lock file beside it', async t => {
	const dir = tempDir(t);
	const file = path.join(dir, 'cache', 'playlistgen', 'library.db');
	const store = await openTempStore(t, {}, file);
	t.is(store.schemaVersion, SCHEMA_VERSION);
	t.true(fs.existsSync(`${file}.lock`));
	store.close();
	const db = new Database(file, {readonly: true});
	t.teardown(() => db.close());
	t.is(db.pragma('journal_mode', {simple: true}), 'wal');
	t.is(db.pragma('user_version', {simple: true}), SCHEMA_VERSION);
	const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{name: string}>).map(row => row.name);
	t.deepEqual(tables, ['derived', 'failures', 'features', 'meta', 'playlist_files', 'playlists', 'tracks']);
	const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tracks'`).all() as Array<{name: string}>;
	t.true(indexes.some(index => index.name === 'tracks_path'));
	t.is(db.pragma('integrity_check', {simple: true}), 'ok');
});

test('a version 1 store is migrated in order, keeping its data and filling the new columns', async t => {
	const file = path.join(tempDir(t), 'old.db');
	const old = new Database(file);
	old.pragma('journal_mode = WAL');
	t.deepEqual(migrate(old, MIGRATIONS.slice(0, 1)), [1]);
	old
		.prepare(`INSERT INTO tracks (id, path, size, mtime_ms, duration_seconds, analysed_ms, features_version) VALUES (1, '/m/a.mp3', 10, 20, 30.5, 0, 0)`)
		.run();
	old.prepare(`INSERT INTO features (track_id, analysis) VALUES (1, ?)`).run(JSON.stringify({bpm: 97.5, key: 'C major', rmsDb: -3}));
	old
		.prepare(`INSERT INTO tracks (id, path, size, mtime_ms, duration_seconds, analysed_ms, features_version) VALUES (2, '/m/b.mp3', 10, 20, 30.5, 0, 0)`)
		.run();
	// A tempo that was not finite is kept as null: no number for the bpm column.
	old.prepare(`INSERT INTO features (track_id, analysis) VALUES (2, ?)`).run(JSON.stringify({bpm: null}));
	old.prepare(`INSERT INTO failures VALUES ('/m/bad.mp3', 1, 2, 'broken', 4, 5, 6)`).run();
	t.is(old.pragma('user_version', {simple: true}), 1);
	old.close();

	const store = await openTempStore(t, {}, file);
	t.is(store.schemaVersion, SCHEMA_VERSION);
	t.is(store.allTracks().length, 2);
	t.is(store.failures()[0]!.attempts, 4);
	const summary = store.summary();
	t.deepEqual(summary.bpmBands, [{from: 90, count: 1}]);
	t.deepEqual(summary.keys, [{key: 'C major', count: 1}]);
	t.is(store.plan('/m', [scanned('/m/a.mp3', 10, 20), scanned('/m/b.mp3', 10, 20)], {retryFailed: false}).unchanged, 2);
});

test('a migration that fails leaves the store at the version before it', t => {
	const db = new Database(':memory:');
	t.teardown(() => db.close());
	const broken: Migration[] = [
		MIGRATIONS[0]!,
		{
			version: 2,
			description: 'fails half way',
			up(database) {
				database.exec('CREATE TABLE extra (x)');
				throw new Error('disk on fire');
			},
		},
	];
	migrate(db, broken.slice(0, 1));
	t.throws(() => migrate(db, broken), {message: 'disk on fire'});
	t.is(db.pragma('user_version', {simple: true}), 1);
	t.is((db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra'`).get() as {n: number}).n, 0);
	t.throws(() => migrate(db, [MIGRATIONS[1]!]), {message: /migration 1 is numbered 2/});
});

test('a new store is made in one transaction: a migration that fails leaves an empty file at version 0', t => {
	const db = new Database(':memory:');
	t.teardown(() => db.close());
	const broken: Migration[] = [
		MIGRATIONS[0]!,
		{
			version: 2,
			description: 'fails',
			up() {
				throw new Error('disk on fire');
			},
		},
	];
	t.throws(() => migrate(db, broken), {message: 'disk on fire'});
	t.is(db.pragma('user_version', {simple: true}), 0);
	t.is((db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as {n: number}).n, 0);
	t.deepEqual(
		migrate(db, MIGRATIONS),
		MIGRATIONS.map(migration => migration.version),
	);
});

test('a store written by a newer schema is refused, untouched', async t => {
	const file = path.join(tempDir(t), 'future.db');
	const db = new Database(file);
	db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
	db.close();
	const before = fs.readFileSync(file);
	const error = await t.throwsAsync(LibraryStore.open(file), {instanceOf: StoreError});
	t.regex(error!.message, new RegExp(`${file}.*newer playlistgen \\(schema ${SCHEMA_VERSION + 1}; this one knows up to ${SCHEMA_VERSION}\\)`));
	t.deepEqual(fs.readFileSync(file), before);
});

test('a second writer waits, then says the store is busy and who holds it', async t => {
	const first = await openTempStore(t, {command: 'analyze'});
	let told: unknown;
	const error = await t.throwsAsync(LibraryStore.open(first.path, {waitMs: 300, onWait: holder => (told = holder)}), {instanceOf: StoreBusyError});
	t.regex(error!.message, /^store is busy: another playlistgen \(pid \d+.*"analyze" since .*\) is using .*library\.db; gave up after 0 s/);
	t.like(told, {pid: process.pid, command: 'analyze'});
	// Readers are not held back, and see what the writer committed.
	first.saveTrack(analysed(scanned('/m/x.mp3')));
	const reader = await openTempStore(t, {mode: 'read'}, first.path);
	t.is(reader.allTracks().length, 1);
	first.close();
	const second = await openTempStore(t, {waitMs: 300}, first.path);
	t.is(second.allTracks().length, 1);
});

test('a writer waiting for the store gets it when the holder closes within the wait', async t => {
	const first = await openTempStore(t);
	setTimeout(() => first.close(), 200);
	const second = await openTempStore(t, {waitMs: 10_000}, first.path);
	t.is(second.schemaVersion, SCHEMA_VERSION);
});

test('a store path under a file: a clear error naming the path, nothing created', async t => {
	const dir = tempDir(t);
	const blocker = path.join(dir, 'not-a-folder');
	fs.writeFileSync(blocker, 'x');
	const file = path.join(blocker, 'sub', 'library.db');
	const error = await t.throwsAsync(LibraryStore.open(file), {instanceOf: StoreError});
	t.is(error!.message, `cannot create the store ${file}: a part of the path is a file, not a folder`);
	t.deepEqual(fs.readdirSync(dir), ['not-a-folder']);
});

test('a store path that is a folder: a clear error, nothing created', async t => {
	const dir = tempDir(t);
	const folder = path.join(dir, 'music.db');
	fs.mkdirSync(folder);
	const error = await t.throwsAsync(LibraryStore.open(folder), {instanceOf: StoreError});
	t.regex(error!.message, /music\.db is a folder; --db takes the path of a file/);
	t.deepEqual(fs.readdirSync(dir), ['music.db']);
});

test('a file that is not a store is refused and left alone; the lock file made for it is removed', async t => {
	const dir = tempDir(t);
	const file = path.join(dir, 'notes.db');
	fs.writeFileSync(file, 'my notes, not a database\n'.repeat(100));
	const error = await t.throwsAsync(LibraryStore.open(file), {instanceOf: StoreError});
	t.is(error!.message, `cannot open the store ${file}: the file is not an SQLite database`);
	t.deepEqual(fs.readdirSync(dir), ['notes.db']);
	t.is(fs.readFileSync(file, 'utf8'), 'my notes, not a database\n'.repeat(100));
});

test('reading a store that does not exist says so and creates nothing', async t => {
	const dir = tempDir(t);
	const file = path.join(dir, 'none', 'library.db');
	await t.throwsAsync(LibraryStore.open(file, {mode: 'read'}), {instanceOf: StoreError, message: /no store at .*none\/library\.db/});
	t.deepEqual(fs.readdirSync(dir), []);
});
