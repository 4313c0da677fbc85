import path from 'node:path';
import {nearest} from '../util/nearest.js';
import {allowedText, coerce} from './coerce.js';
import {OPTIONS, OPTION_BY_KEY, type Source} from './options.js';

export type PlaylistStrategy = 'clusters' | 'bands' | 'radio';
export type PlaylistFormat = 'm3u8' | 'xspf' | 'json';

export type Config = {
	library: string;
	outputDir: string;
	db: string | undefined;
	ffmpegPath: string | undefined;
	sampleRate: number;
	frameSize: number;
	hopSize: number;
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
	playlists: {
		strategy: PlaylistStrategy;
		k: number | undefined;
		length: number;
		maxLength: number;
		format: PlaylistFormat;
		absolutePaths: boolean;
		weights: Record<string, number>;
	};
};

/** One value offered by a layer: its raw form, its source, and how to name it in a message. */
export type RawValue = {raw: unknown; source: Source; label: string};
export type Layer = Map<string, RawValue>;

export type Resolved = {
	config: Config;
	sources: Record<string, Source>;
	warnings: string[];
};

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.join('\n'));
		this.name = 'ConfigError';
	}
}

function formatRaw(raw: unknown): string {
	return typeof raw === 'string' ? JSON.stringify(raw) : JSON.stringify(raw) ?? String(raw);
}

/** Values from environment variables: the original tool's names, and PLAYLISTGEN_<KEY> for the rest. */
export function envLayer(env: NodeJS.ProcessEnv): Layer {
	const layer: Layer = new Map();
	for (const spec of OPTIONS) {
		const raw = env[spec.env];
		if (raw !== undefined && raw !== '') layer.set(spec.key, {raw, source: `env:${spec.env}`, label: spec.env});
	}
	return layer;
}

/** Values from a parsed config file; unknown keys become warnings with the nearest known key. */
export function fileLayer(filePath: string, contents: unknown, warnings: string[]): Layer {
	const layer: Layer = new Map();
	if (contents === null || contents === undefined) return layer;
	if (typeof contents !== 'object' || Array.isArray(contents)) {
		throw new ConfigError([`${filePath}: expected a mapping of option names to values`]);
	}
	const visit = (object: Record<string, unknown>, prefix: string) => {
		for (const [name, raw] of Object.entries(object)) {
			const key = prefix + name;
			if (OPTION_BY_KEY.has(key)) {
				layer.set(key, {raw, source: filePath, label: `${filePath}: ${key}`});
			} else if (key === 'playlists' && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
				visit(raw as Record<string, unknown>, 'playlists.');
			} else {
				const suggestion = nearest(key, OPTION_BY_KEY.keys());
				warnings.push(`${filePath}: unknown option "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; ignored`);
			}
		}
	};
	visit(contents as Record<string, unknown>, '');
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

/** Cross-field rules, checked once every layer has been applied. */
function crossChecks(flat: Map<string, unknown>, sources: Record<string, Source>): string[] {
	const problems: string[] = [];
	const from = (key: string) => (sources[key] === 'default' ? 'default' : sources[key]);
	const number = (key: string) => flat.get(key) as number;
	const [min, chunk, max] = [number('minChunkSeconds'), number('chunkSeconds'), number('maxChunkSeconds')];
	if (!(min <= chunk && chunk <= max)) {
		problems.push(
			`chunk durations must satisfy minChunkSeconds ≤ chunkSeconds ≤ maxChunkSeconds, got ${min} (${from('minChunkSeconds')}) ≤ ${chunk} (${from('chunkSeconds')}) ≤ ${max} (${from('maxChunkSeconds')})`,
		);
	}
	const frame = number('frameSize');
	if ((frame & (frame - 1)) !== 0) problems.push(`frameSize = ${frame} (${from('frameSize')}): must be a power of two from 256 to 8192`);
	const hop = number('hopSize');
	if (hop > frame) problems.push(`hopSize = ${hop} (${from('hopSize')}) must not exceed frameSize = ${frame} (${from('frameSize')})`);
	return problems;
}

/**
 * Applies layers over the defaults, lowest precedence first
 * (defaults < file < environment < flags < live changes).
 * Throws ConfigError listing every bad value with where it came from.
 */
export function resolveConfig(layers: Layer[], warnings: string[] = []): Resolved {
	const flat = new Map<string, unknown>();
	const sources: Record<string, Source> = {};
	for (const spec of OPTIONS) {
		flat.set(spec.key, structuredClone(spec.default));
		sources[spec.key] = 'default';
	}
	const problems: string[] = [];
	for (const layer of layers) {
		for (const [key, {raw, source, label}] of layer) {
			const spec = OPTION_BY_KEY.get(key)!;
			const result = coerce(spec, raw);
			if (result.ok) {
				flat.set(key, result.value);
				sources[key] = source;
			} else {
				problems.push(`${label} = ${formatRaw(raw)}: must be ${result.allowed}`);
			}
		}
	}
	if (problems.length === 0) problems.push(...crossChecks(flat, sources));
	if (problems.length > 0) throw new ConfigError(problems);

	const config: Record<string, unknown> = {};
	for (const [key, value] of flat) setDeep(config, key, value);
	const resolved = config as Config;
	resolved.library = path.resolve(resolved.library);
	return {config: resolved, sources, warnings};
}

export {allowedText};
