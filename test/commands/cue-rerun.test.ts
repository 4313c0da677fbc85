/**
 * An album image whose analysis is killed (`kill -9` of playlistgen) at chosen points, then run again:
 * the CUE tracks stored never decrease, a rerun analyses only the tracks still missing, and in the end
 * every track is stored once. Real ffmpeg, real SQLite, the real CLI.
 */
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import Database from 'better-sqlite3';
import type {NdjsonRecord} from '../../source/report/ndjson.js';
import {records} from '../helpers/cli.js';
import {sheetText} from '../helpers/album-image.js';
import {embedCuesheet} from '../helpers/flac-cuesheet.js';
import {cliPath, ffmpeg, tempDir} from '../helpers/fixtures.js';

const TRACKS = 13;
const SECONDS = 4;

/** A FLAC image of `count` tones of 4 s, with its sheet beside it (as `edit` leaves it), or inside it. */
function makeImage(t: ExecutionContext, count = TRACKS, edit = (sheet: string) => sheet, embedded = false): {library: string; image: string} {
	const library = path.join(tempDir(t), 'library');
	fs.mkdirSync(library);
	const image = path.join(library, 'album.flac');
	const inputs = Array.from({length: count}, (_, index) => ['-f', 'lavfi', '-i', `sine=frequency=${200 + index * 60}:duration=${SECONDS}`]).flat();
	const made = spawnSync(ffmpeg(), [
		'-hide_banner',
		'-loglevel',
		'error',
		'-y',
		...inputs,
		'-filter_complex',
		`concat=n=${count}:v=0:a=1`,
		'-c:a',
		'flac',
		image,
	]);
	t.is(made.status, 0, String(made.stderr));
	const titles = Array.from({length: count}, (_, index) => ({title: `Tone ${index + 1}`, seconds: SECONDS}));
	if (embedded)
		embedCuesheet(
			image,
			titles.map((_, index) => index * SECONDS),
		);
	else fs.writeFileSync(path.join(library, 'album.cue'), edit(sheetText('album.flac', titles)));
	return {library, image};
}

/**
 * Runs `analyze --json` and kills it with SIGKILL as soon as `killAt` says so of a record (never, without
 * one). Resolves with the records it wrote and how it ended.
 */
function analyse(library: string, db: string, home: string, killAt?: (record: NdjsonRecord, seen: NdjsonRecord[]) => boolean) {
	return new Promise<{seen: NdjsonRecord[]; code: number | null; signal: NodeJS.Signals | null; stderr: string}>((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, 'analyze', library, '--db', db, '--json', '--workers', '1'], {
			env: {...process.env, NO_COLOR: '1', HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache')},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const seen: NdjsonRecord[] = [];
		let buffered = '';
		let stderr = '';
		child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
		child.stdout.on('data', (data: Buffer) => {
			buffered += data.toString();
			const lines = buffered.split('\n');
			buffered = lines.pop()!;
			for (const record of records(lines.join('\n'))) {
				seen.push(record);
				if (killAt?.(record, seen) && child.exitCode === null) child.kill('SIGKILL');
			}
		});
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({seen, code, signal, stderr}));
	});
}

/** The CUE tracks stored, by their file name (album.flac#01 …). */
function stored(db: string): string[] {
	const handle = new Database(db, {readonly: true});
	try {
		return (handle.prepare('SELECT path FROM tracks ORDER BY path').all() as Array<{path: string}>).map(row => path.basename(row.path));
	} finally {
		handle.close();
	}
}

const doneInRun = (seen: NdjsonRecord[]) => seen.filter(record => record.type === 'track').length;
const started = (record: NdjsonRecord) => record.type === 'track-start' && record['cue'] !== undefined;

for (const embedded of [false, true]) {
	test(`kill -9 at chosen points of an image (sheet ${embedded ? 'inside' : 'beside'} it), then run again: the stored tracks never decrease, and end whole, each once`, async t => {
		const {library} = makeImage(t, TRACKS, undefined, embedded);
		const home = tempDir(t);
		const db = path.join(home, 'library.db');
		const counts: number[] = [];

		// Killed once four tracks are done; then at the first track the rerun finishes; then in the middle of
		// the second track a rerun starts (before it is stored).
		const points: Array<(record: NdjsonRecord, seen: NdjsonRecord[]) => boolean> = [
			(_record, seen) => doneInRun(seen) >= 4,
			(_record, seen) => doneInRun(seen) >= 1,
			(record, seen) => started(record) && seen.filter(each => started(each)).length >= 2,
		];
		for (const point of points) {
			const run = await analyse(library, db, home, point);
			t.is(run.signal, 'SIGKILL', `killed as planned: ${run.stderr}`);
			counts.push(stored(db).length);
		}
		t.true(counts[0]! >= 4, `${counts[0]} tracks stored after the first run`);
		for (let index = 1; index < counts.length; index++) t.true(counts[index]! >= counts[index - 1]!, `stored tracks per run: ${counts.join(', ')}`);
		t.true(counts[1]! > counts[0]!, 'the second run stored its track beside those of the first');

		const last = await analyse(library, db, home);
		t.is(last.code, 0, last.stderr);
		const before = counts.at(-1)!;
		// A sheet inside the image is read with its header: until then the image counts as one file.
		const queue = embedded ? {total: 1, toAnalyse: 1, unchanged: before} : {total: TRACKS, toAnalyse: TRACKS - before, unchanged: before};
		t.like(
			last.seen.find(record => record.type === 'queue'),
			queue,
		);
		const analysed = last.seen.filter(record => record.type === 'track');
		t.is(analysed.length, TRACKS - before, 'the last run analysed only the tracks still missing');
		t.deepEqual(
			stored(db),
			Array.from({length: TRACKS}, (_, index) => `album.flac#${String(index + 1).padStart(2, '0')}`),
		);
		const again = await analyse(library, db, home);
		t.like(
			again.seen.find(record => record.type === 'queue'),
			{toAnalyse: 0, unchanged: TRACKS},
		);
	});
}

test('a sheet that gives a TRACK number twice: every track is stored, numbered by its place, with a warning; the next run has nothing to do', async t => {
	const {library} = makeImage(t, 3, sheet => sheet.replace('TRACK 03', 'TRACK 02'));
	const home = tempDir(t);
	const db = path.join(home, 'library.db');
	const first = await analyse(library, db, home);
	t.is(first.code, 0, first.stderr);
	t.is(first.seen.filter(record => record.type === 'track').length, 3);
	t.true(
		first.seen.some(
			record =>
				record.type === 'log' &&
				/album\.cue: track number 2 is given twice \(lines 7 and 10\): the tracks are numbered by their place in the sheet/.test(String(record['message'])),
		),
		JSON.stringify(first.seen.filter(record => record.type === 'log')),
	);
	t.deepEqual(stored(db), ['album.flac#01', 'album.flac#02', 'album.flac#03'], 'as many tracks stored as reported');
	const again = await analyse(library, db, home);
	t.like(
		again.seen.find(record => record.type === 'queue'),
		{toAnalyse: 0, unchanged: 3},
	);
});
