import path from 'node:path';
import type {ExtractorEngine} from '../analysis/frame-features.js';
import type {FeatureWeights, PlaylistFormat, PlaylistPlayer, PlaylistStrategy} from '../library/playlist-options.js';
import {nearest} from '../util/nearest.js';
import {allowedText, coerce, shownText, shownValue} from './coerce.js';
import {expandHome} from '../util/paths.js';
import {defaultDbPath, generatedEnvName, OPTIONS, OPTION_BY_KEY, type OptionSpec, type Source} from './options.js';

export type Config = {
	library: string;
	outputDir: string;
	/** Always set once resolved (the default is $XDG_CACHE_HOME/playlistgen/library.db). */
	db: string | undefined;
	/** An absolute path, a command name to look up on PATH, or undefined: find one. */
	ffmpegPath: string | undefined;
	sampleRate: number;
	frameSize: number;
	hopSize: number;
	extractor: ExtractorEngine;
	workers: number;
	extensions: string[];
	exclude: string[];
	memoryLimitPercent: number;
	chunkSeconds: number;
	minChunkSeconds: number;
	maxChunkSeconds: number;
	gcThresholdPercent: number;
	monitorIntervalChunks: number;
	monitoringEnabled: boolean;
	ram: number | undefined;
	trustRam: boolean;
	playlists: {
		strategy: PlaylistStrategy;
		k: number | undefined;
		targetLength: number;
		maxPerAlbum: number | undefined;
		length: number;
		maxLength: number;
		format: PlaylistFormat;
		player: PlaylistPlayer;
		absolutePaths: boolean;
		weights: FeatureWeights;
	};
};

/**
 * One value offered by a layer: its raw form, its source (as `config --json` reports it), how to
 * name it in a message, and the folder a relative path in it is relative to.
 */
export type RawValue = {
	raw: unknown;
	source: Source;
	/** E.g. "--memory-limit", "STREAMING_MEMORY_LIMIT_PERCENT", "/home/me/.playlistgenrc:3: memoryLimitPercent". */
	label: string;
	/** Where the value is, for messages that mention several values: "flag:--chunk", "/home/me/.playlistgenrc:3". */
	where?: string;
	/** Relative paths are resolved against this folder (the config file's); default: the working directory. */
	baseDir?: string;
};
export type Layer = Map<string, RawValue>;

export type Resolved = {
	config: Config;
	/** Dotted key → "default", a config file path, "env:NAME", "flag:--name" or "argument". */
	sources: Record<string, Source>;
	warnings: string[];
};

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.join('\n'));
		this.name = 'ConfigError';
	}
}

/**
 * A debugging channel: with PLAYLISTGEN_EVENTS_FILE=path, the session's events are also written there
 * as NDJSON (the same records as --json) while the live view runs. The end-to-end tests read it.
 */
export const EVENTS_FILE_ENV = 'PLAYLISTGEN_EVENTS_FILE';

/** Variables with the PLAYLISTGEN_ prefix that playlistgen reads but are not options, so not worth a warning. */
export const NON_OPTION_VARIABLES: ReadonlySet<string> = new Set([EVENTS_FILE_ENV]);

/** A value as messages show it: JSON, a long one cut with its size said (never echoed whole). */
export function formatRaw(raw: unknown): string {
	return shownValue(raw);
}

/**
 * Values from environment variables: the original tool's names, PLAYLISTGEN_<KEY> for the rest.
 * Empty variables count as unset. Unknown PLAYLISTGEN_ variables are warned about, with a suggestion.
 */
export function envLayer(env: NodeJS.ProcessEnv, warnings: string[] = []): Layer {
	const layer: Layer = new Map();
	const known = new Map<string, string>();
	for (const spec of OPTIONS) {
		known.set(spec.env, spec.env);
		// PLAYLISTGEN_MEMORY_LIMIT_PERCENT is not a name, but it is a likely guess: point to the real one.
		known.set(generatedEnvName(spec.key), spec.env);
		const raw = env[spec.env];
		if (raw !== undefined && raw !== '') {
			layer.set(spec.key, {raw, source: `env:${spec.env}`, label: spec.env, where: `env:${spec.env}`});
		}
	}
	for (const name of Object.keys(env).sort()) {
		if (!name.startsWith('PLAYLISTGEN_') || OPTIONS.some(spec => spec.env === name) || NON_OPTION_VARIABLES.has(name)) continue;
		const guess = known.get(name) ?? known.get(nearest(name, known.keys()) ?? '');
		warnings.push(`environment variable ${name} is not a setting${guess ? ` (did you mean ${guess}?)` : ''}; ignored`);
	}
	return layer;
}

export type FileLayerOptions = {
	/** The line of a dotted key in the file, when the format tells. */
	lineOf?: (key: string) => number | undefined;
	/** Where the options sit inside the file: "playlistgen" for package.json. */
	prefix?: string;
};

/** Values from a parsed config file; unknown keys become warnings with the nearest known key. */
export function fileLayer(filePath: string, contents: unknown, warnings: string[], options: FileLayerOptions = {}): Layer {
	const layer: Layer = new Map();
	if (contents === null || contents === undefined) return layer;
	const prefix = options.prefix ? `${options.prefix}.` : '';
	const at = (key: string) => {
		const line = options.lineOf?.(key);
		return line === undefined ? filePath : `${filePath}:${line}`;
	};
	if (typeof contents !== 'object' || Array.isArray(contents)) {
		throw new ConfigError([
			`${filePath}: ${options.prefix ? `"${options.prefix}" ` : ''}must be a mapping of option names to values, got ${formatRaw(contents)}`,
		]);
	}
	const problems: string[] = [];
	const visit = (object: Record<string, unknown>, group: string) => {
		for (const [name, raw] of Object.entries(object)) {
			const key = group + name;
			if (OPTION_BY_KEY.has(key)) {
				layer.set(key, {raw, source: filePath, label: `${at(key)}: ${prefix}${key}`, where: at(key), baseDir: path.dirname(filePath)});
			} else if (key === 'playlists') {
				if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) visit(raw as Record<string, unknown>, 'playlists.');
				else problems.push(`${at(key)}: ${prefix}playlists = ${formatRaw(raw)}: must be a mapping of playlist options`);
			} else if (key === '$import' && group === '') {
				// cosmiconfig has merged the imported files already.
			} else {
				const suggestion = nearest(key, OPTION_BY_KEY.keys());
				warnings.push(`${at(key)}: unknown option "${prefix}${shownText(key)}"${suggestion ? ` (did you mean "${prefix}${suggestion}"?)` : ''}; ignored`);
			}
		}
	};
	visit(contents as Record<string, unknown>, '');
	if (problems.length > 0) throw new ConfigError(problems);
	return layer;
}

function setDeep(target: Record<string, unknown>, key: string, value: unknown) {
	const parts = key.split('.');
	let object = target;
	for (const part of parts.slice(0, -1)) {
		object[part] ??= {};
		object = object[part] as Record<string, unknown>;
	}
	object[parts.at(-1)!] = value;
}

/** Expands `~` and makes a path absolute against the folder it was written relative to. */
export function resolvePath(value: string, baseDir: string, env: NodeJS.ProcessEnv): string {
	return path.resolve(baseDir, expandHome(value, env));
}

function resolvePathOption(spec: OptionSpec, value: string, baseDir: string, env: NodeJS.ProcessEnv): string {
	// A bare command name ("ffmpeg7") is looked up on PATH when ffmpeg is located, not resolved here.
	if (spec.key === 'ffmpegPath' && !value.includes('/') && !value.includes(path.sep) && !value.startsWith('~')) return value;
	return resolvePath(value, baseDir, env);
}

/** Cross-field rules, checked once every layer has been applied, over values that were valid. */
function crossChecks(flat: Map<string, unknown>, where: Record<string, string>, failed: Set<string>): string[] {
	const problems: string[] = [];
	const number = (key: string) => flat.get(key) as number;
	const involved = (...keys: string[]) => keys.some(key => failed.has(key));
	if (!involved('minChunkSeconds', 'chunkSeconds', 'maxChunkSeconds')) {
		const [min, chunk, max] = [number('minChunkSeconds'), number('chunkSeconds'), number('maxChunkSeconds')];
		if (!(min <= chunk && chunk <= max)) {
			problems.push(
				`chunk durations must satisfy minChunkSeconds ≤ chunkSeconds ≤ maxChunkSeconds, got ${min} (${where['minChunkSeconds']}) ≤ ${chunk} (${where['chunkSeconds']}) ≤ ${max} (${where['maxChunkSeconds']})`,
			);
		}
	}
	const frame = number('frameSize');
	if (!involved('frameSize') && (frame & (frame - 1)) !== 0) {
		problems.push(`frameSize = ${frame} (${where['frameSize']}): must be a power of two from 256 to 8192`);
	}
	const hop = number('hopSize');
	if (!involved('frameSize', 'hopSize') && hop > frame) {
		problems.push(`hopSize = ${hop} (${where['hopSize']}) must not exceed frameSize = ${frame} (${where['frameSize']})`);
	}
	return problems;
}

export type ResolveOptions = {
	warnings?: string[];
	/** Relative paths from variables, flags and defaults are resolved against it. */
	cwd?: string;
	/** For ~ and the default store path. */
	env?: NodeJS.ProcessEnv;
};

/**
 * Applies layers over the defaults, lowest precedence first
 * (defaults < file < environment < flags; live changes come later, in the session).
 * Throws ConfigError listing every bad value with where it came from.
 */
export function resolveConfig(layers: Layer[], options: ResolveOptions = {}): Resolved {
	const warnings = options.warnings ?? [];
	const cwd = options.cwd ?? process.cwd();
	const env = options.env ?? process.env;
	const flat = new Map<string, unknown>();
	const sources: Record<string, Source> = {};
	const where: Record<string, string> = {};
	for (const spec of OPTIONS) {
		flat.set(spec.key, structuredClone(spec.default));
		sources[spec.key] = 'default';
		where[spec.key] = 'default';
	}
	const problems: string[] = [];
	const failed = new Set<string>();
	for (const layer of layers) {
		for (const [key, value] of layer) {
			const spec = OPTION_BY_KEY.get(key)!;
			const result = coerce(spec, value.raw);
			if (!result.ok) {
				failed.add(key);
				problems.push(`${value.label} = ${formatRaw(value.raw)}: ${result.problem ?? `must be ${result.allowed}`}`);
				continue;
			}
			let coerced = result.value;
			if (spec.kind === 'path') coerced = resolvePathOption(spec, coerced as string, value.baseDir ?? cwd, env);
			if (spec.kind === 'weights') coerced = {...(flat.get(key) as FeatureWeights), ...(coerced as FeatureWeights)};
			flat.set(key, coerced);
			sources[key] = value.source;
			where[key] = value.where ?? value.source;
		}
	}
	problems.push(...crossChecks(flat, where, failed));
	if (problems.length > 0) throw new ConfigError(problems);

	// Defaults are relative to the working directory, or computed.
	for (const spec of OPTIONS) {
		if (sources[spec.key] !== 'default') continue;
		const value = flat.get(spec.key);
		if (spec.kind === 'path' && typeof value === 'string') flat.set(spec.key, resolvePath(value, cwd, env));
	}
	if (flat.get('db') === undefined) flat.set('db', defaultDbPath(env));

	const config: Record<string, unknown> = {};
	for (const [key, value] of flat) setDeep(config, key, value);
	return {config: config as Config, sources, warnings};
}

export {allowedText};
