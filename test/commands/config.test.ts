import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {renderExample} from '../../source/config/example.js';
import {OPTIONS} from '../../source/config/options.js';
import {recordsOf, runCli} from '../helpers/cli.js';
import {sandbox} from '../helpers/config.js';
import {bundledManifest} from '../helpers/fixtures.js';

type ConfigJson = Record<string, {value: unknown; source: string}>;

test('config --json: every option with its value and source', async t => {
	const box = sandbox(t);
	const file = box.write('project/.playlistgenrc', 'memoryLimitPercent: 20\nlibrary: ../music\nplaylists:\n  k: 6\n');
	const result = await runCli(['config', '--json', '--max-chunk', '40', '--no-monitoring'], {
		cwd: box.cwd,
		env: {...box.env, STREAMING_CHUNK_DURATION_SECONDS: '12', PLAYLISTGEN_PLAYLISTS_FORMAT: 'xspf'},
	});
	t.is(result.code, 0, result.stderr);
	t.is(result.stderr, '');
	const json = JSON.parse(result.stdout) as ConfigJson;
	t.deepEqual(
		Object.keys(json),
		OPTIONS.map(spec => spec.key),
	);
	t.deepEqual(json['memoryLimitPercent'], {value: 20, source: file});
	t.deepEqual(json['library'], {value: path.join(box.home, 'music'), source: file});
	t.deepEqual(json['playlists.k'], {value: 6, source: file});
	t.deepEqual(json['chunkSeconds'], {value: 12, source: 'env:STREAMING_CHUNK_DURATION_SECONDS'});
	t.deepEqual(json['playlists.format'], {value: 'xspf', source: 'env:PLAYLISTGEN_PLAYLISTS_FORMAT'});
	t.deepEqual(json['maxChunkSeconds'], {value: 40, source: 'flag:--max-chunk'});
	t.deepEqual(json['monitoringEnabled'], {value: false, source: 'flag:--no-monitoring'});
	t.deepEqual(json['gcThresholdPercent'], {value: 90, source: 'default'});
	t.deepEqual(json['ffmpegPath'], {value: null, source: 'default'});
	t.deepEqual(json['db'], {value: path.join(box.home, 'cache', 'playlistgen', 'library.db'), source: 'default'});
	t.deepEqual(json['outputDir'], {value: path.join(box.cwd, 'playlists'), source: 'default'});
});

test('config: an aligned table of values and sources that fits 80 columns', async t => {
	const box = sandbox(t);
	box.write('project/.playlistgenrc', 'memoryLimitPercent: 20\n');
	const result = await runCli(['config', '--gc-threshold', '70'], {cwd: box.cwd, env: {...box.env, STREAMING_CHUNK_DURATION_SECONDS: '12'}});
	t.is(result.code, 0, result.stderr);
	const lines = result.stdout.split('\n');
	t.is(lines[0], 'Configuration file: ~/project/.playlistgenrc');
	for (const line of lines) t.true([...line].length <= 80, `too wide: ${line}`);
	t.regex(result.stdout, /\n {2}db {2,}~\/cache\/playlistgen\/library\.db\n {20,}default\n/, 'paths under home are shortened');
	const row = (key: string) => lines.find(line => line.startsWith(`  ${key} `));
	t.regex(row('memoryLimitPercent')!, /^ {2}memoryLimitPercent +20 +file$/);
	t.regex(row('chunkSeconds')!, /^ {2}chunkSeconds +12 +env:STREAMING_CHUNK_DURATION_SECONDS$/);
	t.regex(row('gcThresholdPercent')!, /^ {2}gcThresholdPercent +70 +flag:--gc-threshold$/);
	t.regex(row('playlists.format')!, /^ {2}playlists\.format +m3u8 +default$/);
	// The sources of short values line up.
	const columns = ['memoryLimitPercent', 'chunkSeconds', 'gcThresholdPercent', 'playlists.format'].map(key => {
		const line = row(key)!;
		return line.length - line.trimEnd().split(' ').at(-1)!.length;
	});
	t.is(new Set(columns).size, 1, String(columns));
	for (const heading of ['Files', 'Analysis', 'Memory and chunks', 'Playlists']) t.true(lines.includes(heading), heading);
});

test('config without a file says where it looked', async t => {
	const box = sandbox(t);
	const result = await runCli(['config'], {cwd: box.cwd, env: box.env});
	t.is(result.code, 0, result.stderr);
	t.regex(
		result.stdout,
		/^Configuration file: none found\.\n {2}Looked in ~\/project\/sub and each folder above it up to ~, then ~\/xdg-config\/playlistgen\/\./,
	);
});

test('config finds the user file in $XDG_CONFIG_HOME', async t => {
	const box = sandbox(t);
	const file = box.write('xdg-config/playlistgen/config.yaml', 'workers: 3\n');
	const result = await runCli(['config', '--json'], {cwd: box.cwd, env: box.env});
	t.is(result.code, 0, result.stderr);
	t.deepEqual((JSON.parse(result.stdout) as ConfigJson)['workers'], {value: 3, source: file});
	const text = await runCli(['config'], {cwd: box.cwd, env: box.env});
	t.regex(text.stdout, /^Configuration file: ~\/xdg-config\/playlistgen\/config\.yaml \(your user configuration\)/);
});

test('config --config names the file', async t => {
	const box = sandbox(t);
	const file = box.write('elsewhere/settings.json', '{"workers": 2}');
	const result = await runCli(['config', '--json', '--config', file], {cwd: box.cwd, env: box.env});
	t.deepEqual((JSON.parse(result.stdout) as ConfigJson)['workers'], {value: 2, source: file});
	const missing = await runCli(['config', '--config', 'nope.yaml'], {cwd: box.cwd, env: box.env});
	t.is(missing.code, 2);
	t.regex(missing.stderr, /--config nope\.yaml: no such file/);
});

test('config --example prints the documented example', async t => {
	const box = sandbox(t);
	const result = await runCli(['config', '--example'], {cwd: box.cwd, env: box.env});
	t.is(result.code, 0);
	t.is(result.stdout, renderExample());
});

test('unknown keys are warnings on stderr; the command still runs', async t => {
	const box = sandbox(t);
	const file = box.write('project/sub/.playlistgenrc', 'chunkSecs: 4\n');
	const result = await runCli(['config', '--json'], {cwd: box.cwd, env: box.env});
	t.is(result.code, 0);
	t.is(result.stderr, `warning: ${file}:1: unknown option "chunkSecs" (did you mean "chunkSeconds"?); ignored\n`);
});

test('a bad configuration exits 2 before any work, without looking for ffmpeg', async t => {
	const box = sandbox(t);
	const file = box.write('project/.playlistgenrc', 'maxChunkSeconds: 10\n');
	for (const command of [[], ['analyze', '--json'], ['config']]) {
		const result = await runCli([...command, '--memory-limit', '0'], {
			cwd: box.cwd,
			env: {...box.env, FFMPEG_PATH: '/nonexistent/ffmpeg', MEMORY_MONITOR_INTERVAL: 'often'},
		});
		t.is(result.code, 2, command.join(' '));
		t.is(result.stdout, '');
		t.is(
			result.stderr,
			[
				'playlistgen: invalid configuration',
				'  MEMORY_MONITOR_INTERVAL = "often": must be a whole number from 1 to 1000',
				'  --memory-limit = "0": must be a percentage from 1 to 100',
				`  chunk durations must satisfy minChunkSeconds ≤ chunkSeconds ≤ maxChunkSeconds, got 5 (default) ≤ 15 (default) ≤ 10 (${file}:1)`,
				'',
			].join('\n'),
		);
	}
});

test('an unparsable file exits 2 with the file, line and parser message', async t => {
	const box = sandbox(t);
	const file = box.write('project/sub/.playlistgenrc.json', '{\n  "workers": 2,\n}\n');
	const result = await runCli(['analyze'], {cwd: box.cwd, env: box.env});
	t.is(result.code, 2);
	t.true(result.stderr.startsWith(`playlistgen: invalid configuration\n  ${file}:3:1: invalid JSON: `), result.stderr);
	fs.rmSync(file);
	const js = box.write('project/sub/playlistgen.config.mjs', '\nexport default {a: 1,,};\n');
	const syntax = await runCli(['config'], {cwd: box.cwd, env: box.env});
	t.is(syntax.code, 2);
	t.true(syntax.stderr.includes(`${js}:2: the file failed to load: SyntaxError: Unexpected token ','`), syntax.stderr);
});

test('exclude globs from the configuration reach the library scan', async t => {
	const box = sandbox(t);
	box.write('project/sub/.playlistgenrc', 'exclude: ["dusk-*", "*.{wav,flac}"]\n');
	const result = await runCli(['analyze', '--json'], {cwd: box.cwd, env: box.env});
	t.is(result.code, 0, result.stderr);
	const done = recordsOf(result.stdout, 'track').map(event => path.basename(event.path));
	const expected = bundledManifest()
		.map(track => path.basename(track.file))
		.filter(name => !name.startsWith('dusk-') && !/\.(wav|flac)$/.test(name));
	t.deepEqual(done.sort(), expected.sort());
	t.true(expected.length > 0 && expected.length < bundledManifest().length);
});

test('--exclude may be repeated and takes comma-separated globs; a flag replaces the list from below', async t => {
	const box = sandbox(t);
	box.write('project/sub/.playlistgenrc', 'exclude: [Podcasts]\n');
	const result = await runCli(['config', '--json', '--exclude', 'a/**', '--exclude', '*.{m3u,cue}, b'], {cwd: box.cwd, env: box.env});
	t.is(result.code, 0, result.stderr);
	t.deepEqual((JSON.parse(result.stdout) as ConfigJson)['exclude'], {value: ['a/**', '*.{m3u,cue}', 'b'], source: 'flag:--exclude'});
});
