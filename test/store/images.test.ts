/**
 * An album image's CUE tracks in the store: saved one by one as they are done, whole only once all the
 * sheet's tracks are there, kept when the image fails part-way, and matched by their image exactly.
 */
import path from 'node:path';
import test from 'ava';
import Database from 'better-sqlite3';
import type {CueImage} from '../../source/audio/cue-find.js';
import {cueRef} from '../../source/session/image-parts.js';
import {cueKey, type AnalysedTrack, type ScannedImage} from '../../source/library/track.js';
import {migrate, MIGRATIONS} from '../../source/store/schema.js';
import {tempDir} from '../helpers/fixtures.js';
import {analysed, openTempStore, scanned} from './helpers.js';

const A = '/music/a';

function withSheet(file: string, count: number, sheetMtimeMs = 1): ScannedImage {
	const spans = Array.from({length: count}, (_, index) => ({
		number: index + 1,
		ordinal: index + 1,
		startSeconds: index * 60,
		endSeconds: index + 1 < count ? (index + 1) * 60 : undefined,
		indexes: [],
	}));
	const cue = {sheet: file.replace(/\.\w+$/, '.cue'), sheetSize: 300, sheetMtimeMs, embedded: false, spans} as unknown as CueImage;
	return {...scanned(file), cue};
}

function part(image: ScannedImage, number: number): AnalysedTrack {
	const span = image.cue!.spans[number - 1]!;
	return {...analysed({...image, path: cueKey(image.path, number)}), cue: cueRef(image.path, image.cue!, span)};
}

/** Saves the image's tracks `from`..`to` as a run does: the run's first replaces, the sheet's last completes. */
function saveParts(store: Awaited<ReturnType<typeof openTempStore>>, image: ScannedImage, from: number, to: number, newRun = true): void {
	for (let number = from; number <= to; number++) {
		store.saveImagePart(image, part(image, number), {replace: newRun && number === from, complete: number === image.cue!.spans.length});
	}
}

const paths = (store: Awaited<ReturnType<typeof openTempStore>>) => store.allTracks({allVersions: true}).map(track => path.basename(track.path));

test('an image is unchanged only once all its tracks are saved; the first replaces the image stored whole', async t => {
	const store = await openTempStore(t);
	const image = withSheet(`${A}/album.flac`, 3);
	store.saveTrack(analysed(scanned(image.path)));
	saveParts(store, image, 1, 2);
	t.deepEqual(paths(store), ['album.flac#01', 'album.flac#02']);
	let plan = store.plan(A, [image], {retryFailed: false});
	t.deepEqual(plan.toAnalyse, [{...image, storedParts: [1, 2]}], 'two of three tracks: the third analysed, the two kept');
	t.is(plan.pruned, 0, 'and not forgotten meanwhile');
	saveParts(store, image, 1, 3);
	plan = store.plan(A, [image], {retryFailed: false});
	t.deepEqual(plan.toAnalyse, []);
	t.is(plan.unchanged, 3);
});

test('an image that fails part-way keeps its finished tracks; only a changed sheet tries it again', async t => {
	const store = await openTempStore(t);
	const image = withSheet(`${A}/album.flac`, 4);
	saveParts(store, image, 1, 2);
	store.saveFailure(image, "the cue sheet's track 4 starts at 180.0 s, after the end of the audio (170.0 s)", {keepParts: true});
	t.deepEqual(paths(store), ['album.flac#01', 'album.flac#02']);
	let plan = store.plan(A, [image], {retryFailed: false});
	t.deepEqual(plan.toAnalyse, []);
	t.is(plan.failedBefore, 1);
	t.deepEqual(paths(store), ['album.flac#01', 'album.flac#02'], 'kept by the plan too');

	// The sheet is fixed; the image itself is the same file.
	const fixed = withSheet(`${A}/album.flac`, 3, 2);
	plan = store.plan(A, [fixed], {retryFailed: false});
	t.deepEqual(plan.toAnalyse, [fixed]);
	saveParts(store, fixed, 1, 1);
	t.deepEqual(paths(store), ['album.flac#01'], "the older sheet's tracks go with the first of the new one");
	t.is(store.failures().length, 1, 'the failure stays until the image is whole');
	saveParts(store, fixed, 2, 3, false);
	t.deepEqual(store.failures(), []);
	t.is(store.plan(A, [fixed], {retryFailed: false}).unchanged, 3);

	// A failure before any track of the run is saved forgets the image's older tracks.
	const touched = {...fixed, mtimeMs: fixed.mtimeMs + 1};
	store.saveFailure(touched, 'no audio decoded');
	t.deepEqual(paths(store), []);
});

test('an image stopped part-way: the next run keeps the tracks it finished while it stores the rest', async t => {
	const store = await openTempStore(t);
	const image = withSheet(`${A}/album.flac`, 4);
	saveParts(store, image, 1, 2);
	const plan = store.plan(A, [image], {retryFailed: false});
	t.is(plan.unchanged, 2);
	const rerun = plan.toAnalyse[0]!;
	t.deepEqual(rerun.storedParts, [1, 2]);
	store.saveImagePart(rerun, part(rerun, 3), {replace: true, complete: false});
	t.deepEqual(paths(store), ['album.flac#01', 'album.flac#02', 'album.flac#03'], 'the first save of the rerun drops none');
	store.saveFailure(rerun, 'ffmpeg was killed by SIGKILL while decoding', {keepParts: true});
	t.deepEqual(paths(store), ['album.flac#01', 'album.flac#02', 'album.flac#03']);
	const retried = store.plan(A, [image], {retryFailed: true}).toAnalyse[0]!;
	t.deepEqual(retried.storedParts, [1, 2, 3]);
	store.saveImagePart(retried, part(retried, 4), {replace: true, complete: true});
	t.deepEqual(store.failures(), []);
	t.is(store.plan(A, [image], {retryFailed: false}).unchanged, 4);

	// What no longer describes the image is not kept: a changed sheet, a changed image.
	const resheeted = withSheet(`${A}/album.flac`, 4, 2);
	t.is(store.plan(A, [resheeted], {retryFailed: false}).toAnalyse[0]!.storedParts, undefined);
	const touched = {...image, mtimeMs: image.mtimeMs + 1};
	saveParts(store, image, 1, 2);
	t.is(store.plan(A, [touched], {retryFailed: false}).toAnalyse[0]!.storedParts, undefined);
	store.saveImagePart(touched, part(touched, 1), {replace: true, complete: false});
	t.deepEqual(paths(store), ['album.flac#01']);
});

test("an image's tracks are matched by their image exactly, not by a prefix of their paths", async t => {
	const store = await openTempStore(t);
	const image = withSheet(`${A}/x.flac`, 2);
	const lookalike = withSheet(`${A}/x.flac#y.flac`, 2);
	saveParts(store, lookalike, 1, 2);
	saveParts(store, image, 1, 2);
	store.saveTrack(analysed(scanned(image.path)));
	t.deepEqual(paths(store), ['x.flac', 'x.flac#y.flac#01', 'x.flac#y.flac#02']);
	store.saveFailure(scanned(image.path), 'broken');
	saveParts(store, image, 1, 1);
	t.deepEqual(paths(store), ['x.flac#01', 'x.flac#y.flac#01', 'x.flac#y.flac#02']);
	const plan = store.plan(A, [image, lookalike], {retryFailed: false});
	t.is(plan.unchanged, 3, "the lookalike's two tracks, and the image's first (kept while its second is analysed)");
	t.deepEqual(
		plan.toAnalyse.map(track => [path.basename(track.path), track.storedParts]),
		[['x.flac', [1]]],
	);
});

test('migration 5 gives the CUE tracks of a version 4 store their image', async t => {
	const file = path.join(tempDir(t), 'v4.db');
	const old = new Database(file);
	old.pragma('journal_mode = WAL');
	migrate(old, MIGRATIONS.slice(0, 4));
	const insert = old.prepare(
		`INSERT INTO tracks (id, path, size, mtime_ms, duration_seconds, analysed_ms, features_version, cue) VALUES (?, ?, 1000, 1700000000000, 60, 0, 0, ?)`,
	);
	const image = withSheet(`${A}/album.flac`, 2);
	for (const number of [1, 2]) {
		insert.run(number, cueKey(image.path, number), JSON.stringify({...cueRef(image.path, image.cue!, image.cue!.spans[number - 1]!), count: undefined}));
		old.prepare(`INSERT INTO features (track_id, analysis) VALUES (?, '{}')`).run(number);
	}
	old.close();
	const store = await openTempStore(t, {}, file);
	t.is(store.plan(A, [image], {retryFailed: false}).unchanged, 2, 'saved all together then: whole');
	saveParts(store, image, 1, 1);
	t.deepEqual(paths(store), ['album.flac#01'], 'found by their image');
});
