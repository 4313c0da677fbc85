import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {records, recordsOf, runCli} from '../helpers/cli.js';
import {bundledManifest, synth, tempDir} from '../helpers/fixtures.js';

/** Keeps the CLI away from the user's own configuration and store. */
function isolated(t: Parameters<typeof tempDir>[0]) {
	const home = tempDir(t);
	return {
		cwd: home,
		env: {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), HOME: home},
	};
}

test('--json streams NDJSON events for the bundled library', async t => {
	const result = await runCli(['analyze', '--json'], isolated(t));
	t.is(result.code, 0, result.stderr);
	const events = records(result.stdout);
	const types = new Set<string>(events.map(event => event.type));
	for (const type of ['started', 'track', 'chunk', 'memory', 'summary']) t.true(types.has(type), `has ${type}`);
	const manifest = bundledManifest();
	const tracks = recordsOf(result.stdout, 'track');
	t.is(tracks.length, manifest.length);
	for (const track of tracks) {
		t.is(typeof track.path, 'string');
		t.true(track.durationSeconds > 0);
		t.true(track.chunks >= 1);
	}
	const chunk = events.find(event => event.type === 'chunk')!;
	for (const key of ['path', 'index', 'seconds', 'bytes']) t.true(key in chunk, `chunk has ${key}`);
	const memory = events.find(event => event.type === 'memory')!;
	for (const key of ['rssBytes', 'heapUsedBytes', 'systemUsedPercent', 'budgetBytes', 'limitPercent']) t.true(key in memory, `memory has ${key}`);
	const [summary] = recordsOf(result.stdout, 'summary');
	t.is(events.at(-1)!.type, 'summary');
	t.is(summary!.tracks, manifest.length);
	t.is(summary!.failed, 0);
	for (const key of ['audioSeconds', 'wallSeconds', 'peakWorkingSetBytes', 'peakRssBytes'] as const) t.true(summary![key] > 0, `summary has ${key}`);
});

test('plain output: a line per track, failures on stderr, a summary; exit 0 with failures reported', async t => {
	const {cwd, env} = isolated(t);
	const library = tempDir(t);
	synth(path.join(library, 'good.ogg'), 'sine=f=440:d=2', ['-c:a', 'libvorbis']);
	fs.writeFileSync(path.join(library, 'broken.mp3'), 'not audio at all\n'.repeat(64));
	const result = await runCli(['analyze', library, '--no-tui'], {cwd, env});
	t.is(result.code, 0);
	t.regex(result.stdout, /done \[2\/2\] good\.ogg {2}0:02/);
	t.regex(result.stderr, /FAILED broken\.mp3: .+/);
	t.regex(result.stdout, /finished: 1 analysed, 1 failed.*, peak memory [\d.]+ [KMG]iB \(RSS [\d.]+ [KMG]iB\)\n/);
});

test('bad flag values name the flag and the allowed range, exit 2', async t => {
	const cases: Array<[string[], RegExp]> = [
		[['--memory-limit', '150'], /--memory-limit = "150": must be a percentage from 1 to 100/],
		[['--chunk', 'abc'], /--chunk = "abc": must be a number from 1 to 600/],
		[['--min-chunk', '40'], /minChunkSeconds ≤ chunkSeconds ≤ maxChunkSeconds, got 40 \(flag:--min-chunk\)/],
		[['--ram', 'lots'], /--ram = "lots": must be a size of at least 32M/],
		[['--monitor-interval', '0'], /--monitor-interval = "0": must be a whole number from 1 to 1000/],
		[['--gc-threshold'], /--gc-threshold needs a value/],
	];
	for (const [args, message] of cases) {
		const result = await runCli(['analyze', ...args], isolated(t));
		t.is(result.code, 2, args.join(' '));
		t.regex(result.stderr, message);
	}
});

test('unknown commands and flags get usage help with the nearest match, exit 2', async t => {
	const command = await runCli(['anlyze'], isolated(t));
	t.is(command.code, 2);
	t.regex(command.stderr, /Unknown command "anlyze"\. Did you mean "analyze"\?/);
	const flag = await runCli(['--memroy-limit', '40'], isolated(t));
	t.is(flag.code, 2);
	t.regex(flag.stderr, /Unknown option --memroy-limit\. Did you mean --memory-limit\?/);
	const folder = await runCli(['/nonexistent/music'], isolated(t));
	t.is(folder.code, 2);
});

test('the original environment names set the limits', async t => {
	const {cwd, env} = isolated(t);
	const result = await runCli(['analyze', '--json'], {
		cwd,
		env: {...env, STREAMING_MEMORY_LIMIT_PERCENT: '30', STREAMING_CHUNK_DURATION_SECONDS: '7', MEMORY_MONITORING_ENABLED: 'false'},
	});
	t.is(result.code, 0, result.stderr);
	const events = records(result.stdout);
	const started = events.find(event => event.type === 'started')!;
	t.like(started['limits'] as object, {memoryLimitPercent: 30, chunkSeconds: 7, monitoringEnabled: false});
	// Monitoring off: every chunk is 7 s but the last of each track, which is what is left.
	const chunks = events.filter(event => event.type === 'chunk');
	const last = new Map(chunks.map(chunk => [chunk['path'], chunk['index']]));
	const inner = chunks.filter(chunk => last.get(chunk['path']) !== chunk['index']);
	t.true(inner.length > 0);
	t.true(inner.every(chunk => chunk['seconds'] === 7 && chunk['reason'] === 'fixed'));
	t.true(events.filter(event => event.type === 'chunk').every(chunk => chunk['limitPercent'] === 30));
});

test('--ram pretends a small machine: the budget follows it', async t => {
	const result = await runCli(['analyze', '--json', '--ram', '512M', '--memory-limit', '25'], isolated(t));
	t.is(result.code, 0, result.stderr);
	const events = records(result.stdout);
	const started = events.find(event => event.type === 'started')!;
	t.is(started['totalBytes'], 512 * 1024 * 1024);
	t.is(started['totalSource'], '--ram');
	t.true(events.filter(event => event.type === 'memory').every(memory => memory['budgetBytes'] === 128 * 1024 * 1024));
});
