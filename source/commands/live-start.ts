/**
 * Whether a command line opens the live view, decided from the command line and the terminal alone,
 * so that the CLI's entry can put the view's first frame on screen before the rest of the CLI (the
 * configuration, the store, the engine, React) loads. Nothing heavy may be imported here.
 */
import fs from 'node:fs';
import path from 'node:path';
import {parseCommandLine, type ParsedArgs} from './args.js';
import type {Io} from './context.js';

/**
 * Whether a run opens the live view: on a terminal (stdin and stdout), unless --json or --no-tui, or
 * TERM=dumb (no cursor movement). --tui asks for it even so.
 */
export function wantsTui(args: Pick<ParsedArgs, 'run'>, io: Pick<Io, 'stdout' | 'stdin' | 'env'>): boolean {
	if (args.run.json) return false;
	if (args.run.tui !== undefined) return args.run.tui;
	return Boolean(io.stdout.isTTY && io.stdin.isTTY) && io.env['TERM'] !== 'dumb';
}

/**
 * The library folder when this command line analyses one in the live view (`playlistgen [analyze] DIR`
 * on a terminal), else undefined: a usage error, another command, a library from the configuration
 * only, or a headless run are left to the CLI proper.
 */
export function liveLibraryOf(argv: string[], io: Pick<Io, 'stdout' | 'stdin' | 'env' | 'cwd'>): string | undefined {
	let args: ParsedArgs;
	try {
		args = parseCommandLine(argv);
	} catch {
		return undefined;
	}
	const word = args.positionals[0];
	if (args.command !== 'analyze' || args.run.help || args.run.version || word === undefined || !wantsTui(args, io)) return undefined;
	const library = path.resolve(io.cwd, word);
	try {
		return fs.statSync(library).isDirectory() ? library : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Enters the alternate screen with the view's starting frame when this command line opens the live
 * view. The frame's code is loaded only then: other commands and headless runs go without it.
 */
export async function startLiveScreenEarly(argv: string[]): Promise<void> {
	const io = {stdout: process.stdout, stdin: process.stdin, env: process.env, cwd: process.cwd()};
	const library = liveLibraryOf(argv, io);
	if (library === undefined) return;
	const {showStartingView} = await import('../ui/starting-view.js');
	showStartingView(io, library);
}
