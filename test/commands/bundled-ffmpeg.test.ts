import {createRequire} from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {probeFfmpeg} from '../../source/audio/ffmpeg-locate.js';
import {records, recordsOf, runCli} from '../helpers/cli.js';
import {bundledManifest, mediaDir, tempDir} from '../helpers/fixtures.js';

/** The binary of @ffmpeg-installer/ffmpeg (ffmpeg 4.1), when its download worked on this machine. */
function installerBinary(): string | undefined {
	try {
		const file = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as {path?: string}).path;
		return file && fs.existsSync(file) ? file : undefined;
	} catch {
		return undefined;
	}
}

const bundled = installerBinary();
const withBundled = bundled ? test : test.skip;

withBundled('the CLI analyses the sample library with the bundled ffmpeg 4.1 given by --ffmpeg', async t => {
	const probe = probeFfmpeg(bundled!);
	t.true(probe.ok);
	const home = tempDir(t);
	const library = path.join(home, 'library');
	fs.cpSync(mediaDir, library, {recursive: true});
	const env = {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), HOME: home, FFMPEG_PATH: ''};
	const result = await runCli(['analyze', library, '--ffmpeg', bundled!, '--json', '--db', path.join(home, 'library.db'), '--workers', '1'], {env, cwd: home});
	t.is(result.code, 0, result.stderr);
	const events = records(result.stdout);
	const [started] = recordsOf(result.stdout, 'started');
	t.truthy(started);
	t.is(started!.ffmpeg.path, bundled!);
	t.regex(started!.ffmpeg.source, /--ffmpeg/);
	const done = events.filter(event => event.type === 'track');
	t.is(done.length, bundledManifest().length);
	t.deepEqual(
		events.filter(event => event.type === 'error'),
		[],
	);
	const summary = events.at(-1)!;
	t.like(summary, {type: 'summary', failed: 0});
});
