/**
 * Album images with CUE sheets, through the real CLI: a sheet beside a FLAC and a WAV (the WAV's in
 * Windows-1252), one embedded in a FLAC, a broken one. Each CUE track must come out as if it were its
 * own file, and be stored as its own row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import Database from 'better-sqlite3';
import {records, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/fixtures.js';
import {renderAlbumTracks, sheetText, writeImage, type AlbumFixture} from '../helpers/album-image.js';

function isolated(t: ExecutionContext) {
	const home = tempDir(t);
	return {home, cwd: home, env: {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), HOME: home}};
}

type TrackRecord = {
	type: 'track';
	path: string;
	bpm: number;
	key: string;
	durationSeconds: number;
	tags: Record<string, unknown>;
	cue?: Record<string, unknown>;
};

async function analyse(t: ExecutionContext, dir: string, db: string, context: ReturnType<typeof isolated>) {
	const result = await runCli(['analyze', dir, '--db', db, '--json', '--workers', '1'], {env: context.env, cwd: context.cwd, timeoutMs: 180_000});
	t.is(result.code, 0, result.stderr);
	return records(result.stdout);
}

// Rendered once for all the tests of this file.
const albumDir = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-album-'));
test.after.always(() => fs.rmSync(albumDir, {recursive: true, force: true}));
let album: Promise<AlbumFixture> | undefined;
async function albumTracks(_t: ExecutionContext): Promise<AlbumFixture> {
	album ??= renderAlbumTracks(albumDir);
	return album;
}

test.serial('each CUE track of a FLAC and a WAV image, sheet beside or embedded, has the tempo and key of its own file', async t => {
	const context = isolated(t);
	const fixture = await albumTracks(t);
	const separate = await analyse(t, fixture.separateDir, path.join(context.home, 'separate.db'), context);
	const alone = new Map((separate.filter(record => record.type === 'track') as TrackRecord[]).map(record => [path.basename(record.path), record]));

	const library = path.join(context.home, 'library');
	writeImage(fixture, path.join(library, 'flac'), 'album.flac', 'beside');
	writeImage(fixture, path.join(library, 'wav'), 'album.wav', 'beside', 'latin1');
	writeImage(fixture, path.join(library, 'embedded'), 'album.flac', 'embedded');
	const events = await analyse(t, library, path.join(context.home, 'library.db'), context);
	const tracks = events.filter(record => record.type === 'track') as TrackRecord[];
	t.is(tracks.length, 9, 'three images of three tracks: nine tracks, no image as one track');
	for (const track of tracks) {
		t.truthy(track.cue, `${track.path} carries its CUE track`);
		const number = track.cue!['number'] as number;
		const own = alone.get(fixture.separate[number - 1]!.file)!;
		const where = `${path.relative(library, track.path)} #${number}`;
		t.true(Math.abs(track.bpm - own.bpm) < 0.5, `${where}: ${track.bpm} BPM, alone ${own.bpm}`);
		t.is(track.key, own.key, `${where}: key`);
		t.true(Math.abs(track.durationSeconds - own.durationSeconds) < 0.05, `${where}: duration`);
		t.is(track.cue!['startSeconds'], (number - 1) * 12);
		t.is(track.cue!['endSeconds'], number * 12);
	}
	const beside = tracks.find(track => track.path.endsWith(path.join('flac', 'album.flac')) && track.cue!['number'] === 2)!;
	t.like(beside, {tags: {title: 'Song 2', artist: 'The Band', album: 'The Album', trackNumber: 2}});
	t.is(beside.cue!['sheet'], path.join(library, 'flac', 'album.cue'));
	t.is(beside.cue!['title'], 'Song 2');
	t.is(events.find(record => record.type === 'queue')?.total, 7, 'sheets beside count their tracks; the embedded one adds its own once read');

	// Stored as rows of their own, keyed by image and number; the next run analyses nothing again.
	const db = new Database(path.join(context.home, 'library.db'), {readonly: true});
	const rows = db.prepare('SELECT path, title, cue FROM tracks ORDER BY path').all() as Array<{path: string; title: string; cue: string}>;
	db.close();
	t.deepEqual(
		rows.map(row => path.relative(library, row.path)),
		[
			'embedded/album.flac#01',
			'embedded/album.flac#02',
			'embedded/album.flac#03',
			'flac/album.flac#01',
			'flac/album.flac#02',
			'flac/album.flac#03',
			'wav/album.wav#01',
			'wav/album.wav#02',
			'wav/album.wav#03',
		],
	);
	const again = await analyse(t, library, path.join(context.home, 'library.db'), context);
	t.like(
		again.find(record => record.type === 'queue'),
		{unchanged: 9, toAnalyse: 0},
	);

	// A changed sheet is analysed again, with its new words.
	const sheet = path.join(library, 'flac', 'album.cue');
	fs.writeFileSync(
		sheet,
		sheetText(
			'album.flac',
			fixture.titles.map(title => ({title: `${title} (remaster)`, seconds: 12})),
		),
	);
	fs.utimesSync(sheet, new Date(), new Date(Date.now() + 5000));
	const third = await analyse(t, library, path.join(context.home, 'library.db'), context);
	const redone = third.filter(record => record.type === 'track') as TrackRecord[];
	t.deepEqual(
		redone.map(track => track.tags['title']),
		['Song 1 (remaster)', 'Song 2 (remaster)', 'Song 3 (remaster)'],
	);
});

test.serial('a broken sheet falls back: its error is said and the image is analysed as one file', async t => {
	const context = isolated(t);
	const fixture = await albumTracks(t);
	const library = path.join(context.home, 'library');
	const image = writeImage(fixture, library, 'album.flac', 'none');
	const unordered = sheetText(
		'album.flac',
		fixture.titles.map(title => ({title, seconds: 12})),
	).replace('INDEX 01 00:24:00', 'INDEX 01 00:06:00');
	fs.writeFileSync(path.join(library, 'album.cue'), unordered);
	writeImage(fixture, path.join(library, 'other'), 'disc.flac', 'none');
	fs.writeFileSync(
		path.join(library, 'other', 'disc.cue'),
		sheetText(
			'disc.wav',
			fixture.titles.map(title => ({title, seconds: 12})),
		),
	);
	const result = await runCli(['analyze', library, '--db', path.join(context.home, 'library.db'), '--no-tui', '--workers', '1'], {
		env: context.env,
		cwd: context.cwd,
	});
	t.is(result.code, 0, result.stderr);
	t.regex(
		result.stderr,
		/album\.cue: track 3 starts at 0:06:00, not after track 2 at 0:12:00: times out of order or overlapping; album\.flac is analysed as one file/,
	);
	t.regex(result.stderr, /disc\.cue: it names "disc\.wav", which is not in its folder; disc\.flac is analysed as one file/);
	t.regex(result.stdout, /done \[1\/2\] album\.flac {2}0:36/);
	t.true(fs.existsSync(image));
});

test.serial('a sheet longer than its audio: the tracks finished before the failure are kept; a fixed sheet tries the image again', async t => {
	const context = isolated(t);
	const fixture = await albumTracks(t);
	const library = path.join(context.home, 'library');
	const db = path.join(context.home, 'library.db');
	writeImage(fixture, library, 'album.flac', 'none');
	// 36 s of audio; the sheet puts track 4 from 30 s to 40 s and a track 5 at 40 s.
	const sheet = path.join(library, 'album.cue');
	const long = ['A', 'B', 'C', 'D', 'E'].map((title, index) => ({title, seconds: index === 3 ? 10 : index === 2 ? 6 : 12}));
	fs.writeFileSync(sheet, sheetText('album.flac', long));
	const first = await analyse(t, library, db, context);
	t.deepEqual(
		(first.filter(record => record.type === 'track') as TrackRecord[]).map(track => track.cue!['number']),
		[1, 2, 3],
	);
	const failed = first.find(record => record.type === 'error');
	t.regex(failed?.message ?? 'no error', /track 5 starts at 40\.0 s, after the end of the audio \(36\.0 s\)/);
	const stored = () => {
		const handle = new Database(db, {readonly: true});
		const rows = (handle.prepare('SELECT path FROM tracks ORDER BY path').all() as Array<{path: string}>).map(row => path.basename(row.path));
		const failures = (handle.prepare('SELECT count(*) AS n FROM failures').get() as {n: number}).n;
		handle.close();
		return {rows, failures};
	};
	t.deepEqual(stored(), {rows: ['album.flac#01', 'album.flac#02', 'album.flac#03'], failures: 1});

	// Unchanged: not tried again, and what was finished stays.
	const second = await analyse(t, library, db, context);
	t.like(
		second.find(record => record.type === 'queue'),
		{toAnalyse: 0, failedBefore: 1},
	);
	t.is(stored().rows.length, 3);

	// Only the sheet changes: the image is tried again, and its tracks replace those of the older sheet.
	fs.writeFileSync(
		sheet,
		sheetText(
			'album.flac',
			fixture.titles.map(title => ({title, seconds: 12})),
		),
	);
	fs.utimesSync(sheet, new Date(), new Date(Date.now() + 5000));
	const third = await analyse(t, library, db, context);
	t.deepEqual(
		(third.filter(record => record.type === 'track') as TrackRecord[]).map(track => track.tags['title']),
		['Song 1', 'Song 2', 'Song 3'],
	);
	t.deepEqual(stored(), {rows: ['album.flac#01', 'album.flac#02', 'album.flac#03'], failures: 0});
	const titles = new Database(db, {readonly: true});
	t.deepEqual(
		(titles.prepare('SELECT title FROM tracks ORDER BY path').all() as Array<{title: string}>).map(row => row.title),
		['Song 1', 'Song 2', 'Song 3'],
	);
	titles.close();
});
