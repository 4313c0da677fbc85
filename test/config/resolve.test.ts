import path from 'node:path';
import test from 'ava';
import {parseCommandLine} from '../../source/commands/args.js';
import {loadConfig} from '../../source/config/load.js';
import {OPTIONS} from '../../source/config/options.js';
import {ConfigError, envLayer, resolveConfig} from '../../source/config/resolve.js';
import {applyLimitsChange, pickLimits} from '../../source/config/limits.js';
import {sandbox} from '../helpers/config.js';

const ORIGINAL_NAMES = {
	memoryLimitPercent: 'STREAMING_MEMORY_LIMIT_PERCENT',
	chunkSeconds: 'STREAMING_CHUNK_DURATION_SECONDS',
	maxChunkSeconds: 'STREAMING_MAX_CHUNK_DURATION',
	monitoringEnabled: 'MEMORY_MONITORING_ENABLED',
	gcThresholdPercent: 'MEMORY_GC_THRESHOLD',
	monitorIntervalChunks: 'MEMORY_MONITOR_INTERVAL',
	ffmpegPath: 'FFMPEG_PATH',
};

test("environment names: the original tool's, and PLAYLISTGEN_<KEY> for every other option", t => {
	const names = Object.fromEntries(OPTIONS.map(spec => [spec.key, spec.env]));
	t.like(names, ORIGINAL_NAMES);
	t.is(names['minChunkSeconds'], 'PLAYLISTGEN_MIN_CHUNK_SECONDS');
	t.is(names['playlists.strategy'], 'PLAYLISTGEN_PLAYLISTS_STRATEGY');
	t.is(names['playlists.absolutePaths'], 'PLAYLISTGEN_PLAYLISTS_ABSOLUTE_PATHS');
	t.is(names['outputDir'], 'PLAYLISTGEN_OUTPUT_DIR');
	for (const spec of OPTIONS) {
		if (!(spec.key in ORIGINAL_NAMES)) t.true(spec.env.startsWith('PLAYLISTGEN_'), spec.key);
	}
	t.deepEqual(
		OPTIONS.map(spec => spec.key),
		[
			'library',
			'outputDir',
			'db',
			'ffmpegPath',
			'extensions',
			'exclude',
			'sampleRate',
			'frameSize',
			'hopSize',
			'extractor',
			'workers',
			'memoryLimitPercent',
			'chunkSeconds',
			'minChunkSeconds',
			'maxChunkSeconds',
			'gcThresholdPercent',
			'monitorIntervalChunks',
			'monitoringEnabled',
			'ram',
			'trustRam',
			'playlists.strategy',
			'playlists.k',
			'playlists.targetLength',
			'playlists.maxPerAlbum',
			'playlists.length',
			'playlists.maxLength',
			'playlists.format',
			'playlists.player',
			'playlists.absolutePaths',
			'playlists.weights',
		],
	);
});

test('precedence: defaults < file < environment < flags', async t => {
	const box = sandbox(t);
	box.write('project/.playlistgenrc', 'memoryLimitPercent: 20\nchunkSeconds: 10\nminChunkSeconds: 2\nworkers: 3\n');
	const env = {...box.env, STREAMING_MEMORY_LIMIT_PERCENT: '30', STREAMING_CHUNK_DURATION_SECONDS: '12'};
	const {flagLayer} = parseCommandLine(['--memory-limit', '40']);
	const loaded = await loadConfig({cwd: box.cwd, env, flags: flagLayer});
	const file = path.join(box.home, 'project', '.playlistgenrc');
	t.like(loaded.config, {memoryLimitPercent: 40, chunkSeconds: 12, minChunkSeconds: 2, workers: 3, maxChunkSeconds: 30});
	t.like(loaded.sources, {
		memoryLimitPercent: 'flag:--memory-limit',
		chunkSeconds: 'env:STREAMING_CHUNK_DURATION_SECONDS',
		minChunkSeconds: file,
		workers: file,
		maxChunkSeconds: 'default',
	});
});

test('live changes come last: the session applies them over the resolved limits', t => {
	const {config} = resolveConfig([envLayer({STREAMING_MEMORY_LIMIT_PERCENT: '30'})], {env: {}});
	const live = applyLimitsChange(pickLimits(config), {memoryLimitPercent: 45});
	t.true(live.ok);
	if (live.ok) t.is(live.limits.memoryLimitPercent, 45);
});

test('every original variable is read, with its type', async t => {
	const box = sandbox(t);
	const env = {
		...box.env,
		STREAMING_MEMORY_LIMIT_PERCENT: '35',
		STREAMING_CHUNK_DURATION_SECONDS: '7.5',
		STREAMING_MAX_CHUNK_DURATION: '45',
		MEMORY_MONITORING_ENABLED: 'false',
		MEMORY_GC_THRESHOLD: '80',
		MEMORY_MONITOR_INTERVAL: '3',
		PLAYLISTGEN_MIN_CHUNK_SECONDS: '2',
		PLAYLISTGEN_PLAYLISTS_STRATEGY: 'Radio',
		PLAYLISTGEN_PLAYLISTS_ABSOLUTE_PATHS: 'yes',
		PLAYLISTGEN_RAM: '512M',
		PLAYLISTGEN_EXCLUDE: '**/{Podcasts,Audiobooks}/**, *.part',
		PLAYLISTGEN_EXTENSIONS: '.MP3, flac',
		PLAYLISTGEN_PLAYLISTS_WEIGHTS: 'tempo=2, timbre=0.5',
	};
	const {config} = await loadConfig({cwd: box.cwd, env});
	t.like(config, {
		memoryLimitPercent: 35,
		chunkSeconds: 7.5,
		maxChunkSeconds: 45,
		monitoringEnabled: false,
		gcThresholdPercent: 80,
		monitorIntervalChunks: 3,
		minChunkSeconds: 2,
		ram: 512 * 1024 * 1024,
	});
	t.is(config.playlists.strategy, 'radio');
	t.true(config.playlists.absolutePaths);
	t.deepEqual(config.exclude, ['**/{Podcasts,Audiobooks}/**', '*.part']);
	t.deepEqual(config.extensions, ['mp3', 'flac']);
	t.deepEqual(config.playlists.weights, {tempo: 2, loudness: 1, brightness: 1, timbre: 0.5, tonality: 1, rhythm: 1});
});

test('weights merge over the layers below; JSON works in a variable', async t => {
	const box = sandbox(t);
	box.write('project/sub/.playlistgenrc', 'playlists:\n  weights:\n    tempo: 3\n    rhythm: 0\n');
	const {config, sources} = await loadConfig({cwd: box.cwd, env: {...box.env, PLAYLISTGEN_PLAYLISTS_WEIGHTS: '{"loudness": 2}'}});
	t.deepEqual(config.playlists.weights, {tempo: 3, loudness: 2, brightness: 1, timbre: 1, tonality: 1, rhythm: 0});
	t.is(sources['playlists.weights'], 'env:PLAYLISTGEN_PLAYLISTS_WEIGHTS');
});

async function problems(t: Parameters<typeof sandbox>[0], files: Record<string, string>, env: NodeJS.ProcessEnv = {}, argv: string[] = []) {
	const box = sandbox(t);
	for (const [name, text] of Object.entries(files)) box.write(name, text);
	const error = await t.throwsAsync(loadConfig({cwd: box.cwd, env: {...box.env, ...env}, flags: parseCommandLine(argv).flagLayer}), {
		instanceOf: ConfigError,
	});
	return {box, problems: error.problems};
}

test('a bad value in a file names the file, the line, the key, the value and what is allowed', async t => {
	const {box, problems: found} = await problems(t, {
		'project/.playlistgenrc': '# limits\nmemoryLimitPercent: 150\nplaylists:\n  format: mp4\n  k: 2.5\nram: 12\nmonitoringEnabled: maybe\n',
	});
	const file = path.join(box.home, 'project', '.playlistgenrc');
	t.deepEqual(found, [
		`${file}:2: memoryLimitPercent = 150: must be a percentage from 1 to 100`,
		`${file}:4: playlists.format = "mp4": must be one of m3u8, m3u, xspf, json`,
		`${file}:5: playlists.k = 2.5: must be a whole number from 2 to 1000`,
		`${file}:6: ram = 12: must be a size of at least 32M, such as 512M or 2G`,
		`${file}:7: monitoringEnabled = "maybe": must be true or false`,
	]);
});

test('in package.json the key is named under "playlistgen"', async t => {
	const {box, problems: found} = await problems(t, {
		'project/package.json': '{\n  "name": "x",\n  "playlistgen": {\n    "gcThresholdPercent": 0\n  }\n}\n',
	});
	t.deepEqual(found, [`${path.join(box.home, 'project', 'package.json')}:4: playlistgen.gcThresholdPercent = 0: must be a percentage from 1 to 100`]);
});

test('a JavaScript file has no lines to name, but the key', async t => {
	const {box, problems: found} = await problems(t, {'project/playlistgen.config.mjs': 'export default {workers: 0};\n'});
	t.deepEqual(found, [`${path.join(box.home, 'project', 'playlistgen.config.mjs')}: workers = 0: must be a whole number from 1 to 64`]);
});

test('a bad variable is named, with its value', async t => {
	const {problems: found} = await problems(t, {}, {STREAMING_MEMORY_LIMIT_PERCENT: '150', PLAYLISTGEN_RAM: 'lots', MEMORY_MONITORING_ENABLED: 'sometimes'});
	t.deepEqual(found, [
		'STREAMING_MEMORY_LIMIT_PERCENT = "150": must be a percentage from 1 to 100',
		'MEMORY_MONITORING_ENABLED = "sometimes": must be true or false',
		'PLAYLISTGEN_RAM = "lots": must be a size of at least 32M, such as 512M or 2G',
	]);
});

test('a bad flag is named, with its value', async t => {
	const {problems: found} = await problems(t, {}, {}, ['--chunk', 'abc', '--gc-threshold', '0.5x', '--strategy', 'random', '--exclude', '[oops']);
	t.deepEqual(found, [
		'--exclude = ["[oops"]: the pattern "[oops" has a "[" without its "]"',
		'--chunk = "abc": must be a number from 1 to 600',
		'--gc-threshold = "0.5x": must be a percentage from 1 to 100',
		'--strategy = "random": must be one of clusters, bands, radio',
	]);
});

test('every bad value is reported, whatever layer it is in', async t => {
	const {problems: found} = await problems(t, {'project/.playlistgenrc': 'workers: 0\n'}, {MEMORY_GC_THRESHOLD: '101'}, ['--monitor-interval', '0']);
	t.is(found.length, 3);
	t.regex(found[0]!, /workers = 0/);
	t.regex(found[1]!, /^MEMORY_GC_THRESHOLD = "101"/);
	t.regex(found[2]!, /^--monitor-interval = "0"/);
});

test('min ≤ chunk ≤ max is checked across layers, naming where each value came from', async t => {
	const {box, problems: found} = await problems(t, {'project/.playlistgenrc': 'maxChunkSeconds: 20\n'}, {STREAMING_CHUNK_DURATION_SECONDS: '25'});
	t.deepEqual(found, [
		`chunk durations must satisfy minChunkSeconds ≤ chunkSeconds ≤ maxChunkSeconds, got 5 (default) ≤ 25 (env:STREAMING_CHUNK_DURATION_SECONDS) ≤ 20 (${path.join(box.home, 'project', '.playlistgenrc')}:1)`,
	]);
	const low = await problems(t, {}, {}, ['--min-chunk', '40']);
	t.regex(low.problems[0]!, /got 40 \(flag:--min-chunk\) ≤ 15 \(default\) ≤ 30 \(default\)/);
});

test('the cross-field rule leaves out values that were already wrong', async t => {
	const {problems: found} = await problems(t, {}, {}, ['--min-chunk', 'x', '--chunk', '50']);
	t.deepEqual(found, ['--min-chunk = "x": must be a number from 1 to 600']);
});

test('frame and hop sizes', async t => {
	const {problems: found} = await problems(t, {}, {}, ['--frame-size', '1000', '--hop-size', '2048']);
	t.deepEqual(found, [
		'frameSize = 1000 (flag:--frame-size): must be a power of two from 256 to 8192',
		'hopSize = 2048 (flag:--hop-size) must not exceed frameSize = 1000 (flag:--frame-size)',
	]);
});

test('sizes accept 512M, 2G, 1.5GiB and bytes; percentages 1 to 100 with decimals', async t => {
	const box = sandbox(t);
	for (const [text, bytes] of [
		['512M', 512 * 1024 ** 2],
		['2G', 2 * 1024 ** 3],
		['1.5GiB', 1.5 * 1024 ** 3],
		['64m', 64 * 1024 ** 2],
		[String(100 * 1024 ** 2), 100 * 1024 ** 2],
	] as const) {
		const {config} = await loadConfig({cwd: box.cwd, env: {...box.env, PLAYLISTGEN_RAM: text}});
		t.is(config.ram, bytes, text);
	}
	for (const value of ['1', '100', '12.5']) {
		const {config} = await loadConfig({cwd: box.cwd, env: {...box.env, STREAMING_MEMORY_LIMIT_PERCENT: value}});
		t.is(config.memoryLimitPercent, Number(value));
	}
	for (const value of ['0', '100.5', '-3', '50%', '0x20', '']) {
		const result = loadConfig({cwd: box.cwd, env: {...box.env, STREAMING_MEMORY_LIMIT_PERCENT: value}});
		if (value === '') t.is((await result).config.memoryLimitPercent, 50, 'an empty variable is unset');
		else await t.throwsAsync(result, {instanceOf: ConfigError}, value);
	}
});

test('unknown keys are warned about with the nearest known key, and ignored; a variable playlistgen reads is not', async t => {
	const box = sandbox(t);
	const file = box.write('project/.playlistgenrc', 'memoryLimit: 40\nplaylists:\n  stratgy: radio\nzzz: 1\n');
	const loaded = await loadConfig({
		cwd: box.cwd,
		env: {...box.env, PLAYLISTGEN_MEMORY_LIMIT_PERCENT: '30', PLAYLISTGEN_WORKRES: '2', PLAYLISTGEN_EVENTS_FILE: '/tmp/events.ndjson'},
	});
	t.deepEqual(loaded.warnings, [
		`${file}:1: unknown option "memoryLimit" (did you mean "memoryLimitPercent"?); ignored`,
		`${file}:3: unknown option "playlists.stratgy" (did you mean "playlists.strategy"?); ignored`,
		`${file}:4: unknown option "zzz"; ignored`,
		'environment variable PLAYLISTGEN_MEMORY_LIMIT_PERCENT is not a setting (did you mean STREAMING_MEMORY_LIMIT_PERCENT?); ignored',
		'environment variable PLAYLISTGEN_WORKRES is not a setting (did you mean PLAYLISTGEN_WORKERS?); ignored',
	]);
	t.is(loaded.config.memoryLimitPercent, 50);
});

test('"playlists" must be a mapping', async t => {
	const {box, problems: found} = await problems(t, {'project/.playlistgenrc': 'playlists: radio\n'});
	t.deepEqual(found, [`${path.join(box.home, 'project', '.playlistgenrc')}:1: playlists = "radio": must be a mapping of playlist options`]);
});

test('weights: unknown groups get a suggestion, negative weights are refused', async t => {
	const {problems: found} = await problems(t, {}, {PLAYLISTGEN_PLAYLISTS_WEIGHTS: 'tempp=2'});
	t.regex(found[0]!, /^PLAYLISTGEN_PLAYLISTS_WEIGHTS = "tempp=2": "tempp" is not a feature group \(did you mean "tempo"\?\)/);
	const negative = await problems(t, {'project/.playlistgenrc.json': '{"playlists": {"weights": {"timbre": -1}}}'});
	t.regex(negative.problems[0]!, /playlists\.weights = \{"timbre":-1\}: the weight of timbre must be a number ≥ 0/);
});

test('extensions must be a non-empty list of extensions', async t => {
	const {problems: found} = await problems(t, {'project/.playlistgenrc': 'extensions: []\n'});
	t.regex(found[0]!, /extensions = \[\]: must be a non-empty list of file extensions/);
	const bad = await problems(t, {}, {PLAYLISTGEN_EXTENSIONS: 'mp3, a/b'});
	t.regex(bad.problems[0]!, /"a\/b" is not a file extension/);
});

test('the frame extractor is fast by default; --extractor meyda picks the reference, anything else is refused', async t => {
	const box = sandbox(t);
	const fast = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(fast.config.extractor, 'fast');
	const meyda = await loadConfig({cwd: box.cwd, env: box.env, flags: parseCommandLine(['--extractor', 'meyda']).flagLayer});
	t.is(meyda.config.extractor, 'meyda');
	const {problems: found} = await problems(t, {}, {PLAYLISTGEN_EXTRACTOR: 'slow'});
	t.deepEqual(found, ['PLAYLISTGEN_EXTRACTOR = "slow": must be one of fast, meyda']);
});
