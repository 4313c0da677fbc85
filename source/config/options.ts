import os from 'node:os';
import path from 'node:path';
import {EXTRACTOR_ENGINES} from '../analysis/frame-features.js';
import {type FeatureWeights, PLAYLIST_FORMATS, PLAYLIST_PLAYERS, PLAYLIST_STRATEGIES} from '../library/playlist-options.js';
import {homeDir} from '../util/paths.js';
import {packageRoot} from '../util/package-root.js';

/** Where each resolved value came from: "default", a config file path, "env:NAME", "flag:--name" or "live". */
export type Source = string;

export type OptionKind = 'path' | 'string' | 'int' | 'number' | 'percent' | 'boolean' | 'size' | 'list' | 'enum' | 'weights';

export type OptionSpec = {
	/** Dotted key as written in config files, e.g. "memoryLimitPercent" or "playlists.k". */
	key: string;
	kind: OptionKind;
	describe: string;
	/** Default value; undefined means "not set". */
	default: unknown;
	min?: number;
	max?: number;
	choices?: readonly string[];
	/** Environment variable: the original tool's name where one exists, else PLAYLISTGEN_<KEY>. */
	env: string;
	/** Long flag without the dashes; booleans also accept --no-<flag>. */
	flag?: string;
	/** The default in words, where the value depends on the machine (documentation, `config`). */
	defaultText?: string;
	/** What `config` shows while the option is not set. */
	unsetText?: string;
	/** A value to show in .playlistgenrc.example when the default is not a literal. */
	example?: unknown;
	/** A list that may not be empty. */
	nonEmpty?: boolean;
};

/** Headings for `config` and the example file, in order. */
export const OPTION_GROUPS = ['Files', 'Analysis', 'Memory and chunks', 'Playlists'] as const;

export function optionGroup(spec: OptionSpec): (typeof OPTION_GROUPS)[number] {
	if (spec.key.startsWith('playlists.')) return 'Playlists';
	if (['library', 'outputDir', 'db', 'ffmpegPath', 'extensions', 'exclude'].includes(spec.key)) return 'Files';
	if (['sampleRate', 'frameSize', 'hopSize', 'extractor', 'workers'].includes(spec.key)) return 'Analysis';
	return 'Memory and chunks';
}

/** The options under their headings, in registry order within each. */
export function groupedOptions(): Array<{group: string; options: OptionSpec[]}> {
	return OPTION_GROUPS.map(group => ({group, options: OPTIONS.filter(spec => optionGroup(spec) === group)})).filter(entry => entry.options.length > 0);
}

export const AUDIO_EXTENSIONS = ['mp3', 'flac', 'ogg', 'oga', 'opus', 'm4a', 'aac', 'wav', 'aif', 'aiff', 'wma', 'ape', 'wv'] as const;

export const bundledMediaDir = path.join(packageRoot(), 'media') + path.sep;

/** An XDG base directory variable, honoured only when absolute (as the specification asks). */
function xdgDir(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
	const value = env[name];
	return value && path.isAbsolute(value) ? value : path.join(homeDir(env), fallback);
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
	const cacheHome = xdgDir(env, 'XDG_CACHE_HOME', '.cache');
	return path.join(cacheHome, 'playlistgen', 'library.db');
}

/** The user's configuration folder: $XDG_CONFIG_HOME/playlistgen, else ~/.config/playlistgen (on every platform). */
export function globalConfigDir(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(xdgDir(env, 'XDG_CONFIG_HOME', '.config'), 'playlistgen');
}

export function defaultWorkers(): number {
	const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
	return Math.max(1, cores - 1);
}

export const DEFAULT_WEIGHTS: Readonly<Required<FeatureWeights>> = {
	tempo: 1,
	loudness: 1,
	brightness: 1,
	timbre: 1,
	tonality: 1,
	rhythm: 1,
};

/** PLAYLISTGEN_ and the key in upper snake case: the variable an option has unless it names its own. */
export function generatedEnvName(key: string): string {
	return (
		'PLAYLISTGEN_' +
		key
			.replaceAll('.', '_')
			.replaceAll(/([a-z])([A-Z])/g, '$1_$2')
			.toUpperCase()
	);
}

function spec(options: Omit<OptionSpec, 'env'> & {env?: string}): OptionSpec {
	return {...options, env: options.env ?? generatedEnvName(options.key)};
}

export const OPTIONS: readonly OptionSpec[] = [
	spec({
		key: 'library',
		kind: 'path',
		default: bundledMediaDir,
		defaultText: 'the bundled media/ folder',
		example: '~/Music',
		describe: 'Music folder to analyse (the DIR argument sets it too)',
	}),
	spec({key: 'outputDir', kind: 'path', default: './playlists', flag: 'out', describe: 'Where playlists are written'}),
	spec({
		key: 'db',
		kind: 'path',
		default: undefined,
		flag: 'db',
		defaultText: '$XDG_CACHE_HOME/playlistgen/library.db (~/.cache/playlistgen/library.db)',
		example: '~/.cache/playlistgen/library.db',
		describe: 'Library store (SQLite)',
	}),
	spec({
		key: 'ffmpegPath',
		kind: 'path',
		default: undefined,
		flag: 'ffmpeg',
		env: 'FFMPEG_PATH',
		defaultText: 'ffmpeg on PATH, else a bundled binary',
		unsetText: '(PATH or bundled)',
		example: '/usr/bin/ffmpeg',
		describe: 'ffmpeg binary: a path, or a command name looked up on PATH',
	}),
	spec({key: 'extensions', kind: 'list', default: [...AUDIO_EXTENSIONS], nonEmpty: true, describe: 'File extensions treated as audio'}),
	spec({
		key: 'exclude',
		kind: 'list',
		default: [],
		flag: 'exclude',
		example: ['Podcasts', 'Audiobooks/**', '**/*.part'],
		describe: 'Globs of library paths to skip (folders holding .notmusic are skipped too)',
	}),
	spec({key: 'sampleRate', kind: 'int', default: 22050, min: 8000, max: 48000, flag: 'sample-rate', describe: 'Analysis sample rate in Hz'}),
	spec({key: 'frameSize', kind: 'int', default: 1024, min: 256, max: 8192, flag: 'frame-size', describe: 'Analysis frame in samples (a power of two)'}),
	spec({key: 'hopSize', kind: 'int', default: 512, min: 64, max: 8192, flag: 'hop-size', describe: 'Samples between frame starts (at most the frame size)'}),
	spec({
		key: 'extractor',
		kind: 'enum',
		default: 'fast',
		choices: EXTRACTOR_ENGINES,
		flag: 'extractor',
		describe: 'Frame feature extractor: fast, or meyda (the reference it matches, about ten times slower)',
	}),
	spec({
		key: 'workers',
		kind: 'int',
		default: defaultWorkers(),
		min: 1,
		max: 64,
		flag: 'workers',
		defaultText: 'the number of CPU cores less one (at least 1)',
		example: 2,
		describe: 'Analysis worker threads (a small memory budget runs fewer)',
	}),
	spec({
		key: 'memoryLimitPercent',
		kind: 'percent',
		default: 50,
		min: 1,
		max: 100,
		flag: 'memory-limit',
		env: 'STREAMING_MEMORY_LIMIT_PERCENT',
		describe: 'Memory budget as a percentage of total RAM',
	}),
	spec({
		key: 'chunkSeconds',
		kind: 'number',
		default: 15,
		min: 1,
		max: 600,
		flag: 'chunk',
		env: 'STREAMING_CHUNK_DURATION_SECONDS',
		describe: 'Chunk length when monitoring is off, and the first chunk of each track',
	}),
	spec({
		key: 'minChunkSeconds',
		kind: 'number',
		default: 5,
		min: 1,
		max: 600,
		flag: 'min-chunk',
		describe:
			'Shortest chunk the scheduler may choose; a track\'s last chunk is shorter only when the longest chunk allowed cannot take its rest (reason "end")',
	}),
	spec({
		key: 'maxChunkSeconds',
		kind: 'number',
		default: 30,
		min: 1,
		max: 600,
		flag: 'max-chunk',
		env: 'STREAMING_MAX_CHUNK_DURATION',
		describe: 'Longest chunk the scheduler may choose',
	}),
	spec({
		key: 'gcThresholdPercent',
		kind: 'percent',
		default: 90,
		min: 1,
		max: 100,
		flag: 'gc-threshold',
		env: 'MEMORY_GC_THRESHOLD',
		describe: 'Force a GC and shrink chunks above this % of the budget',
	}),
	spec({
		key: 'monitorIntervalChunks',
		kind: 'int',
		default: 5,
		min: 1,
		max: 1000,
		flag: 'monitor-interval',
		env: 'MEMORY_MONITOR_INTERVAL',
		describe: 'Check memory against the GC threshold every N chunks',
	}),
	spec({
		key: 'monitoringEnabled',
		kind: 'boolean',
		default: true,
		flag: 'monitoring',
		env: 'MEMORY_MONITORING_ENABLED',
		describe: 'Size chunks from measured memory (off: fixed chunkSeconds)',
	}),
	spec({
		key: 'ram',
		kind: 'size',
		default: undefined,
		flag: 'ram',
		defaultText: "detected (the cgroup limit, else the machine's RAM)",
		unsetText: '(detected)',
		example: '2G',
		describe: 'Pretend the machine has this much RAM, e.g. 512M or 2G (above the real memory: the real figure, unless --trust-ram)',
	}),
	spec({
		key: 'trustRam',
		kind: 'boolean',
		default: false,
		flag: 'trust-ram',
		describe: 'Take --ram as given even above the memory detected (the machine, or the cgroup limit)',
	}),
	spec({key: 'playlists.strategy', kind: 'enum', default: 'clusters', choices: PLAYLIST_STRATEGIES, flag: 'strategy', describe: 'How tracks are grouped'}),
	spec({
		key: 'playlists.k',
		kind: 'int',
		default: undefined,
		min: 2,
		max: 1000,
		flag: 'k',
		defaultText: 'groups sized by targetLength',
		unsetText: '(automatic)',
		example: 8,
		describe: 'Number of clusters (k-means); unset: groups of nearest neighbours',
	}),
	spec({
		key: 'playlists.targetLength',
		kind: 'int',
		default: 20,
		min: 5,
		max: 10_000,
		flag: 'target-length',
		describe: 'Tracks a clusters playlist holds, about (at most 1.5 times, and a quarter of a library of 40 or more)',
	}),
	spec({
		key: 'playlists.maxPerAlbum',
		kind: 'int',
		default: undefined,
		min: 1,
		max: 10_000,
		flag: 'max-per-album',
		defaultText: 'no cap',
		unsetText: '(no cap)',
		example: 3,
		describe: 'A clusters or bands playlist holds at most this many tracks of one album (folder, or album tag), none back to back where it can',
	}),
	spec({key: 'playlists.length', kind: 'int', default: 30, min: 1, max: 10_000, flag: 'length', describe: 'Tracks in a radio playlist'}),
	spec({key: 'playlists.maxLength', kind: 'int', default: 500, min: 2, max: 100_000, flag: 'max-length', describe: 'Longer playlists are split'}),
	spec({key: 'playlists.format', kind: 'enum', default: 'm3u8', choices: PLAYLIST_FORMATS, flag: 'format', describe: 'Playlist file format'}),
	spec({
		key: 'playlists.player',
		kind: 'enum',
		default: 'any',
		choices: PLAYLIST_PLAYERS,
		flag: 'player',
		describe: 'The player the M3U playlists are for: mpd names CUE tracks as album.cue/track0001, any as the image with VLC start and stop times',
	}),
	spec({
		key: 'playlists.absolutePaths',
		kind: 'boolean',
		default: false,
		flag: 'absolute-paths',
		describe: 'Write absolute paths instead of paths relative to the playlist',
	}),
	spec({key: 'playlists.weights', kind: 'weights', default: {...DEFAULT_WEIGHTS}, describe: 'Relative weight of each feature group in similarity'}),
];

export const OPTION_BY_KEY: ReadonlyMap<string, OptionSpec> = new Map(OPTIONS.map(option => [option.key, option]));
