import fs from 'node:fs';
import path from 'node:path';
import {cosmiconfig, type Loader} from 'cosmiconfig';
import {fileFormat, keyLines, loadJsFile, parseJsonFile, parseRcFile, parseYamlFile} from './formats.js';
import {errorCode, fileErrorReason} from '../util/file-errors.js';
import {homeDir} from '../util/paths.js';
import {globalConfigDir} from './options.js';
import {ConfigError, envLayer, fileLayer, resolveConfig, type Layer, type Resolved} from './resolve.js';
import {errorMessage} from '../util/error-message.js';
import {formatBytes} from '../util/units.js';

export const MODULE_NAME = 'playlistgen';

/** Looked for in the working directory and each folder above it, first match wins, as cosmiconfig orders them. */
export const SEARCH_PLACES = [
	'package.json',
	`.${MODULE_NAME}rc`,
	`.${MODULE_NAME}rc.json`,
	`.${MODULE_NAME}rc.yaml`,
	`.${MODULE_NAME}rc.yml`,
	`.${MODULE_NAME}rc.js`,
	`.${MODULE_NAME}rc.cjs`,
	`.${MODULE_NAME}rc.mjs`,
	`${MODULE_NAME}.config.js`,
	`${MODULE_NAME}.config.cjs`,
	`${MODULE_NAME}.config.mjs`,
] as const;

/** Looked for in the user's folder ($XDG_CONFIG_HOME/playlistgen): cosmiconfig's global names, then the rc names. */
export const GLOBAL_SEARCH_PLACES = [
	'config',
	'config.json',
	'config.yaml',
	'config.yml',
	'config.js',
	'config.cjs',
	'config.mjs',
	...SEARCH_PLACES.filter(place => place.startsWith('.')),
] as const;

export type ConfigFile = {
	filepath: string;
	contents: unknown;
	/** How it was chosen. */
	origin: 'flag' | 'search' | 'global';
};

export type SearchDescription = {
	/** Folders searched, nearest first, then the user's folder. */
	dirs: string[];
	globalDir: string;
};

const loaders: Record<string, Loader> = {
	'.json': parseJsonFile,
	'.yaml': parseYamlFile,
	'.yml': parseYamlFile,
	noExt: parseRcFile,
	'.js': loadJsFile,
	'.cjs': loadJsFile,
	'.mjs': loadJsFile,
	'.ts': loadJsFile,
	// Anything else named with --config is read as an rc file: JSON or YAML.
	default: parseRcFile,
};

function explorer() {
	// Loading goes through cosmiconfig (package.json's key, $import, empty files); the walk is ours,
	// so that it follows the working directory and environment it is given rather than the process's.
	return cosmiconfig(MODULE_NAME, {searchStrategy: 'none', searchPlaces: [...SEARCH_PLACES], loaders, cache: false});
}

const MISSING = new Set(['ENOENT', 'EISDIR', 'ENOTDIR']);

/**
 * More than any real configuration holds (every option with a long exclude list is a few KiB). A bigger
 * file is refused before it is parsed: a list of 600,000 items overflows the stack or the heap, and
 * parsing YAML costs seconds a megabyte.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function tooLarge(filePath: string, bytes: number, what: string): ConfigError {
	return new ConfigError([
		`${filePath}: ${what} ${formatBytes(bytes)}, more than the ${formatBytes(MAX_CONFIG_BYTES)} a configuration may hold; not read (is it the right file?)`,
	]);
}

/**
 * Refuses a file too big to be a configuration, before it is parsed. package.json (which may be big
 * for reasons of its own) and JavaScript (which may build a huge value from a small file) are judged
 * after loading by the size of what they give playlistgen: see checkLoadedSize.
 */
function checkFileSize(filePath: string): void {
	const format = fileFormat(filePath);
	if (format === 'package.json' || format === 'js') return;
	let bytes: number;
	try {
		bytes = fs.statSync(filePath).size;
	} catch {
		return;
	}
	if (bytes > MAX_CONFIG_BYTES) throw tooLarge(filePath, bytes, 'the file holds');
}

/** Refuses settings from package.json or JavaScript whose JSON form exceeds the limit. */
function checkLoadedSize(filePath: string, contents: unknown): void {
	const format = fileFormat(filePath);
	if (format !== 'package.json' && format !== 'js') return;
	let text: string | undefined;
	try {
		text = JSON.stringify(contents);
	} catch {
		return;
	}
	if (text !== undefined && text.length > MAX_CONFIG_BYTES) throw tooLarge(filePath, text.length, 'its settings take');
}

type Explorer = ReturnType<typeof explorer>;

/** Tries one place as cosmiconfig's search would: missing, empty and key-less package.json count as absent. */
async function tryPlace(reader: Explorer, filePath: string, warnings: string[]): Promise<{filepath: string; contents: unknown} | undefined> {
	try {
		checkFileSize(filePath);
		const result = await reader.load(filePath);
		if (!result || result.isEmpty) return undefined;
		checkLoadedSize(filePath, result.config);
		return {filepath: result.filepath, contents: result.config};
	} catch (error) {
		const code = errorCode(error);
		if (code && MISSING.has(code)) return undefined;
		if (code === 'EACCES' || code === 'EPERM') {
			warnings.push(`${filePath}: cannot be read (${fileErrorReason(error)}); ignored`);
			return undefined;
		}
		throw error;
	}
}

/** Other config files in the folder of the one chosen, which are not read: worth a warning. */
async function shadowed(dir: string, places: readonly string[], chosen: string, warnings: string[]): Promise<void> {
	const others: string[] = [];
	for (const place of places.slice(places.indexOf(path.basename(chosen)) + 1)) {
		const file = path.join(dir, place);
		try {
			if (place === 'package.json') {
				const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
				if (manifest[MODULE_NAME] !== undefined) others.push(`${place} ("${MODULE_NAME}" key)`);
			} else if (fs.statSync(file).isFile() && fs.statSync(file).size > 0) others.push(place);
		} catch {
			// Absent or unreadable: nothing to say.
		}
	}
	if (others.length > 0) warnings.push(`${chosen} is used; ${others.join(', ')} in the same folder ${others.length === 1 ? 'is' : 'are'} ignored`);
}

/** The folders searched from `cwd` upwards: to the home folder when inside it (as cosmiconfig does), else to the root. */
export function searchDirs(cwd: string, stopDir: string): string[] {
	const dirs: string[] = [];
	let current = path.resolve(cwd);
	const stop = path.resolve(stopDir);
	for (;;) {
		dirs.push(current);
		if (current === stop) break;
		const parent = path.dirname(current);
		if (parent === current) break;
		current = parent;
	}
	return dirs;
}

export type FindOptions = {
	/** --config: this file and no other. */
	explicit?: string;
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Where the upward search stops (inclusive); default the home folder. */
	stopDir?: string;
	warnings?: string[];
};

/**
 * Finds the configuration file: the one named by --config, else the first of SEARCH_PLACES in the
 * working directory and each folder above it (up to the home folder), else the first of
 * GLOBAL_SEARCH_PLACES in $XDG_CONFIG_HOME/playlistgen (~/.config/playlistgen).
 */
export async function findConfigFile(options: FindOptions = {}): Promise<{file: ConfigFile | undefined; search: SearchDescription}> {
	const cwd = options.cwd ?? process.cwd();
	const env = options.env ?? process.env;
	const warnings = options.warnings ?? [];
	let reader: Explorer;
	try {
		reader = explorer();
	} catch (error) {
		// cosmiconfig reads its own settings (.config/config.* with a "cosmiconfig" key) when created.
		throw new ConfigError([`cosmiconfig's settings in ${process.cwd()}: ${errorMessage(error).split('\n')[0]}`]);
	}
	const globalDir = globalConfigDir(env);
	const dirs = searchDirs(cwd, options.stopDir ?? homeDir(env));
	const search = {dirs, globalDir};

	if (options.explicit !== undefined) {
		const filePath = path.resolve(cwd, options.explicit);
		let stats: fs.Stats;
		try {
			stats = fs.statSync(filePath);
		} catch {
			throw new ConfigError([`--config ${options.explicit}: no such file`]);
		}
		if (!stats.isFile()) throw new ConfigError([`--config ${options.explicit}: not a file`]);
		try {
			checkFileSize(filePath);
			const result = await reader.load(filePath);
			checkLoadedSize(filePath, result?.config);
			return {file: {filepath: filePath, contents: result?.config, origin: 'flag'}, search};
		} catch (error) {
			throw asConfigError(filePath, error);
		}
	}

	const candidates: Array<{dir: string; places: readonly string[]; origin: ConfigFile['origin']}> = [
		...dirs.map(dir => ({dir, places: SEARCH_PLACES, origin: 'search' as const})),
		{dir: globalDir, places: GLOBAL_SEARCH_PLACES, origin: 'global'},
	];
	for (const {dir, places, origin} of candidates) {
		for (const place of places) {
			const filePath = path.join(dir, place);
			let found: {filepath: string; contents: unknown} | undefined;
			try {
				found = await tryPlace(reader, filePath, warnings);
			} catch (error) {
				throw asConfigError(filePath, error);
			}
			if (found) {
				await shadowed(dir, places, found.filepath, warnings);
				return {file: {...found, origin}, search};
			}
		}
	}
	return {file: undefined, search};
}

function asConfigError(filePath: string, error: unknown): ConfigError {
	if (error instanceof ConfigError) return error;
	const message = errorMessage(error);
	return new ConfigError([`${filePath}: cannot be read: ${message.split('\n')[0]}`]);
}

/** The layer a config file adds, with line numbers for messages where the format has them. */
export function configFileLayer(file: ConfigFile, warnings: string[]): Layer {
	const format = fileFormat(file.filepath);
	let lineOf: ((key: string) => number | undefined) | undefined;
	const prefix = format === 'package.json' ? MODULE_NAME : undefined;
	if (format !== 'js') {
		let lines: Map<string, number> | undefined;
		lineOf = key => {
			lines ??= keyLines(fs.readFileSync(file.filepath, 'utf8'));
			return lines.get(prefix ? `${prefix}.${key}` : key);
		};
	}
	return fileLayer(file.filepath, file.contents, warnings, {lineOf, prefix});
}

export type LoadedConfig = Resolved & {file: ConfigFile | undefined; search: SearchDescription};

/** Resolves the whole configuration: defaults < file < environment < flags. */
export async function loadConfig(options: {
	explicitFile?: string;
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	flags?: Layer;
	stopDir?: string;
}): Promise<LoadedConfig> {
	const warnings: string[] = [];
	const cwd = options.cwd ?? process.cwd();
	const env = options.env ?? process.env;
	const {file, search} = await findConfigFile({explicit: options.explicitFile, cwd, env, stopDir: options.stopDir, warnings});
	const layers: Layer[] = [];
	if (file) layers.push(configFileLayer(file, warnings));
	layers.push(envLayer(env, warnings));
	if (options.flags) layers.push(options.flags);
	return {...resolveConfig(layers, {warnings, cwd, env}), file, search};
}
