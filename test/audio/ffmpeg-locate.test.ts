import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {FfmpegNotFoundError, findOnPath, locateFfmpeg, probeFfmpeg} from '../../source/audio/ffmpeg-locate.js';
import {runCli} from '../helpers/cli.js';
import {ffmpeg, tempDir} from '../helpers/fixtures.js';

test('an explicit ffmpeg is used and named', t => {
	const location = locateFfmpeg({path: ffmpeg(), source: '--ffmpeg'});
	t.is(location.path, ffmpeg());
	t.is(location.source, '--ffmpeg');
	t.regex(location.version, /\S/);
});

test('a missing explicit ffmpeg is one clear error saying how to get one', t => {
	const error = t.throws(() => locateFfmpeg({path: '/nonexistent/ffmpeg', source: 'FFMPEG_PATH'}), {instanceOf: FfmpegNotFoundError});
	t.regex(error!.message, /FFMPEG_PATH \(\/nonexistent\/ffmpeg\) cannot be used: no such file/);
	t.regex(error!.message, /apt install ffmpeg/);
});

test('a binary that is not ffmpeg, or not executable, is refused', t => {
	const dir = tempDir(t);
	const fake = path.join(dir, 'ffmpeg');
	fs.writeFileSync(fake, '#!/bin/sh\necho "I am not ffmpeg"\n', {mode: 0o755});
	const wrong = probeFfmpeg(fake);
	t.false(wrong.ok);
	if (!wrong.ok) t.regex(wrong.reason, /does not answer like ffmpeg/);
	const plain = path.join(dir, 'plain');
	fs.writeFileSync(plain, 'data', {mode: 0o644});
	const notExecutable = probeFfmpeg(plain);
	t.false(notExecutable.ok);
	if (!notExecutable.ok) t.regex(notExecutable.reason, /not an executable/);
});

test('PATH lookup finds executables only', t => {
	const dir = tempDir(t);
	fs.writeFileSync(path.join(dir, 'tool'), '', {mode: 0o644});
	t.is(findOnPath('tool', dir), undefined);
	fs.chmodSync(path.join(dir, 'tool'), 0o755);
	t.is(findOnPath('tool', `/nonexistent${path.delimiter}${dir}`), path.join(dir, 'tool'));
});

test('the CLI exits 1 with the message when the named ffmpeg is unusable', async t => {
	const result = await runCli(['analyze', '--no-tui', '--ffmpeg', '/nonexistent/ffmpeg']);
	t.is(result.code, 1);
	t.regex(result.stderr, /--ffmpeg \(\/nonexistent\/ffmpeg\) cannot be used/);
	t.regex(result.stderr, /Install it/);
	t.notRegex(result.stderr, /at .*\.js:\d+/, 'no stack trace');
});
