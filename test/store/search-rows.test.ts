/** The search rows (store/search-rows.ts) hold the values the whole tracks do, for what a neighbour search reads. */
import test, {type ExecutionContext} from 'ava';
import {FEATURES_VERSION} from '../../source/analysis/vector.js';
import {slimTracksOf} from '../../source/commands/store-tracks.js';
import Database from 'better-sqlite3';
import {StoreDamagedError} from '../../source/store/errors.js';
import {LibraryStore} from '../../source/store/library-store.js';
import {searched, storeOf, variedTracks} from './helpers.js';

test('the search rows give what the whole tracks give of every field a neighbour search reads, in the same order', async t => {
	const file = await storeOf(t, variedTracks());
	const store = await LibraryStore.open(file, {mode: 'read', featuresVersion: FEATURES_VERSION});
	try {
		const whole = slimTracksOf(store, undefined);
		const rows = store.searchTracks();
		t.is(rows.length, 9);
		t.deepEqual(rows.map(searched), whole.map(searched));
		t.deepEqual(store.searchTracks({root: '/m'}).map(searched), slimTracksOf(store, '/m').map(searched));
		t.is(store.searchTracks({root: '/m'}).length, 8);
	} finally {
		store.close();
	}
});

test('tracks of another features version are left out, as the whole tracks leave them', async t => {
	const file = await storeOf(t, variedTracks());
	const store = await LibraryStore.open(file, {mode: 'read', featuresVersion: FEATURES_VERSION + 1});
	try {
		t.deepEqual(store.searchTracks(), []);
		t.deepEqual(slimTracksOf(store, undefined), []);
	} finally {
		store.close();
	}
});

/** A store of the varied tracks with one row's analysis JSON replaced by `analysis`. */
async function storeWithAnalysis(t: ExecutionContext, trackPath: string, analysis: string): Promise<string> {
	const file = await storeOf(t, variedTracks());
	const db = new Database(file);
	db.prepare(`UPDATE features SET analysis = ? WHERE track_id = (SELECT id FROM tracks WHERE path = ?)`).run(analysis, trackPath);
	db.close();
	return file;
}

test('an analysis that is not JSON, or a silent share that is not a number, is damage naming the track, as the whole tracks say it', async t => {
	for (const [analysis, detail] of [
		['{"bpm": 120, "silentShare"', /the analysis of \/m\/b\.mp3 is not JSON/],
		['{"bpm": 120, "silentShare": "none"}', /the analysis of \/m\/b\.mp3 holds string as its silentShare, not a number/],
	] as const) {
		const file = await storeWithAnalysis(t, '/m/b.mp3', analysis);
		const store = await LibraryStore.open(file, {mode: 'read', featuresVersion: FEATURES_VERSION});
		try {
			const error = t.throws(() => store.searchTracks(), {instanceOf: StoreDamagedError});
			t.regex(error.message, detail);
			t.throws(() => slimTracksOf(store, undefined), {instanceOf: StoreDamagedError});
		} finally {
			store.close();
		}
	}
});
