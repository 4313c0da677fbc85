/**
 * A playlist whose every track is left out (MPD cannot name a track of a cue sheet inside a FLAC) is
 * not written, is not counted among the files written, and the output says why.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {FEATURES_VERSION, VECTOR_LENGTH} from '../../source/analysis/vector.js';
import type {Playlist, PlaylistTrack} from '../../source/playlists/types.js';
import {writePlaylists} from '../../source/playlists/output/writer.js';
import type {CueRef} from '../../source/library/track.js';
import {LibraryStore} from '../../source/store/library-store.js';
import {runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/fixtures.js';
import {syntheticTrack} from '../helpers/synthetic-library.js';

const embeddedCue = (image: string, number: number): CueRef => ({
	image,
	sheet: image,
	embedded: true,
	sheetSize: 0,
	sheetMtimeMs: 0,
	number,
	ordinal: number,
	startSeconds: (number - 1) * 60,
	endSeconds: number * 60,
});

const track = (file: string, cue?: CueRef): PlaylistTrack => ({
	path: cue ? `${file}#${String(cue.number).padStart(2, '0')}` : file,
	durationSeconds: 60,
	bpm: 120,
	key: 'A minor',
	camelot: '8A',
	...(cue ? {cue} : {}),
});

const playlist = (name: string, tracks: PlaylistTrack[]): Playlist => ({
	name,
	tracks,
	durationSeconds: 60 * tracks.length,
	bpmRange: [120, 120],
	mainKeys: ['A minor'],
	strategy: 'clusters',
});

test('a playlist whose every track is left out is not written; an earlier file of it is removed as stale', async t => {
	const root = tempDir(t);
	const out = path.join(root, 'lists');
	const image = path.join(root, 'album.flac');
	const single = path.join(root, 'single.mp3');
	const images = playlist(
		'Images',
		[1, 2, 3].map(number => track(image, embeddedCue(image, number))),
	);
	const singles = playlist('Singles', [track(single)]);
	// Written once for all players: both files hold tracks.
	const before = await writePlaylists([images, singles], {dir: out, format: 'm3u'});
	t.deepEqual(fs.readdirSync(out).sort(), ['Images.m3u', 'Singles.m3u']);
	t.is(before.written.length, 2);

	const result = await writePlaylists([images, singles], {dir: out, format: 'm3u', player: 'mpd'});
	t.deepEqual(fs.readdirSync(out).sort(), ['Singles.m3u']);
	t.deepEqual(result.written, []);
	t.deepEqual(result.unchanged, [path.join(out, 'Singles.m3u')]);
	t.deepEqual(result.empty, [path.join(out, 'Images.m3u')]);
	t.deepEqual(result.removed, [path.join(out, 'Images.m3u')]);
	t.is(result.problems.length, 3, 'each track left out with its reason');
});

test('playlists --format m3u --player mpd on a library of embedded sheets writes no file and says why', async t => {
	const root = tempDir(t);
	const db = path.join(root, 'library.db');
	const out = path.join(root, 'lists');
	const store = await LibraryStore.open(db, {featuresVersion: FEATURES_VERSION});
	for (const album of [1, 2]) {
		const image = path.join(root, `album ${album}.flac`);
		for (const number of [1, 2, 3, 4]) {
			const cue = {...embeddedCue(image, number), count: 4};
			const stored = syntheticTrack(
				{path: `${image}#0${number}`, durationSeconds: 60, tags: {title: `Song ${number}`}},
				{featuresVersion: FEATURES_VERSION, vector: Array.from({length: VECTOR_LENGTH}, (_, index) => Math.sin(album * 7 + number + index))},
			);
			store.saveTrack({...stored, size: 1000, mtimeMs: 0, analysis: stored.analysis, cue});
		}
	}
	store.close();

	const result = await runCli(['playlists', '--db', db, '--out', out, '--format', 'm3u', '--player', 'mpd'], {cwd: root});
	t.is(result.code, 0, result.stderr);
	t.false(fs.existsSync(out) && fs.readdirSync(out).some(name => name.endsWith('.m3u')), 'no playlist file written');
	t.regex(result.stdout, /^Wrote 0 files to /m);
	t.regex(result.stdout, /Not written, every track left out \(below\): .+\.m3u/);
	t.regex(result.stdout, /Left out 8 tracks:/);
	t.regex(result.stdout, /MPD cannot play one track of a cue sheet inside the file/);
});
