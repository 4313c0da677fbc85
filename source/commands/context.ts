import fs from 'node:fs';
import path from 'node:path';
import {locateFfmpeg, type FfmpegLocation} from '../audio/ffmpeg-locate.js';
import {loadConfig} from '../config/load.js';
import type {Config, Resolved} from '../config/resolve.js';
import {detectTotalMemory, type TotalMemory} from '../scheduler/memory-total.js';
import {UsageError, type ParsedArgs} from './args.js';

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
	resolved: Resolved;
	config: Config;
};

/** Resolves the configuration for a command, with a DIR argument as the library. */
export async function createContext(args: ParsedArgs, io: Io, options: {libraryArgument: boolean}): Promise<RunContext> {
	if (options.libraryArgument && args.positionals[0] !== undefined) {
		const dir = path.resolve(io.cwd, args.positionals[0]);
		args.flagLayer.set('library', {raw: dir, source: 'argument', label: 'DIR'});
	}
	const resolved = await loadConfig({explicitFile: args.run.config, cwd: io.cwd, env: io.env, flags: args.flagLayer});
	for (const warning of resolved.warnings) io.stderr.write(`warning: ${warning}\n`);
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

export function resolveFfmpeg(context: RunContext): FfmpegLocation {
	const {ffmpegPath} = context.config;
	const source = context.resolved.sources['ffmpegPath']!;
	const label = source.startsWith('flag:') ? '--ffmpeg' : source.startsWith('env:') ? 'FFMPEG_PATH' : `ffmpegPath in ${source}`;
	return locateFfmpeg(ffmpegPath ? {path: ffmpegPath, source: label} : undefined);
}

export function totalMemory(config: Config): TotalMemory {
	return detectTotalMemory({ram: config.ram});
}
