import path from 'node:path';
import test from 'ava';
import Database from 'better-sqlite3';
import {LibraryStore} from '../../source/store/library-store.js';
import {parseStoredAnalysis, StoredAnalysisError} from '../../source/store/rows.js';
import {StoreDamagedError} from '../../source/store/errors.js';
import {tempDir} from '../helpers/fixtures.js';
import {analysed, scanned} from './helpers.js';

test('a stored analysis is given back as written: fields of an older version may be missing, a tempo that was not finite is null', t => {
	const text = JSON.stringify({
		bpm: null,
		key: 'A minor',
		mode: 'minor',
		summaries: {centroid: {mean: 1, std: 2}},
		chroma: [1, 0],
		tonal: {intervals: [], triads: [], entropy: 1},
	});
	t.deepEqual(parseStoredAnalysis(text, '/m/a.mp3'), JSON.parse(text));
	t.deepEqual(parseStoredAnalysis('{}', '/m/a.mp3'), {});
});

test('a stored analysis that holds the wrong kind of value is an error that names the track and the field', t => {
	const wrong = (text: string) => t.throws(() => parseStoredAnalysis(text, '/m/a.mp3'), {instanceOf: StoredAnalysisError})!.message;
	t.is(wrong('{"bpm": "fast"}'), 'the analysis of /m/a.mp3 holds string as its bpm, not a number');
	t.is(wrong('{"chroma": {"0": 1}}'), 'the analysis of /m/a.mp3 holds object as its chroma, not an array');
	t.is(wrong('{"summaries": null}'), 'the analysis of /m/a.mp3 holds null as its summaries, not an object');
	t.is(wrong('{"key": 7}'), 'the analysis of /m/a.mp3 holds number as its key, not a string');
	t.is(wrong('[1, 2]'), 'the analysis of /m/a.mp3 is array, not an object');
	t.is(wrong('null'), 'the analysis of /m/a.mp3 is null, not an object');
});

test('a store row whose analysis is not one the store wrote: reading the tracks says the store is damaged and which track, not a crash later', async t => {
	const file = path.join(tempDir(t, 'playlistgen-store-'), 'library.db');
	const store = await LibraryStore.open(file);
	store.saveTrack(analysed(scanned('/m/a.mp3'), {featuresVersion: 0, bpm: 120, key: 'A minor'}));
	store.saveTrack(analysed(scanned('/m/b.mp3'), {featuresVersion: 0, bpm: 90, key: 'C major'}));
	store.close();
	const db = new Database(file);
	db.prepare(`UPDATE features SET analysis = '{"bpm": "fast"}' WHERE track_id = (SELECT id FROM tracks WHERE path = '/m/b.mp3')`).run();
	db.close();
	const reopened = await LibraryStore.open(file, {mode: 'read'});
	t.teardown(() => reopened.close());
	const error = t.throws(() => reopened.allTracks(), {instanceOf: StoreDamagedError});
	t.regex(error!.message, /a stored analysis cannot be read: the analysis of \/m\/b\.mp3 holds string as its bpm, not a number/);
});
