/**
 * The search snapshot (store/search-snapshot.ts) and the other values derived from every track
 * (store/derived.ts): read back they are the rows' very values, and a change to any track (added,
 * re-analysed, removed, by whatever writes to the store) makes them go, so no reader meets a stale one.
 */
import fs from 'node:fs';
import test from 'ava';
import Database from 'better-sqlite3';
import {FEATURES_VERSION} from '../../source/analysis/vector.js';
import {StoreDamagedError} from '../../source/store/errors.js';
import {LibraryStore} from '../../source/store/library-store.js';
import {readSearchTracks} from '../../source/store/search-rows.js';
import {decodeSnapshot, encodeSnapshot} from '../../source/store/search-snapshot.js';
import {MIGRATIONS} from '../../source/store/schema.js';
import {writeDerived} from '../../source/store/derived.js';
import {recoverStore} from '../../source/store/recover.js';
import {syntheticTrack} from '../helpers/synthetic-library.js';
import {analysed, scanned, storeOf, variedTracks} from './helpers.js';

/**
 * Every value of a track, float32 views as their kind and values, so that deepEqual compares all; a float64
 * view (the snapshot's vectors) as the array of numbers it reads as.
 */
function plain(value: unknown): unknown {
	if (value instanceof Float64Array) return Array.from(value);
	if (ArrayBuffer.isView(value)) return {[value.constructor.name]: Array.from(value as unknown as ArrayLike<number>)};
	if (Array.isArray(value)) return value.map(plain);
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
	return value;
}

const searchOptions = {mode: 'read', featuresVersion: FEATURES_VERSION} as const;

function snapshotParts(file: string): number {
	const db = new Database(file, {readonly: true});
	try {
		return (db.prepare(`SELECT count(*) FROM derived WHERE name LIKE 'search:%'`).pluck().get() as number) ?? 0;
	} finally {
		db.close();
	}
}

test('the snapshot gives back every value of every track the rows give, fields absent and null kept apart', async t => {
	const file = await storeOf(t, variedTracks());
	const db = new Database(file, {readonly: true});
	t.teardown(() => db.close());
	const rows = readSearchTracks(db, FEATURES_VERSION, {sql: '', params: []});
	t.is(rows.length, 9);
	const bytes = encodeSnapshot(rows, FEATURES_VERSION);
	t.deepEqual(plain(decodeSnapshot(bytes, FEATURES_VERSION)), plain(rows));
	// Fields the rows leave out stay out (not present as undefined), as the JSON output would tell.
	const decoded = decodeSnapshot(bytes, FEATURES_VERSION)!;
	t.deepEqual(
		decoded.map(track => Object.keys(track.analysis).sort().join()),
		rows.map(track => Object.keys(track.analysis).sort().join()),
	);
	t.true(decoded.some(track => (track.analysis.bpm as number | null) === null));
	t.true(decoded.some(track => !('silentShare' in track.analysis)));
	t.deepEqual(plain(decodeSnapshot(bytes, FEATURES_VERSION, file => file.startsWith('/m/c'))), plain(rows.filter(track => track.path.startsWith('/m/c'))));
	// Bytes that are not a snapshot of this layout are no snapshot.
	t.is(decodeSnapshot(bytes.subarray(0, bytes.length - 4), FEATURES_VERSION), undefined);
	t.is(decodeSnapshot(new Uint8Array(8), FEATURES_VERSION), undefined);
});

test('the first reader keeps the snapshot; the next ones read it, with the same tracks, under a root too', async t => {
	const file = await storeOf(t, variedTracks());
	t.is(snapshotParts(file), 0);
	const store = await LibraryStore.open(file, searchOptions);
	t.teardown(() => store.close());
	const first = store.searchLibrary();
	t.is(snapshotParts(file), 1);
	const second = store.searchLibrary();
	t.is(second.generation, first.generation);
	t.deepEqual(plain(second.tracks), plain(first.tracks));
	t.deepEqual(plain(store.searchTracks({root: '/m'})), plain(first.tracks.filter(track => track.path.startsWith('/m/'))));
	t.is(store.searchTracks({root: '/m'}).length, 8);
});

test('the snapshot is what the store gives while no track changes: read from it, not from the rows', async t => {
	const file = await storeOf(t, variedTracks());
	const store = await LibraryStore.open(file, searchOptions);
	t.teardown(() => store.close());
	store.searchLibrary();
	// A change behind the triggers' back (dropped for this test) is not seen: the snapshot was read.
	const db = new Database(file);
	db.exec(`DROP TRIGGER features_update_changes_generation`);
	db.prepare(`UPDATE features SET bpm = 33 WHERE track_id = (SELECT id FROM tracks WHERE path = '/m/a.flac')`).run();
	db.close();
	t.not(store.searchTracks().find(track => track.path === '/m/a.flac')!.analysis.bpm, 33);
});

test('a track added, re-analysed or removed: the derived values go, and the next read gives the tracks as they are', async t => {
	const file = await storeOf(t, variedTracks());
	const writer = await LibraryStore.open(file, {featuresVersion: FEATURES_VERSION});
	t.teardown(() => writer.close());
	const reader = await LibraryStore.open(file, searchOptions);
	t.teardown(() => reader.close());
	const paths = () => reader.searchTracks().map(track => track.path);
	const vectorOf = (file: string) => reader.searchTracks().find(track => track.path === file)?.analysis.vector;
	const before = reader.searchLibrary();
	reader.keepDerived('copies:test', before.generation, new Uint8Array([1, 2, 3]));
	t.deepEqual(reader.derived('copies:test', before.generation), Buffer.from([1, 2, 3]));

	const added = syntheticTrack({path: '/m/new.flac'}, {vector: [1, 2, 3, 4, 5]});
	writer.saveTrack(analysed(scanned('/m/new.flac'), {...added.analysis, featuresVersion: FEATURES_VERSION}));
	t.is(snapshotParts(file), 0, 'the snapshot goes with the change');
	const afterAdd = reader.searchLibrary();
	t.not(afterAdd.generation, before.generation);
	t.is(reader.derived('copies:test', before.generation), undefined);
	t.is(reader.derived('copies:test', afterAdd.generation), undefined);
	t.true(paths().includes('/m/new.flac'));
	t.is(snapshotParts(file), 1);

	writer.saveTrack(analysed(scanned('/m/new.flac'), {...added.analysis, vector: [5, 4, 3, 2, 1], featuresVersion: FEATURES_VERSION}));
	t.deepEqual(vectorOf('/m/new.flac'), [5, 4, 3, 2, 1]);

	const kept = variedTracks()
		.filter(track => track.path.startsWith('/m/') && track.path !== '/m/b.mp3')
		.map(track => scanned(track.path));
	t.is(writer.plan('/m', kept, {retryFailed: false}).pruned, 2);
	t.false(paths().includes('/m/b.mp3'));
	t.false(paths().includes('/m/new.flac'));
	t.deepEqual(paths().sort(), [...kept.map(track => track.path), '/other/g.flac'].sort());
});

test('a store that lost the generation of its tracks keeps nothing derived, and still answers from the rows', async t => {
	const file = await storeOf(t, variedTracks());
	const db = new Database(file);
	db.exec(`DELETE FROM meta WHERE key = 'generation'`);
	db.close();
	const store = await LibraryStore.open(file, searchOptions);
	t.teardown(() => store.close());
	t.is(store.searchTracks().length, 9);
	t.is(snapshotParts(file), 0);
	t.is(store.searchTracks().length, 9);
});

test('a value derived from tracks that changed while it was made is not kept', async t => {
	const file = await storeOf(t, variedTracks());
	const reader = await LibraryStore.open(file, searchOptions);
	t.teardown(() => reader.close());
	const {generation} = reader.searchLibrary();
	const writer = await LibraryStore.open(file, {featuresVersion: FEATURES_VERSION});
	writer.saveFailure(scanned('/m/a.flac'), 'gone bad');
	writer.close();
	reader.keepDerived('copies:test', generation, new Uint8Array([1]));
	const db = new Database(file, {readonly: true});
	t.teardown(() => db.close());
	t.is(db.prepare(`SELECT count(*) FROM derived`).pluck().get(), 0);
	const other = new Database(file);
	t.teardown(() => other.close());
	t.regex(writeDerived(other, 'copies:test', 'copies:', generation, new Uint8Array([1])) as string, /changed meanwhile/);
});

test('a store of the version before gets the derived values and their generation; its tracks are kept', async t => {
	const file = await storeOf(t, variedTracks());
	// The same store as the version before wrote it: no derived values, no generation, no triggers.
	const old = new Database(file);
	for (const name of old.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[]) old.exec(`DROP TRIGGER ${name}`);
	old.exec(`DROP TABLE derived; DELETE FROM meta WHERE key = 'generation'`);
	old.pragma(`user_version = ${MIGRATIONS.at(-2)!.version}`);
	old.close();
	const store = await LibraryStore.open(file, searchOptions);
	t.teardown(() => store.close());
	t.is(store.schemaVersion, MIGRATIONS.at(-1)!.version);
	const {tracks, generation} = store.searchLibrary();
	t.is(tracks.length, 9);
	t.is(generation, 0);
	t.is(snapshotParts(file), 1);
	const writer = await LibraryStore.open(file, {featuresVersion: FEATURES_VERSION});
	writer.saveFailure(scanned('/m/a.flac'), 'gone bad');
	writer.close();
	t.is(snapshotParts(file), 0);
	t.is(store.searchLibrary().tracks.length, 8);
});

test('a damaged store recovered: the derived values are not copied, they are made again from the tracks kept', async t => {
	const file = await storeOf(t, variedTracks());
	const store = await LibraryStore.open(file, searchOptions);
	store.searchLibrary();
	store.close();
	t.is(snapshotParts(file), 1);
	// Garbage over the features table's first page: some tracks cannot be read any more.
	damageTable(file, 'features');
	const recovery = await recoverStore(file);
	t.truthy(recovery.damagedCopy);
	t.false(recovery.tables.some(table => table.name === 'derived'));
	t.is(snapshotParts(file), 0);
	const recovered = await LibraryStore.open(file, searchOptions);
	t.teardown(() => recovered.close());
	t.true(recovered.searchLibrary().generation >= 0, 'the recovered store counts the changes to its tracks');
	t.deepEqual(plain(recovered.searchTracks()), plain(readSearchTracks(new Database(file, {readonly: true}), FEATURES_VERSION, {sql: '', params: []})));
});

/** Garbage over the first page of `table` in the store file. */
function damageTable(file: string, table: string): void {
	const db = new Database(file);
	const page = db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = ?`).pluck().get(table) as number;
	const pageSize = db.pragma('page_size', {simple: true}) as number;
	db.close();
	const handle = fs.openSync(file, 'r+');
	fs.writeSync(handle, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
	fs.closeSync(handle);
}

test('a store checked while it is read: damage the reading never meets is still said, before anything is written', async t => {
	const file = await storeOf(t, variedTracks());
	const sound = await LibraryStore.open(file, {...searchOptions, checkWhileReading: true});
	t.is(sound.searchTracks().length, 9);
	t.is(snapshotParts(file), 0, 'the snapshot waits for the check');
	await t.notThrowsAsync(sound.sound());
	t.is(snapshotParts(file), 0, 'and for the store to close: the reader answers first');
	sound.close();
	t.is(snapshotParts(file), 1);

	damageTable(file, 'features');
	// Opening reads no page of the features: it does not fail; the snapshot is read whole all the same.
	const damaged = await LibraryStore.open(file, {...searchOptions, checkWhileReading: true});
	t.teardown(() => damaged.close());
	t.is(damaged.searchTracks().length, 9);
	const error = await t.throwsAsync(damaged.sound(), {instanceOf: StoreDamagedError});
	t.regex(error!.message, /is damaged \(PRAGMA quick_check: /);
	t.throws(() => damaged.keepDerived('copies:test', 0, new Uint8Array([1])), {instanceOf: StoreDamagedError});
	// Opened the usual way, the same store is refused at once.
	await t.throwsAsync(LibraryStore.open(file, searchOptions), {instanceOf: StoreDamagedError});
});

test('a damaged store checked while it is read, with no snapshot yet: the check comes before the snapshot is written', async t => {
	const file = await storeOf(t, variedTracks());
	damageTable(file, 'failures');
	const store = await LibraryStore.open(file, {...searchOptions, checkWhileReading: true});
	t.is(store.searchTracks().length, 9);
	t.is(snapshotParts(file), 0, 'the snapshot waits for the check');
	await t.throwsAsync(store.sound(), {instanceOf: StoreDamagedError});
	store.close();
	t.is(snapshotParts(file), 0);
	// A store closed before the check's word keeps nothing either.
	const other = await storeOf(t, variedTracks());
	const unchecked = await LibraryStore.open(other, {...searchOptions, checkWhileReading: true});
	t.is(unchecked.searchTracks().length, 9);
	unchecked.close();
	t.is(snapshotParts(other), 0);
});

test('a store whose generation was lost with its meta page counts the changes to its tracks again once recovered', async t => {
	const file = await storeOf(t, variedTracks());
	damageTable(file, 'meta');
	await recoverStore(file);
	const store = await LibraryStore.open(file, searchOptions);
	t.teardown(() => store.close());
	t.is(store.searchLibrary().generation, 0);
	t.is(snapshotParts(file), 1, 'kept again');
});
