/**
 * `playlistgen similar TRACK` reads what the store keeps derived from every track (the search snapshot,
 * the copies of a recording): its answer is the one worked out from the tracks themselves, byte for byte,
 * and follows the store when a track is added, another copy of a recording arrives, a track is analysed
 * again or removed. The real CLI on a real SQLite store.
 */
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import Database from 'better-sqlite3';
import {FEATURES_VERSION} from '../../source/analysis/vector.js';
import {keepSearchLibrary, slimTracksOf} from '../../source/commands/store-tracks.js';
import {DEFAULT_WEIGHTS} from '../../source/config/options.js';
import {nearestTracks} from '../../source/playlists/similarity/nearest.js';
import {createRng} from '../../source/playlists/random.js';
import {LibraryStore} from '../../source/store/library-store.js';
import type {StoredTrack} from '../../source/store/types.js';
import {runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/fixtures.js';
import {syntheticLibrary} from '../helpers/synthetic-library.js';
import {writeSyntheticStore} from '../helpers/synthetic-store.js';

const rng = createRng(11);

/** A timbre Gaussian of 20 coefficients, different for each call. */
function gaussian(): NonNullable<StoredTrack['analysis']['timbre']> {
	const covariance: number[] = [];
	for (let i = 0; i < 20; i++) for (let j = i; j < 20; j++) covariance.push(i === j ? 1 + rng.next() : 0.05 * rng.normal());
	return {mean: Array.from({length: 20}, () => 3 * rng.normal()), covariance};
}

/** What `similar TRACK --json` prints, worked out from every track read whole, with nothing the store keeps derived. */
async function fromTheTracks(db: string, track: string): Promise<string> {
	const store = await LibraryStore.open(db, {mode: 'read', featuresVersion: FEATURES_VERSION});
	try {
		const nearest = nearestTracks(slimTracksOf(store, undefined), track, 10, {weights: DEFAULT_WEIGHTS});
		const neighbours = nearest.map(({track: near, distance}) => ({path: near.path, distance: Math.round(distance * 1e6) / 1e6}));
		return JSON.stringify({path: track, neighbours}, null, 2) + '\n';
	} finally {
		store.close();
	}
}

function derivedNames(db: string): string[] {
	const handle = new Database(db, {readonly: true});
	try {
		return (handle.prepare(`SELECT DISTINCT name FROM derived ORDER BY name`).pluck().all() as string[]).map(name => name.split(':')[0]!);
	} finally {
		handle.close();
	}
}

/** A store in a fresh folder of `families × perFamily` synthetic tracks, each with a timbre Gaussian of its own. */
async function storeWithTimbres(t: ExecutionContext, families: number, perFamily: number) {
	const root = tempDir(t);
	const db = path.join(root, 'library.db');
	const tracks = syntheticLibrary({families, perFamily, root: path.join(root, 'music')}).tracks.map(track => ({
		...track,
		analysis: {...track.analysis, timbre: gaussian()},
	}));
	await writeSyntheticStore(db, tracks);
	return {root, db, tracks};
}

test('similar answers from what the store keeps, as from the tracks themselves, and follows every change to the tracks', async t => {
	const {root, db, tracks} = await storeWithTimbres(t, 3, 20);
	const seed = tracks[4]!;
	const similar = async () => {
		const result = await runCli(['similar', seed.path, '--json', '--db', db], {cwd: root, env: {HOME: root, XDG_CONFIG_HOME: path.join(root, '.config')}});
		t.is(result.code, 0, result.stderr);
		return result.stdout;
	};
	const neighbours = (output: string) => (JSON.parse(output) as {neighbours: Array<{path: string}>}).neighbours.map(near => near.path);
	/** One answer read twice (the second from what the first kept), the same as from the tracks. */
	const answer = async (what: string) => {
		const first = await similar();
		t.deepEqual(derivedNames(db), ['recordings', 'search'], what);
		t.is(await similar(), first, what);
		t.is(first, await fromTheTracks(db, seed.path), what);
		return neighbours(first);
	};

	const before = await answer('the first answers');
	t.is(before.length, 10);

	// A track added that sounds like the seed: it is the nearest now.
	const near = {...seed, path: path.join(root, 'music', 'near.mp3'), sizeBytes: 1000, durationSeconds: seed.durationSeconds + 60};
	near.analysis = {...seed.analysis, vector: seed.analysis.vector.map(value => value + 0.01), timbre: gaussian()};
	await writeSyntheticStore(db, [near]);
	t.deepEqual(derivedNames(db), [], 'the change drops what was kept');
	const added = await answer('a track added');
	t.is(added[0], near.path);

	// A lossless copy of it: one recording, the copy kept is the lossless one.
	const copy = {...near, path: path.join(root, 'music', 'near.flac'), sizeBytes: 50_000};
	await writeSyntheticStore(db, [copy]);
	const copied = await answer('a copy of a recording added');
	t.is(copied[0], copy.path);
	t.false(copied.includes(near.path));

	// The copy analysed again, now another piece of the same sound: two recordings, both near the seed.
	const other = {...copy, analysis: {...copy.analysis, vector: copy.analysis.vector.map(value => value - 0.01), timbre: gaussian()}};
	await writeSyntheticStore(db, [other]);
	const analysedAgain = await answer('a track analysed again');
	t.true(analysedAgain.includes(near.path));
	t.true(analysedAgain.includes(copy.path));

	// The near track removed (no longer found by a scan of its folder).
	const store = await LibraryStore.open(db, {featuresVersion: FEATURES_VERSION});
	const scanned = [...tracks, other].map(track => ({path: track.path, size: track.sizeBytes, mtimeMs: track.mtimeMs}));
	t.is(store.plan(path.join(root, 'music'), scanned, {retryFailed: false}).pruned, 1);
	store.close();
	const removed = await answer('a track removed');
	t.false(removed.includes(near.path));
});

test('keepSearchLibrary (for the end of an analysis) keeps what similar reads, once per change to the tracks', async t => {
	const {root, db, tracks} = await storeWithTimbres(t, 2, 10);
	const rows = () => {
		const handle = new Database(db, {readonly: true});
		try {
			return handle.prepare(`SELECT name, rowid FROM derived ORDER BY name`).all();
		} finally {
			handle.close();
		}
	};
	const store = await LibraryStore.open(db, {featuresVersion: FEATURES_VERSION});
	t.teardown(() => store.close());
	keepSearchLibrary(store, undefined);
	const kept = rows();
	t.deepEqual(derivedNames(db), ['recordings', 'search']);
	keepSearchLibrary(store, undefined);
	t.deepEqual(rows(), kept, 'nothing made again while no track changed');
	const result = await runCli(['similar', tracks[0]!.path, '--json', '--db', db], {cwd: root, env: {HOME: root, XDG_CONFIG_HOME: path.join(root, '.config')}});
	t.is(result.stdout, await fromTheTracks(db, tracks[0]!.path));
	t.deepEqual(rows(), kept, 'similar read what was kept');
});
