/** The search rows (store/search-rows.ts) hold the values the whole tracks do, for what a neighbour search reads. */
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {FEATURES_VERSION} from '../../source/analysis/vector.js';
import {slimTracksOf} from '../../source/commands/store-tracks.js';
import {createRng} from '../../source/playlists/random.js';
import Database from 'better-sqlite3';
import {StoreDamagedError} from '../../source/store/errors.js';
import {LibraryStore} from '../../source/store/library-store.js';
import type {SlimTrack, StoredTrack} from '../../source/store/types.js';
import {syntheticTrack} from '../helpers/synthetic-library.js';
import {tempDir} from '../helpers/fixtures.js';

/** What a neighbour search reads of a track, in plain values (typed arrays as arrays). */
function searched(track: SlimTrack) {
	const {analysis: a} = track;
	return {
		path: track.path,
		sizeBytes: track.sizeBytes,
		durationSeconds: track.durationSeconds,
		partial: track.partial,
		artist: track.tags.artist,
		title: track.tags.title,
		cue: track.cue,
		featuresVersion: a.featuresVersion,
		bpm: a.bpm,
		key: a.key,
		silentShare: a.silentShare,
		vector: a.vector,
		vectorIsArray: Array.isArray(a.vector),
		timbre: a.timbre && {mean: Array.from(a.timbre.mean), covariance: Array.from(a.timbre.covariance)},
		onsetPattern: a.onsetPattern && Array.from(a.onsetPattern),
	};
}

async function storeOf(t: ExecutionContext, tracks: StoredTrack[]): Promise<string> {
	const dir = tempDir(t, 'search-rows-');
	const file = path.join(dir, 'library.db');
	const store = await LibraryStore.open(file, {featuresVersion: FEATURES_VERSION});
	for (const track of tracks) {
		store.saveTrack({
			path: track.path,
			size: track.sizeBytes,
			mtimeMs: track.mtimeMs,
			durationSeconds: track.durationSeconds,
			tags: track.tags,
			partial: track.partial,
			analysis: track.analysis && {...track.analysis, featuresVersion: FEATURES_VERSION},
			...(track.cue ? {cue: track.cue} : {}),
		});
	}
	store.close();
	return file;
}

/** Tracks with every case the rows can hold: no tempo, no key, silence, partial, no timbre, a name that is not UTF-8, a CUE track. */
function variedTracks(): StoredTrack[] {
	const rng = createRng(3);
	const gaussian = () => {
		const covariance: number[] = [];
		for (let i = 0; i < 20; i++) for (let j = i; j < 20; j++) covariance.push(i === j ? 1 + rng.next() : 0.1 * rng.normal());
		return {mean: Array.from({length: 20}, () => rng.normal() / 3), covariance};
	};
	const track = (file: string, analysis: Partial<StoredTrack['analysis']> = {}, extra: Partial<StoredTrack> = {}) =>
		syntheticTrack(
			{path: file, durationSeconds: 100 + 100 * rng.next(), sizeBytes: 1000 + rng.int(1e6), tags: {artist: 'A', title: file.slice(-6), album: 'B'}, ...extra},
			{
				vector: Array.from({length: 5}, () => rng.normal() * 1e3 + 1 / 3),
				timbre: gaussian(),
				onsetPattern: Array.from({length: 54}, () => rng.next()),
				silentShare: 0.1234567890123 * rng.next(),
				bpm: 90 + 60 * rng.next(),
				...analysis,
			},
		);
	return [
		track('/m/a.flac'),
		track('/m/b.mp3', {bpm: Number.NaN}),
		track('/m/c.ogg', {key: undefined as unknown as string}),
		track('/m/d.ogg', {silentShare: undefined}),
		track('/m/e.ogg', {timbre: undefined, onsetPattern: undefined}),
		track('/m/f.ogg', {}, {partial: true, tags: {}}),
		track('/m/caf\uDCE9.ogg'),
		track(
			'/m/album.flac#02',
			{},
			{
				cue: {image: '/m/album.flac', sheet: '/m/album.cue', embedded: false, sheetSize: 100, sheetMtimeMs: 1, number: 2, ordinal: 2, startSeconds: 60},
			},
		),
		track('/other/g.flac'),
	];
}

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
