import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import type * as ptyModule from '@lydell/node-pty';
import {cliPath} from './fixtures.js';
import {TerminalScreen} from './terminal.js';

/**
 * The pseudo-terminal module, or why there is none. @lydell/node-pty's binary comes as an npm package
 * for Linux x64 and arm64 (glibc), macOS and Windows, nothing to compile; on other machines (ARMv7, musl,
 * an install with --omit=optional) the terminal tests are skipped with the reason. Where its binary is
 * meant to work, a failure to load it is an error, not a skip.
 */
function loadPty(): {pty: typeof ptyModule; missing?: undefined} | {pty?: undefined; missing: string} {
	const require = createRequire(import.meta.url);
	try {
		return {pty: require('@lydell/node-pty') as typeof ptyModule};
	} catch (error) {
		const binary = `@lydell/node-pty-${process.platform}-${process.arch}`;
		let installed = true;
		try {
			require.resolve(`${binary}/package.json`);
		} catch {
			installed = false;
		}
		const report = process.report.getReport() as {header?: {glibcVersionRuntime?: string}};
		const glibc = process.platform !== 'linux' || report.header?.glibcVersionRuntime !== undefined;
		if (installed && glibc) throw error;
		return {
			missing: installed
				? `${binary} is built for glibc, and this system's C library is another`
				: `no ${binary} package (npm has none for this machine, or optional packages were omitted)`,
		};
	}
}

const loaded = loadPty();
/** Why the terminal tests cannot run here, or undefined where they can. */
export const ptyMissing = loaded.missing;
if (ptyMissing) console.warn(`terminal tests skipped: ${ptyMissing}`);

export type TuiProcess = {
	pid: number;
	screen: TerminalScreen;
	/** The NDJSON events the CLI also writes to PLAYLISTGEN_EVENTS_FILE. */
	events: () => Array<Record<string, unknown> & {type: string}>;
	type: (keys: string) => void;
	kill: (signal: NodeJS.Signals) => void;
	resize: (columns: number, rows: number) => void;
	waitFor: (what: string, predicate: () => boolean, timeoutMs?: number) => Promise<void>;
	waitForScreen: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
	exited: Promise<{exitCode: number; signal: number | undefined}>;
};

/**
 * Runs the built CLI in a pseudo-terminal of the given size, with its configuration, cache and store
 * in `home`, and without CI in its environment (Ink draws only the last frame there).
 */
export function spawnTui(args: string[], options: {home: string; columns?: number; rows?: number; env?: NodeJS.ProcessEnv}): TuiProcess {
	const columns = options.columns ?? 80;
	const rows = options.rows ?? 24;
	const eventsFile = path.join(options.home, `events-${Date.now()}-${Math.random().toString(36).slice(2)}.ndjson`);
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries({...process.env, ...options.env})) if (value !== undefined) env[key] = value;
	delete env['CI'];
	delete env['CONTINUOUS_INTEGRATION'];
	delete env['NO_COLOR'];
	Object.assign(env, {
		TERM: 'xterm-256color',
		HOME: options.home,
		XDG_CONFIG_HOME: path.join(options.home, 'config'),
		XDG_CACHE_HOME: path.join(options.home, 'cache'),
		PLAYLISTGEN_EVENTS_FILE: eventsFile,
		...(options.env?.['NO_COLOR'] ? {NO_COLOR: options.env['NO_COLOR']} : {}),
	});
	if (!loaded.pty) throw new Error(`no pseudo-terminal module: ${ptyMissing}`);
	const child = loaded.pty.spawn(process.execPath, [cliPath, ...args], {name: 'xterm-256color', cols: columns, rows, cwd: options.home, env});
	const screen = new TerminalScreen(columns, rows);
	child.onData(data => screen.write(data));
	const exited = new Promise<{exitCode: number; signal: number | undefined}>(resolve => child.onExit(({exitCode, signal}) => resolve({exitCode, signal})));
	let done = false;
	void exited.then(() => (done = true));

	const events = () => {
		let text = '';
		try {
			text = fs.readFileSync(eventsFile, 'utf8');
		} catch {
			return [];
		}
		return text
			.split('\n')
			.filter(line => line.trim() !== '')
			.flatMap(line => {
				try {
					return [JSON.parse(line) as Record<string, unknown> & {type: string}];
				} catch {
					return [];
				}
			});
	};
	const waitFor = async (what: string, predicate: () => boolean, timeoutMs = 20_000) => {
		const deadline = Date.now() + timeoutMs;
		while (!predicate()) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen.text()}`);
			if (done && !predicate()) {
				await new Promise(resolve => setTimeout(resolve, 50));
				if (predicate()) return;
				throw new Error(`the program exited while waiting for ${what}; screen:\n${screen.text()}`);
			}
			await new Promise(resolve => setTimeout(resolve, 25));
		}
	};
	return {
		pid: child.pid,
		screen,
		events,
		type: keys => child.write(keys),
		kill: signal => child.kill(signal),
		resize(columns, rows) {
			screen.resize(columns, rows);
			child.resize(columns, rows);
		},
		waitFor,
		async waitForScreen(pattern, timeoutMs) {
			await waitFor(`${pattern} on screen`, () => pattern.test(screen.text()), timeoutMs);
			return screen.text();
		},
		exited,
	};
}

/** Pids of ffmpeg processes whose command line mentions `needle` (a library folder). */
export function ffmpegProcesses(needle: string): number[] {
	const pids: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (/ffmpeg/.test(path.basename(cmdline[0] ?? '')) && cmdline.some(arg => arg.includes(needle))) pids.push(Number(entry));
		} catch {}
	}
	return pids;
}
