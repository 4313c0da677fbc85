/** One recording, one entry: copies of one recording found from the audio, the best kept. */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {compareCopies, lengthsMatch, onePerRecording, recordingSets} from '../../../source/playlists/similarity/recordings.js';
import {records, runCli} from '../../helpers/cli.js';
import {ffmpeg, tempDir} from '../../helpers/fixtures.js';
import {accuracyRecipes, renderRecipes} from '../../helpers/music.js';
import {syntheticTrack} from '../../helpers/synthetic-library.js';
import {spawnSync} from 'node:child_process';

/** A timbre Gaussian of 20 coefficients: mean `level` everywhere, identity covariance scaled by `spread`. */
function gaussian(level: number, spread = 1): {mean: number[]; covariance: number[]} {
	const covariance: number[] = [];
	for (let i = 0; i < 20; i++) for (let j = i; j < 20; j++) covariance.push(i === j ? spread : 0);
	return {mean: Array.from({length: 20}, () => level), covariance};
}

test('the best copy: lossless over lossy, then the higher bitrate, then the shorter path', t => {
	const copy = (file: string, sizeBytes: number) => syntheticTrack({path: file, sizeBytes, durationSeconds: 100});
	const ranked = [
		copy('/m/long folder name/a.mp3', 4_000_000),
		copy('/m/a.opus', 1_200_000),
		copy('/m/a (mono).wav', 8_800_000),
		copy('/m/a.flac', 12_000_000),
		copy('/m/a.wav', 17_600_000),
		copy('/m/b/a.wav', 17_600_000),
	].sort(compareCopies);
	t.deepEqual(
		ranked.map(track => track.path),
		['/m/a.wav', '/m/b/a.wav', '/m/a.flac', '/m/a (mono).wav', '/m/long folder name/a.mp3', '/m/a.opus'],
	);
});

test('lengths of one recording differ by at most a second and 1 %, never more than 5 s', t => {
	t.true(lengthsMatch(200, 201.5));
	t.true(lengthsMatch(400, 404.5));
	t.false(lengthsMatch(600, 606), 'capped at 5 s');
	t.false(lengthsMatch(10, 14), 'a short track 4 s longer is another piece');
	t.false(lengthsMatch(180, 240), 'an extended version');
});

test('copies are one set; a near timbre at another length, key or tempo, or another timbre at the same length, stays apart', t => {
	const track = (file: string, durationSeconds: number, level: number, silentShare = 0) =>
		syntheticTrack({path: file, durationSeconds, sizeBytes: 1_000_000}, {timbre: gaussian(level), silentShare});
	const tracks = [
		track('/m/x.flac', 200, 0),
		track('/m/x.mp3', 200, 0.05),
		// Two seconds of digital silence more: the audible length is the same.
		track('/m/x padded.flac', 202, 0.02, 2 / 202),
		track('/m/x extended.flac', 260, 0),
		track('/m/y.flac', 200, 3),
		track('/m/z.flac', 120, 0),
		// The same timbre and length in another key, or at another tempo: another piece of one album.
		syntheticTrack({path: '/m/x other key.flac', durationSeconds: 200}, {timbre: gaussian(0), keyTonic: 2, mode: 'major', key: 'D major'}),
		syntheticTrack({path: '/m/x other tempo.flac', durationSeconds: 200}, {timbre: gaussian(0), bpm: 131}),
	];
	const sets = recordingSets(tracks);
	t.deepEqual(
		sets.map(set => [set.best.path, ...set.copies.map(copy => copy.path)]),
		[['/m/x.flac', '/m/x padded.flac', '/m/x.mp3']],
	);
	const {tracks: kept} = onePerRecording(tracks);
	t.deepEqual(
		kept.map(k => k.path),
		['/m/x.flac', '/m/x extended.flac', '/m/y.flac', '/m/z.flac', '/m/x other key.flac', '/m/x other tempo.flac'],
	);
});

test('tracks analysed without a timbre model are never taken for copies', t => {
	const tracks = [syntheticTrack({path: '/m/a.flac', durationSeconds: 100}), syntheticTrack({path: '/m/a.mp3', durationSeconds: 100})];
	t.deepEqual(recordingSets(tracks), []);
});

test('real files: one recording in seven formats is one entry in playlists and similar, and stats lists the set', async t => {
	const dir = tempDir(t, 'playlistgen-recordings-');
	const library = path.join(dir, 'Music');
	fs.mkdirSync(library);
	// Four different pieces of one length (two of one timbre family), then copies of the first.
	await renderRecipes(accuracyRecipes(4, {seconds: 30, format: 'flac'}), library);
	const source = path.join(library, 'acc-001-dusk.flac');
	t.true(fs.existsSync(source));
	const copies = path.join(library, 'Copies');
	fs.mkdirSync(copies);
	const encode = (name: string, ...codec: string[]) => {
		const out = path.join(copies, name);
		const result = spawnSync(ffmpeg(), ['-v', 'error', '-nostdin', '-i', source, ...codec, '-y', out]);
		t.is(result.status, 0, result.stderr.toString());
		return out;
	};
	const files = [
		encode('acc-001.mp3', '-c:a', 'libmp3lame', '-b:a', '128k'),
		encode('acc-001.ogg', '-c:a', 'libvorbis', '-q:a', '3'),
		encode('acc-001.opus', '-c:a', 'libopus', '-b:a', '96k'),
		encode('acc-001.m4a', '-c:a', 'aac', '-b:a', '128k'),
		encode('acc-001.wav', '-c:a', 'pcm_s16le'),
		encode('acc-001 (mono).wav', '-ac', '1', '-c:a', 'pcm_s16le'),
	];
	const db = path.join(dir, 'library.db');
	const analysed = await runCli(['analyze', library, '--db', db, '--json']);
	t.is(analysed.code, 0, analysed.stderr);
	t.is(records(analysed.stdout).filter(record => record.type === 'track').length, 10);

	const stats = await runCli(['stats', '--db', db, '--json']);
	const report = JSON.parse(stats.stdout) as {duplicates: Array<{keep: string; copies: string[]}>};
	const recording = [source, ...files].sort();
	t.is(report.duplicates.length, 1, JSON.stringify(report.duplicates));
	t.is(report.duplicates[0]!.keep, path.join(copies, 'acc-001.wav'), 'the lossless copy with the highest bitrate');
	t.deepEqual([report.duplicates[0]!.keep, ...report.duplicates[0]!.copies].sort(), recording);
	const plain = await runCli(['stats', '--db', db]);
	t.regex(plain.stdout, /Duplicates {2}1 recording in several files: .* not the other 6 copies/);

	const playlists = await runCli(['playlists', '--db', db, '--dry-run', '--json', '--target-length', '5']);
	t.is(playlists.code, 0, playlists.stderr);
	const built = JSON.parse(playlists.stdout) as {playlists: Array<{tracks: Array<{path: string}>}>; recordings: Array<{best: string}>};
	const listed = built.playlists.flatMap(playlist => playlist.tracks.map(track => track.path));
	t.deepEqual(
		listed.filter(file => recording.includes(file)),
		[path.join(copies, 'acc-001.wav')],
	);
	t.is(listed.length, 4, 'the other three pieces are all there');

	const similar = await runCli(['similar', path.join(copies, 'acc-001.mp3'), '--db', db, '--json']);
	t.is(similar.code, 0, similar.stderr);
	const neighbours = (JSON.parse(similar.stdout) as {neighbours: Array<{path: string}>}).neighbours.map(neighbour => neighbour.path);
	t.is(neighbours.length, 3);
	t.false(
		neighbours.some(file => recording.includes(file)),
		neighbours.join(', '),
	);
});
