import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {scanLibrary} from '../../source/audio/scan.js';
import {AUDIO_EXTENSIONS} from '../../source/config/options.js';
import {pathToBytes, showText} from '../../source/util/raw-path.js';
import {runCli} from '../helpers/cli.js';
import {ffmpeg, synth, tempDir} from '../helpers/fixtures.js';
import {createTestSession, ofType} from '../helpers/session.js';
import {flacWithComments, oggWithBadFramingFlag} from '../helpers/tamper.js';
import {openTempStore} from '../store/helpers.js';

const LATIN1_NAME = Buffer.from('caf\xe9', 'latin1');

/** Moves a file to a name that is not UTF-8: `prefix` + "caf\xE9" + `suffix`, in the same folder. */
function renameToLatin1(file: string, suffix: string): Buffer {
	const target = Buffer.concat([Buffer.from(path.dirname(file) + path.sep), LATIN1_NAME, Buffer.from(suffix)]);
	fs.renameSync(file, target);
	return target;
}

function messages(events: ReturnType<typeof createTestSession>['events']): Record<string, string> {
	return Object.fromEntries(ofType(events, 'track-failed').map(event => [showText(path.basename(event.path)), event.message]));
}

test('a name that is not UTF-8 is analysed from its bytes, stored as them and shown escaped', async t => {
	const dir = tempDir(t);
	// MP4 puts its index at the end by default: ffmpeg has to seek the file it is handed.
	const m4a = renameToLatin1(synth(path.join(dir, 'tmp.m4a'), 'sine=f=440:d=3', ['-c:a', 'aac']), '.m4a');
	const text = Buffer.concat([Buffer.from(dir + path.sep), LATIN1_NAME, Buffer.from('-notes.mp3')]);
	fs.writeFileSync(text, 'not audio at all\n'.repeat(100));
	const store = await openTempStore(t);
	const {session, events} = createTestSession(dir, {store});
	const summary = await session.run();
	t.is(summary.tracks, 1);
	const [done] = ofType(events, 'track-done');
	t.deepEqual(pathToBytes(done!.path), m4a);
	t.is(showText(path.basename(done!.path)), 'caf\\xE9.m4a');
	t.true(Math.abs(done!.durationSeconds - 3) < 0.1);
	t.deepEqual(Object.keys(messages(events)), ['caf\\xE9-notes.mp3'], 'the other one fails for what it is, not for its name');
	t.notRegex(Object.values(messages(events))[0]!, /vanished|symlink/);

	t.deepEqual(
		store.allTracks().map(track => pathToBytes(track.path)),
		[m4a],
	);
	t.deepEqual(
		store.failures().map(failure => pathToBytes(failure.path)),
		[text],
	);
	t.deepEqual(
		store.allTracks({root: dir}).map(track => track.path),
		[done!.path],
		'found under its root',
	);
	t.truthy(store.track(done!.path));

	// The next run knows both by their bytes: nothing analysed again, nothing forgotten.
	const again = createTestSession(dir, {store});
	const second = await again.session.run();
	t.like(second, {tracks: 0, unchanged: 1, failedBefore: 1, pruned: 0});
	fs.rmSync(m4a);
	const third = await createTestSession(dir, {store}).session.run();
	t.is(third.pruned, 1, 'a deleted file with such a name is forgotten');
	t.deepEqual(store.allTracks(), []);
});

test('a folder deeper than PATH_MAX is reported, not skipped in silence', async t => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-deep-'));
	// Node's rm works with whole paths, which this tree exceeds; rm(1) walks it folder by folder.
	t.teardown(() => spawnSync('rm', ['-rf', dir]));
	synth(path.join(dir, 'shallow.wav'), 'sine=f=440:d=1');
	const name = 'n'.repeat(90);
	// mkdir and cd one level at a time: each step is short, the whole is not.
	const made = spawnSync('sh', ['-c', `cd "$1" && for i in $(seq 46); do mkdir "$2" && cd -P "./$2" || exit 1; done`, 'sh', dir, name]);
	t.is(made.status, 0, made.stderr.toString());
	const {tracks, problems} = await scanLibrary(dir, {extensions: AUDIO_EXTENSIONS});
	t.deepEqual(
		tracks.map(track => path.basename(track.path)),
		['shallow.wav'],
	);
	t.is(problems.length, 1);
	t.regex(problems[0]!.message, /^cannot read folder: path too long/);
	t.true(problems[0]!.path.length > 4000);
});

test('what the scan cannot use is reported and recorded: FIFO, device, dangling link, loop', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'good.wav'), 'sine=f=440:d=1');
	t.is(spawnSync('mkfifo', [path.join(dir, 'fifo.mp3')]).status, 0);
	fs.symlinkSync('/dev/zero', path.join(dir, 'zero.wav'));
	fs.symlinkSync(path.join(dir, 'nowhere.flac'), path.join(dir, 'dangling.flac'));
	fs.symlinkSync(path.join(dir, 'self.ogg'), path.join(dir, 'self.ogg'));
	const store = await openTempStore(t);
	const {session, events} = createTestSession(dir, {store});
	const summary = await session.run();
	t.is(summary.tracks, 1);
	const expected = {
		'dangling.flac': 'vanished during the scan, or a symlink to nothing',
		'fifo.mp3': 'not a regular file (a FIFO)',
		'self.ogg': 'symlink loop',
		'zero.wav': 'not a regular file (a character device)',
	};
	t.deepEqual(messages(events), expected);
	t.is(summary.failed, 4);
	const stored = Object.fromEntries(store.failures({root: dir}).map(failure => [path.basename(failure.path), failure.error]));
	t.deepEqual(stored, expected);

	// Still there next run: recorded again (attempts add up), not forgotten; once fixed, forgotten.
	await createTestSession(dir, {store}).session.run();
	t.deepEqual(
		store.failures().map(failure => failure.attempts),
		[2, 2, 2, 2],
	);
	fs.rmSync(path.join(dir, 'fifo.mp3'));
	await createTestSession(dir, {store}).session.run();
	t.false(store.failures().some(failure => failure.path.endsWith('fifo.mp3')));
});

test("ffmpeg's words about its own options become a plain reason, with its line kept", async t => {
	const dir = tempDir(t);
	// A video without sound, named like audio: "To ignore this, add a trailing '?' to the map".
	const video = path.join(dir, 'tmp.mp4');
	const made = spawnSync(ffmpeg(), ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=d=1:s=64x48', '-c:v', 'mpeg4', video]);
	t.is(made.status, 0, made.stderr.toString());
	fs.renameSync(video, path.join(dir, 'silent-video.mp3'));
	const {session, events} = createTestSession(dir);
	await session.run();
	t.regex(messages(events)['silent-video.mp3']!, /^no audio stream in this file \(ffmpeg: Stream map '0:a:0' matches no streams/);
});

test("an Ogg whose headers every decoder refuses says so plainly, with each one's reason", async t => {
	const dir = tempDir(t);
	const ogg = synth(path.join(dir, 'strict.ogg'), 'sine=f=440:d=2', ['-c:a', 'libvorbis']);
	fs.writeFileSync(ogg, oggWithBadFramingFlag(fs.readFileSync(ogg)));
	const {session, events} = createTestSession(dir);
	await session.run();
	t.regex(
		messages(events)['strict.ogg']!,
		/^ffmpeg cannot read this Ogg's headers \(ffmpeg: Header processing failed.*\); ogg-vorbis: libvorbis cannot read its headers$/,
	);
});

test('an MP3 with garbage after its end is complete, not partial: its duration was only an estimate', async t => {
	const dir = tempDir(t);
	const mp3 = synth(path.join(dir, 'tail.mp3'), 'sine=f=440:d=8', ['-c:a', 'libmp3lame', '-b:a', '128k']);
	const bytes = fs.readFileSync(mp3);
	let seed = 7;
	const garbage = Buffer.from(Array.from({length: bytes.length}, () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) & 0xff));
	fs.writeFileSync(mp3, Buffer.concat([bytes, garbage]));
	const {session, events} = createTestSession(dir);
	await session.run();
	const [info] = ofType(events, 'track-info');
	t.true(info!.durationSeconds! > 14, 'ffmpeg guesses twice the length from the size');
	const [done] = ofType(events, 'track-done');
	t.true(Math.abs(done!.durationSeconds - 8) < 0.5);
	t.false(done!.partial);
	t.false(ofType(events, 'log').some(event => /only .* decoded/.test(event.message)));
});

test('several TITLE tags: the first is the title', async t => {
	const dir = tempDir(t);
	const flac = synth(path.join(dir, 'tags.flac'), 'sine=f=440:d=1', ['-c:a', 'flac']);
	fs.writeFileSync(flac, flacWithComments(fs.readFileSync(flac), ['TITLE=Living Caves', 'TITLE=Crossroads', 'TITLE=Desert', 'ARTIST=Hedgewars']));
	const semicolon = synth(path.join(dir, 'own.flac'), 'sine=f=440:d=1', ['-c:a', 'flac']);
	fs.writeFileSync(semicolon, flacWithComments(fs.readFileSync(semicolon), ['TITLE=Love; Actually']));
	const {session, events} = createTestSession(dir);
	await session.run();
	const titles = Object.fromEntries(ofType(events, 'track-done').map(event => [path.basename(event.path), event.tags.title]));
	t.deepEqual(titles, {'tags.flac': 'Living Caves', 'own.flac': 'Love; Actually'});
});

test("the CLI: plain lines count to the total, names escaped; stats and failed-tracks.txt list the scan's failures", async t => {
	const home = tempDir(t);
	const library = path.join(home, 'library');
	synth(path.join(library, 'a.wav'), 'sine=f=440:d=1');
	synth(path.join(library, 'two\nlines\r.wav'), 'sine=f=550:d=1');
	renameToLatin1(synth(path.join(library, 'tmp.wav'), 'sine=f=660:d=1'), '.wav');
	fs.symlinkSync(path.join(library, 'nowhere.mp3'), path.join(library, 'dangling.mp3'));
	t.is(spawnSync('mkfifo', [path.join(library, 'fifo.mp3')]).status, 0);
	const env = {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), HOME: home};
	const db = path.join(home, 'library.db');

	const run = await runCli(['analyze', library, '--db', db, '--no-tui', '--workers', '1'], {env, cwd: home});
	t.is(run.code, 0, run.stderr);
	const counters = [...run.stdout.matchAll(/^done \[\s*(\d+)\/(\d+)\] (.*?) {2}/gm)].map(match => ({
		done: Number(match[1]),
		total: Number(match[2]),
		name: match[3],
	}));
	t.deepEqual(
		counters.map(counter => `${counter.done}/${counter.total}`),
		['1/3', '2/3', '3/3'],
	);
	t.deepEqual(counters.map(counter => counter.name).sort(), ['a.wav', 'caf\\xE9.wav', 'two\\nlines\\r.wav']);
	t.false(/\r/.test(run.stdout + run.stderr), 'no raw carriage return');
	t.regex(run.stderr, /^FAILED dangling\.mp3: vanished during the scan, or a symlink to nothing$/m);
	t.regex(run.stderr, /^FAILED fifo\.mp3: not a regular file \(a FIFO\)$/m);

	const stats = await runCli(['stats', '--db', db], {env, cwd: home});
	t.is(stats.code, 0, stats.stderr);
	t.regex(stats.stdout, /^Failures {2}2 /m);
	t.regex(stats.stdout, /dangling\.mp3: vanished during the scan/);
	t.regex(stats.stdout, /fifo\.mp3: not a regular file/);

	const out = path.join(home, 'playlists');
	const written = await runCli(['playlists', '--db', db, '--out', out], {env, cwd: home});
	t.is(written.code, 0, written.stderr);
	const failed = fs.readFileSync(path.join(out, 'failed-tracks.txt'), 'utf8');
	t.true(failed.includes(`${path.join(library, 'dangling.mp3')}\tvanished during the scan, or a symlink to nothing\n`));
	t.true(failed.includes(`${path.join(library, 'fifo.mp3')}\tnot a regular file (a FIFO)\n`));
});
