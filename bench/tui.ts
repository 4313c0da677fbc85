/**
 * What the live view costs: the CPU time (user + system, of the CLI and its ffmpeg children) of a full
 * TUI run in a pseudo-terminal against the headless run, on the same library (the real-music dev
 * corpus when it is there, else a generated one), alternating, in one run; the time from launch to the
 * first frame on screen; the bytes the view writes to the terminal per second at 80×24 and 200×50.
 * Also the view's cost while nothing happens (paused). Writes bench/tui-results.md.
 * Run alone: `npm run build && node --import=tsx bench/tui.ts [LIBRARY]`; PLAYLISTGEN_BENCH_CLI=path
 * measures another build's first frame beside this one; PLAYLISTGEN_BENCH_FIRST_FRAMES=N takes N first
 * frames (9 by default) and PLAYLISTGEN_BENCH_ONLY_FIRST_FRAME=1 stops after them (no CPU runs).
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import pty from '@lydell/node-pty';
import {locateFfmpeg} from '../source/audio/ffmpeg-locate.js';
import {variant, type FamilyName} from '../media/recipes.js';
import {renderLibrary} from '../media/render.js';
import {TerminalScreen} from '../test/helpers/terminal.js';
import {describeMachine} from './machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
/** The real-music corpus (shared/corpus/dev-corpus.sh makes it). */
export const DEV_CORPUS = '/tmp/playlistgen-dev-corpus/library';
const tmp = path.join(here, 'tmp');

export type TuiBenchOptions = {
	library?: string;
	tracks?: number;
	seconds?: number;
	repeats?: number;
	idleSeconds?: number;
	firstFrames?: number;
	/** Only the first frames, no CPU runs. */
	onlyFirstFrame?: boolean;
};

type Run = {cpuSeconds: number; wallSeconds: number; terminalBytes?: number};

/** A library of mp3 tracks from the three sample families, made once and kept in bench/tmp. */
async function ensureLibrary(tracks: number, seconds: number): Promise<string> {
	const dir = path.join(tmp, `tui-${tracks}x${seconds}s`);
	const marker = path.join(dir, '.complete');
	if (fs.existsSync(marker)) return dir;
	fs.rmSync(dir, {recursive: true, force: true});
	const families: FamilyName[] = ['dusk', 'neon', 'rush'];
	const recipes = Array.from({length: tracks}, (_, i) => variant(families[i % 3]!, Math.floor(i / 3), seconds, 'mp3'));
	await renderLibrary(recipes, dir, locateFfmpeg().path);
	fs.writeFileSync(marker, '');
	return dir;
}

function isolatedEnv(home: string): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
	delete env['CI'];
	delete env['NO_COLOR'];
	delete env['PLAYLISTGEN_EVENTS_FILE'];
	return {...env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), TERM: 'xterm-256color'};
}

/** The shell's `times` after the command: CPU of the command and everything it waited for. */
function wrapped(args: string[], timesFile: string): string[] {
	return ['-c', `"$@"; status=$?; times > ${JSON.stringify(timesFile)}; exit $status`, 'bench', process.execPath, cli, ...args];
}

function readTimes(file: string): number {
	// Second line: children's user and system time, e.g. "0m1.234s 0m0.120s".
	const line = fs.readFileSync(file, 'utf8').trim().split('\n')[1] ?? '';
	const seconds = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map(match => Number(match[1]) * 60 + Number(match[2]));
	return seconds.reduce((sum, value) => sum + value, 0);
}

/** A store path with nothing in it, so that every run analyses the whole library. */
function freshDb(home: string, name: string): string {
	const file = path.join(home, name);
	for (const suffix of ['', '-wal', '-shm', '.lock']) fs.rmSync(file + suffix, {force: true});
	return file;
}

async function runHeadless(library: string, home: string): Promise<Run> {
	const timesFile = path.join(home, 'times-headless');
	const started = performance.now();
	await new Promise<void>((resolve, reject) => {
		const child = spawn('bash', wrapped([library, '--no-tui', '--db', freshDb(home, 'headless.db')], timesFile), {
			env: isolatedEnv(home),
			cwd: home,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout.resume();
		child.stderr.resume();
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve() : reject(new Error(`headless run exited ${code}`))));
	});
	return {cpuSeconds: readTimes(timesFile), wallSeconds: (performance.now() - started) / 1000};
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

/** A full TUI run (80×24 unless said): from start to the Finished panel, then q; with the bytes the terminal received. */
async function runTui(library: string, home: string, size: {columns: number; rows: number} = {columns: 80, rows: 24}): Promise<Run> {
	const timesFile = path.join(home, 'times-tui');
	const screen = new TerminalScreen(size.columns, size.rows);
	const started = performance.now();
	const child = pty.spawn('bash', wrapped([library, '--db', freshDb(home, 'tui.db')], timesFile), {
		name: 'xterm-256color',
		cols: size.columns,
		rows: size.rows,
		cwd: home,
		env: isolatedEnv(home),
	});
	let terminalBytes = 0;
	child.onData(data => {
		terminalBytes += Buffer.byteLength(data);
		screen.write(data);
	});
	const exited = new Promise<number>(resolve => child.onExit(({exitCode}) => resolve(exitCode)));
	await waitFor(() => /┌─ Finished /.test(screen.text()), 'the Finished panel', 600_000);
	const wallSeconds = (performance.now() - started) / 1000;
	const bytesUntilFinished = terminalBytes;
	child.write('q');
	const code = await exited;
	if (code !== 0) throw new Error(`TUI run exited ${code}`);
	return {cpuSeconds: readTimes(timesFile), wallSeconds, terminalBytes: bytesUntilFinished};
}

type FirstFrame = {header: number; view: number};

const PANEL_TITLES = ['Memory', 'Progress', 'Chunks', 'GC', 'Settings', 'Log'];

/** The whole view on an 80×24 screen: every panel's title and the footer's last line. */
function wholeViewOn(text: string): boolean {
	return PANEL_TITLES.every(title => text.includes(`┌─ ${title} `)) && /q quit$/m.test(text);
}

/**
 * Milliseconds from launching the CLI (node itself included) to its header line on screen and to the
 * whole view (every panel and the footer drawn), at 80×24. Killed once seen.
 */
async function firstFrame(cliFile: string, library: string, home: string): Promise<FirstFrame> {
	const screen = new TerminalScreen(80, 24);
	const started = performance.now();
	const child = pty.spawn(process.execPath, [cliFile, library, '--db', freshDb(home, 'first.db')], {
		name: 'xterm-256color',
		cols: 80,
		rows: 24,
		cwd: home,
		env: isolatedEnv(home),
	});
	const exited = new Promise<void>(resolve => child.onExit(() => resolve()));
	let header: number | undefined;
	const times = await new Promise<FirstFrame>(resolve => {
		child.onData(data => {
			screen.write(data);
			if (!screen.altScreen) return;
			const text = screen.text();
			if (header === undefined && /^playlistgen /.test(text)) header = performance.now() - started;
			if (header !== undefined && wholeViewOn(text)) resolve({header, view: performance.now() - started});
		});
	});
	child.kill('SIGKILL');
	await exited;
	return times;
}

function cpuTicks(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	// utime and stime are fields 14 and 15 of the file, 12 and 13 after the command name.
	return Number(fields[11]) + Number(fields[12]);
}

/** CPU of the TUI process per second while paused: what drawing the clock, samples and GCs costs. */
async function idleCost(library: string, home: string, seconds: number): Promise<number> {
	const screen = new TerminalScreen(80, 24);
	const child = pty.spawn(process.execPath, [cli, library, '--db', freshDb(home, 'idle.db')], {
		name: 'xterm-256color',
		cols: 80,
		rows: 24,
		cwd: home,
		env: isolatedEnv(home),
	});
	child.onData(data => screen.write(data));
	const exited = new Promise<void>(resolve => child.onExit(() => resolve()));
	await waitFor(() => /┌─ Memory /.test(screen.text()), 'the first frame', 60_000);
	child.write('p');
	await waitFor(() => /PAUSED/.test(screen.text()), 'PAUSED', 10_000);
	await new Promise(resolve => setTimeout(resolve, 1000));
	const hz = 100; // USER_HZ on Linux
	const before = cpuTicks(child.pid);
	await new Promise(resolve => setTimeout(resolve, seconds * 1000));
	const after = cpuTicks(child.pid);
	child.write('q');
	await exited;
	return (after - before) / hz / seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (values: number[]) =>
	`${Math.round(median(values))} ms (${[...values]
		.sort((a, b) => a - b)
		.map(Math.round)
		.join(', ')})`;
const loadAverage = () =>
	os
		.loadavg()
		.map(value => value.toFixed(1))
		.join(' / ');

export async function runTuiBench(options: TuiBenchOptions = {}): Promise<string> {
	const tracks = options.tracks ?? 40;
	const seconds = options.seconds ?? 60;
	const repeats = options.repeats ?? 5;
	if (!fs.existsSync(cli)) throw new Error('run `npm run build` first');
	const corpus = options.library ?? (fs.existsSync(DEV_CORPUS) ? DEV_CORPUS : undefined);
	const library = corpus ?? (await ensureLibrary(tracks, seconds));
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-bench-'));
	const headless: Run[] = [];
	const tui: Run[] = [];
	try {
		// First frames: this build, and another one beside it when asked, alternating.
		const other = process.env['PLAYLISTGEN_BENCH_CLI'];
		const frames: FirstFrame[] = [];
		const otherFrames: FirstFrame[] = [];
		for (let i = 0; i < (options.firstFrames ?? 9); i++) {
			frames.push(await firstFrame(cli, library, home));
			if (other) otherFrames.push(await firstFrame(other, library, home));
		}
		const firstFrameLine =
			`First frame (launch to the header line on screen, 80×24, median of ${frames.length}): ${ms(frames.map(f => f.header))}; ` +
			`the whole view (every panel and the footer drawn): ${ms(frames.map(f => f.view))}.` +
			(other ? ` Beside it, ${other}: ${ms(otherFrames.map(f => f.header))}; whole view ${ms(otherFrames.map(f => f.view))}.` : '') +
			' Target: the whole view at most 300 ms.';
		if (options.onlyFirstFrame) return `${firstFrameLine} Load average ${loadAverage()} at the end.\n`;
		// Warm the file cache once, then alternate so that a busy moment of the machine hurts both alike.
		await runHeadless(library, home);
		for (let i = 0; i < repeats; i++) {
			headless.push(await runHeadless(library, home));
			tui.push(await runTui(library, home));
		}
		// The fixed part: start, scan an empty folder, finish, quit.
		const empty = fs.mkdtempSync(path.join(home, 'empty-'));
		const startHeadless: Run[] = [];
		const startTui: Run[] = [];
		for (let i = 0; i < repeats; i++) {
			startHeadless.push(await runHeadless(empty, home));
			startTui.push(await runTui(empty, home));
		}
		const idle = await idleCost(library, home, options.idleSeconds ?? 10);
		const large = await runTui(library, home, {columns: 200, rows: 50});
		const fixed = median(startTui.map(run => run.cpuSeconds)) - median(startHeadless.map(run => run.cpuSeconds));
		const h = median(headless.map(run => run.cpuSeconds));
		const v = median(tui.map(run => run.cpuSeconds));
		const overhead = ((v - h) / h) * 100;
		const pairs = headless.map((run, i) => ((tui[i]!.cpuSeconds - run.cpuSeconds) / run.cpuSeconds) * 100);
		const row = (label: string, runs: Run[]) =>
			`| ${label} | ${median(runs.map(run => run.cpuSeconds)).toFixed(2)} s | ${runs.map(run => run.cpuSeconds.toFixed(2)).join(', ')} | ${median(runs.map(run => run.wallSeconds)).toFixed(2)} s |`;
		const perSecond = (run: Run) => (run.terminalBytes ?? 0) / run.wallSeconds;
		const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB/s`;
		const lines = [
			'## Live view (TUI) against headless: CPU',
			'',
			`Machine: ${describeMachine(locateFfmpeg().path)}.`,
			`Run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`node --import=tsx bench/tui.ts\`; load average ${loadAverage()} at the end.`,
			'',
			firstFrameLine,
			'',
			`Bytes written to the terminal while analysing (median): ${kb(median(tui.map(perSecond)))} at 80×24; ${kb(perSecond(large))} at 200×50 (one run).`,
			'',
			`CPU of the run with the view against headless (medians): ${(v / h).toFixed(3)}×. Target: at most 1.05×.`,
			'',
			(corpus
				? `Library: ${corpus}, real music (the dev corpus). `
				: `Library: ${tracks} generated mp3 tracks of ${seconds} s (${((tracks * seconds) / 60).toFixed(0)} min of audio, \`media/recipes.ts\`). `) +
				`CPU is user + system time of the CLI and its ffmpeg children (the shell's \`times\`), ${repeats} runs each, alternating. ` +
				'Headless: `playlistgen DIR --no-tui`, output to a pipe. TUI: `playlistgen DIR` in an 80×24 pseudo-terminal, from start until the Finished panel shows, then `q`.',
			'',
			'| run | CPU (median) | CPU (each run) | wall until finished (median) |',
			'| --- | --- | --- | --- |',
			row('headless', headless),
			row('TUI', tui),
			row('headless, empty folder', startHeadless),
			row('TUI, empty folder', startTui),
			'',
			`TUI overhead: ${overhead >= 0 ? '+' : ''}${overhead.toFixed(1)} % CPU (medians; pairwise ${pairs.map(p => `${p >= 0 ? '+' : ''}${p.toFixed(1)}`).join(', ')} %). Target: at most +5 %.`,
			'',
			`Of the ${(v - h).toFixed(2)} s more, ${fixed.toFixed(2)} s is fixed: loading React, Ink and Yoga and drawing the first frame (the empty-folder runs). ` +
				`The rest, ${(v - h - fixed).toFixed(2)} s over ${median(tui.map(run => run.wallSeconds)).toFixed(1)} s of analysis, is drawing while it runs: ` +
				`${(((v - h - fixed) / (h - median(startHeadless.map(run => run.cpuSeconds)))) * 100).toFixed(1)} % of the analysis' own CPU.`,
			'',
			`While paused (nothing analysed, the view still draws the clock, memory samples and GCs): ${(idle * 100).toFixed(1)} % of one core.`,
			'',
		];
		return lines.join('\n');
	} finally {
		fs.rmSync(home, {recursive: true, force: true});
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	const repeats = process.env['PLAYLISTGEN_BENCH_REPEATS'];
	const firstFrames = process.env['PLAYLISTGEN_BENCH_FIRST_FRAMES'];
	const text = await runTuiBench({
		library: process.argv[2],
		...(repeats ? {repeats: Number(repeats)} : {}),
		...(firstFrames ? {firstFrames: Number(firstFrames)} : {}),
		onlyFirstFrame: process.env['PLAYLISTGEN_BENCH_ONLY_FIRST_FRAME'] === '1',
	});
	console.log(text);
	fs.writeFileSync(path.join(here, 'tui-results.md'), `# Benchmark results: live view\n\n${text}`);
	console.error(`bench: written to ${path.join(here, 'tui-results.md')}`);
}
