import fs from 'node:fs';
import path from 'node:path';
import {findOnPath, locateFfmpeg, locateFfmpegAsync, type FfmpegLocation} from '../audio/ffmpeg-locate.js';
import {loadConfig, type LoadedConfig} from '../config/load.js';
import type {Config} from '../config/resolve.js';
import {saveLimits} from '../config/save.js';
import type {Limits} from '../config/limits.js';
import {detectTotalMemory, ramWarning, type TotalMemory} from '../memory/total.js';
import {UsageError, type ParsedArgs} from './args.js';
import {writeOnMainScreen} from '../ui/terminal.js';

export type Io = {
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	env: NodeJS.ProcessEnv;
	cwd: string;
};

export type RunContext = {
	args: ParsedArgs;
	io: Io;
	resolved: LoadedConfig;
	config: Config;
};

/** Resolves the configuration for a command, with a DIR argument as the library. */
export async function createContext(args: ParsedArgs, io: Io, options: {libraryArgument: boolean}): Promise<RunContext> {
	if (options.libraryArgument && args.positionals[0] !== undefined) {
		const dir = path.resolve(io.cwd, args.positionals[0]);
		args.flagLayer.set('library', {raw: dir, source: 'argument', label: 'DIR'});
	}
	const resolved = await loadConfig({explicitFile: args.run.config, cwd: io.cwd, env: io.env, flags: args.flagLayer});
	// Said on the main screen, also when the live view's screen is up already (it would vanish there).
	for (const warning of resolved.warnings) writeOnMainScreen(io.stdout, () => io.stderr.write(`warning: ${warning}\n`));
	return {args, io, resolved, config: resolved.config};
}

export function requireLibrary(context: RunContext): string {
	const {library} = context.config;
	let stats: fs.Stats;
	try {
		stats = fs.statSync(library);
	} catch {
		throw new UsageError(`No such folder: ${library}`);
	}
	if (!stats.isDirectory()) throw new UsageError(`Not a folder: ${library}`);
	return library;
}

/** The ffmpeg the configuration names (--ffmpeg, ffmpegPath, FFMPEG_PATH), if it names one. */
function configuredFfmpeg(context: RunContext): {path: string; source: string} | undefined {
	const {ffmpegPath} = context.config;
	if (!ffmpegPath) return undefined;
	const source = context.resolved.sources['ffmpegPath']!;
	const label = source.startsWith('flag:') ? '--ffmpeg' : source.startsWith('env:') ? 'FFMPEG_PATH' : `ffmpegPath in ${source}`;
	// A bare name ("ffmpeg7") is a command to find on PATH.
	const file = path.isAbsolute(ffmpegPath) ? ffmpegPath : (findOnPath(ffmpegPath, context.io.env['PATH']) ?? ffmpegPath);
	return {path: file, source: label};
}

export function resolveFfmpeg(context: RunContext): FfmpegLocation {
	return locateFfmpeg(configuredFfmpeg(context));
}

/** resolveFfmpeg without blocking while ffmpeg answers. */
export async function resolveFfmpegAsync(context: RunContext): Promise<FfmpegLocation> {
	return locateFfmpegAsync(configuredFfmpeg(context));
}

/**
 * Saves live limits into the configuration file this run read (or a new .playlistgenrc in the
 * working directory): what the TUI's save key calls. Resolves with the path written.
 */
export function limitsSaver(context: RunContext): (limits: Limits) => Promise<string> {
	return async limits => saveLimits(limits, {file: context.resolved.file?.filepath, cwd: context.io.cwd});
}

/** The memory the budget is a share of; a --ram above the real memory is warned about, on the main screen. */
export function totalMemory(context: RunContext): TotalMemory {
	const {config, io} = context;
	const total = detectTotalMemory({ram: config.ram, trustRam: config.trustRam});
	const warning = ramWarning(total);
	if (warning) writeOnMainScreen(io.stdout, () => io.stderr.write(`warning: ${warning}\n`));
	return total;
}
