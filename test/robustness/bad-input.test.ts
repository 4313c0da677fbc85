import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {scanLibrary} from '../../source/audio/scan.js';
import {AUDIO_EXTENSIONS} from '../../source/config/options.js';
import {LevelAnalyzerPool} from '../helpers/level-analyzer.js';
import {beyondAnnounced} from '../../source/session/track-run.js';
import {synth, tempDir} from '../helpers/fixtures.js';
import {createTestSession, ofType} from '../helpers/session.js';

function failures(events: ReturnType<typeof createTestSession>['events']) {
	return Object.fromEntries(ofType(events, 'track-failed').map(event => [path.basename(event.path), event.message]));
}

test('zero-byte, non-audio and truncated files: one clear error each, and the run goes on', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a-good.wav'), 'sine=f=440:d=2');
	fs.writeFileSync(path.join(dir, 'b-empty.flac'), '');
	fs.writeFileSync(path.join(dir, 'c-readme.mp3'), '# Not audio\n\nJust a text file with an audio extension.\n'.repeat(40));
	const whole = synth(path.join(dir, 'whole.flac'), 'sine=f=440:d=20');
	const bytes = fs.readFileSync(whole);
	fs.rmSync(whole);
	fs.writeFileSync(path.join(dir, 'd-truncated.flac'), bytes.subarray(0, Math.floor(bytes.length / 3)));
	synth(path.join(dir, 'e-good.wav'), 'sine=f=440:d=2');
	const {session, events} = createTestSession(dir);
	const summary = await session.run();
	const failed = failures(events);
	t.is(failed['b-empty.flac'], 'empty file (0 bytes)');
	t.truthy(failed['c-readme.mp3']);
	t.notRegex(failed['c-readme.mp3']!, /file:\//);
	const done = ofType(events, 'track-done').map(event => path.basename(event.path));
	t.true(done.includes('a-good.wav') && done.includes('e-good.wav'), 'files after the bad ones are analysed');
	// A truncated FLAC announces 20 s in its header: what decodes is kept and flagged partial.
	const truncated = ofType(events, 'track-done').find(event => event.path.endsWith('d-truncated.flac'));
	if (truncated) {
		t.true(truncated.partial);
		t.true(truncated.durationSeconds < 18);
		t.true(ofType(events, 'log').some(event => /d-truncated\.flac: only .* decoded/.test(event.message)));
	} else {
		t.truthy(failed['d-truncated.flac'], 'or it is a clean failure');
	}
	t.is(summary.tracks + summary.failed, 5);
});

test('audio with the wrong extension is recognised by its content', async t => {
	const dir = tempDir(t);
	const ogg = synth(path.join(dir, 'tmp.ogg'), 'sine=f=440:d=3', ['-c:a', 'libvorbis']);
	fs.renameSync(ogg, path.join(dir, 'actually-ogg.mp3'));
	const {session, events} = createTestSession(dir);
	await session.run();
	const [done] = ofType(events, 'track-done');
	t.truthy(done);
	t.true(Math.abs(done!.durationSeconds - 3) < 0.1);
});

test('odd names: unicode, quotes, spaces, a leading dash, a very long path', async t => {
	const dir = tempDir(t);
	const deep = path.join(dir, ...Array.from({length: 12}, (_, i) => `folder with a rather long name number ${i}`));
	fs.mkdirSync(deep, {recursive: true});
	const names = [
		path.join(dir, '-rf --help.wav'),
		path.join(dir, 'it\'s "quoted" & $HOME.wav'),
		path.join(dir, 'Sigur Rós – Hoppípolla ♫ 日本.wav'),
		path.join(dir, ' leading and trailing space .wav'),
		path.join(deep, `${'x'.repeat(200)}.wav`),
	];
	for (const name of names) synth(name, 'sine=f=440:d=1');
	t.true(names.at(-1)!.length > 600);
	const {session, events} = createTestSession(dir);
	const summary = await session.run();
	t.deepEqual(failures(events), {});
	t.is(summary.tracks, names.length);
	t.deepEqual(
		ofType(events, 'track-done')
			.map(event => event.path)
			.sort(),
		[...names].sort(),
	);
});

test('symlinks: dangling and self links fail clearly; a directory cycle ends and visits each file once', async t => {
	const dir = tempDir(t);
	fs.mkdirSync(path.join(dir, 'albums', 'one'), {recursive: true});
	synth(path.join(dir, 'albums', 'one', 'song.wav'), 'sine=f=440:d=1');
	fs.symlinkSync(path.join(dir, 'albums'), path.join(dir, 'albums', 'one', 'loop'));
	fs.symlinkSync(path.join(dir, 'albums', 'one', 'song.wav'), path.join(dir, 'alias.wav'));
	fs.symlinkSync(path.join(dir, 'gone.mp3'), path.join(dir, 'dangling.mp3'));
	fs.symlinkSync(path.join(dir, 'self.mp3'), path.join(dir, 'self.mp3'));
	const {tracks, problems} = await scanLibrary(dir, {extensions: AUDIO_EXTENSIONS});
	t.is(tracks.length, 1, 'the song, once, whichever way it is reached');
	const byName = Object.fromEntries(problems.map(problem => [path.basename(problem.path), problem.message]));
	t.regex(byName['dangling.mp3']!, /symlink to nothing|vanished/);
	t.regex(byName['self.mp3']!, /symlink loop/);
});

test('.notmusic folders are skipped', async t => {
	const dir = tempDir(t);
	fs.mkdirSync(path.join(dir, 'audiobooks'));
	fs.writeFileSync(path.join(dir, 'audiobooks', '.notmusic'), '');
	synth(path.join(dir, 'audiobooks', 'chapter1.mp3'), 'sine=f=440:d=1');
	synth(path.join(dir, 'song.mp3'), 'sine=f=440:d=1');
	const {tracks} = await scanLibrary(dir, {extensions: AUDIO_EXTENSIONS});
	t.deepEqual(
		tracks.map(track => path.basename(track.path)),
		['song.mp3'],
	);
});

test('a file deleted while it is analysed still completes (ffmpeg holds it open)', async t => {
	const dir = tempDir(t);
	const file = synth(path.join(dir, 'a.wav'), 'sine=f=440:d=8');
	const {session, events} = createTestSession(dir, {
		limits: {monitoringEnabled: false, chunkSeconds: 1, minChunkSeconds: 1},
		pool: new LevelAnalyzerPool(10),
	});
	session.on(event => {
		if (event.type === 'chunk' && event.index === 0) fs.rmSync(file);
	});
	const summary = await session.run();
	t.is(summary.tracks, 1);
	t.is(ofType(events, 'track-done')[0]!.durationSeconds, 8);
});

test('an ffmpeg child killed mid-track fails that track with the cause; the next one starts', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=20');
	synth(path.join(dir, 'b.wav'), 'sine=f=440:d=2');
	const {session, events} = createTestSession(dir, {
		limits: {monitoringEnabled: false, chunkSeconds: 1, minChunkSeconds: 1},
		pool: new LevelAnalyzerPool(20),
	});
	session.on(event => {
		if (event.type === 'chunk' && event.index === 1 && event.path.endsWith('a.wav')) {
			process.kill(session.activeTracks[0]!.decoder.pid!, 'SIGKILL');
		}
	});
	await session.run();
	t.regex(failures(events)['a.wav'] ?? '', /killed by SIGKILL/);
	t.deepEqual(
		ofType(events, 'track-done').map(event => path.basename(event.path)),
		['b.wav'],
	);
});

test('a decoder that stalls is stopped by the watchdog and recorded', async t => {
	const dir = tempDir(t);
	const fake = path.join(dir, 'stalling-ffmpeg');
	// Answers -version like ffmpeg, then on a decode prints a header and hangs without sending audio.
	fs.writeFileSync(
		fake,
		'#!/bin/sh\nif [ "$2" = "-version" ]; then echo "ffmpeg version 9.9-fake"; exit 0; fi\n' +
			'echo "Input #0, wav, from \'x\':" >&2\necho "  Duration: 00:00:10.00, bitrate: 1 kb/s" >&2\necho "Stream mapping:" >&2\nexec sleep 600\n',
		{mode: 0o755},
	);
	const library = path.join(dir, 'library');
	fs.mkdirSync(library);
	synth(path.join(library, 'a.wav'), 'sine=f=440:d=1');
	const {session, events} = createTestSession(library, {
		ffmpeg: {path: fake, source: 'test', version: 'fake'},
		stallTimeoutMs: 600,
	});
	const summary = await session.run();
	t.is(summary.failed, 1);
	t.regex(failures(events)['a.wav']!, /decoder stalled: no audio for 1 s, stopped/);
});

test('a decoder running far past the announced duration counts as stuck', t => {
	t.false(beyondAnnounced(200, 180));
	t.true(beyondAnnounced(301, 180));
	t.false(beyondAnnounced(10_000, undefined), 'no announced duration: nothing to compare');
});

test('a folder that vanishes during the scan is reported and the scan goes on', async t => {
	const dir = tempDir(t);
	for (const folder of ['a', 'b', 'c']) synth(path.join(dir, folder, 'song.wav'), 'sine=f=440:d=1');
	const {tracks, problems} = await scanLibrary(dir, {
		extensions: AUDIO_EXTENSIONS,
		// Called between finding the folder and reading it: the moment to pull the rug.
		isExcluded(relative, isDirectory) {
			if (isDirectory && relative === 'b') fs.rmSync(path.join(dir, 'b'), {recursive: true});
			return false;
		},
	});
	t.deepEqual(
		tracks.map(track => path.relative(dir, track.path)),
		['a/song.wav', 'c/song.wav'],
	);
	t.deepEqual(problems, [{path: path.join(dir, 'b'), message: 'cannot read folder: vanished during the scan, or a symlink to nothing'}]);
});
