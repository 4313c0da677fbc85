import fs from 'node:fs';
import path from 'node:path';
import {FfmpegNotFoundError} from '../audio/ffmpeg-locate.js';
import {ConfigError} from '../config/resolve.js';
import {StoreError} from '../store/errors.js';
import {runAnalyze} from './analyze.js';
import {parseCommandLine, suggestCommand, UsageError} from './args.js';
import {runConfigCommand} from './config.js';
import {createContext, type Io} from './context.js';
import {helpText} from './help.js';
import {packageRoot} from '../util/package-root.js';
import {PlaylistWriteError} from '../playlists/output/writer.js';
import {CLOSED_OUTPUT_EXIT, watchOutput} from '../report/closed-output.js';
import {runPath} from './path.js';
import {runPlaylists} from './playlists.js';
import {runSimilar} from './similar.js';
import {runStats} from './stats.js';
import {runStoreCommand} from './store.js';
import {leaveAltScreen} from '../ui/terminal.js';

function version(): string {
	const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {version: string};
	return manifest.version;
}

export function defaultIo(): Io {
	return {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd()};
}

/** Runs one command line; resolves with the exit status. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
	// A reader that goes away (| head) ends the command quietly; an analysis stops first (closed-output.ts).
	watchOutput(io.stdout, () => process.exit(CLOSED_OUTPUT_EXIT));
	watchOutput(io.stderr);
	try {
		const args = parseCommandLine(argv);
		if (args.run.version) {
			io.stdout.write(`${version()}\n`);
			return 0;
		}
		if (args.run.help || args.command === 'help') {
			io.stdout.write(helpText());
			return 0;
		}
		const word = args.positionals[0];
		if (!args.commandNamed && word !== undefined && !fs.existsSync(path.resolve(io.cwd, word))) {
			const suggestion = suggestCommand(word);
			throw new UsageError(suggestion ? `Unknown command "${word}". Did you mean "${suggestion}"?` : `No such folder or command: ${word}`);
		}
		switch (args.command) {
			case 'analyze':
				return await runAnalyze(await createContext(args, io, {libraryArgument: true}));
			case 'config':
				return await runConfigCommand(args, io);
			case 'stats':
				return await runStats(await createContext(args, io, {libraryArgument: false}));
			case 'playlists':
			case 'radio':
				return await runPlaylists(await createContext(args, io, {libraryArgument: false}), args.command);
			case 'path':
				return await runPath(await createContext(args, io, {libraryArgument: false}));
			case 'similar':
				return await runSimilar(await createContext(args, io, {libraryArgument: false}));
			case 'store':
				return await runStoreCommand(await createContext(args, io, {libraryArgument: false}));
			default:
				throw new UsageError(`"${args.command}" is not available yet`);
		}
	} catch (error) {
		// The CLI's entry may have entered the live view's screen before this run failed: say it on the main screen.
		leaveAltScreen(io.stdout);
		if (error instanceof UsageError) {
			io.stderr.write(`playlistgen: ${error.message}\nRun "playlistgen --help" for usage.\n`);
			return 2;
		}
		if (error instanceof ConfigError) {
			io.stderr.write(`playlistgen: invalid configuration\n${error.problems.map(problem => `  ${problem}`).join('\n')}\n`);
			return 2;
		}
		if (error instanceof StoreError || error instanceof PlaylistWriteError) {
			io.stderr.write(`playlistgen: ${error.message}\n`);
			return 1;
		}
		if (error instanceof FfmpegNotFoundError) {
			io.stderr.write(`playlistgen: ${error.message}\n`);
			return 1;
		}
		io.stderr.write(`playlistgen: ${(error as Error).stack ?? String(error)}\n`);
		return 1;
	}
}
