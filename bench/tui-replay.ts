/**
 * What the live view itself costs, apart from the analysis and its noise: a real run's session events
 * are recorded once (the engine on the library, headless, in this process, with the CPU it and its
 * ffmpeg children used), then replayed at their recorded pace into the view in an 80×24
 * pseudo-terminal, and into no view, alternating. The replaying process's CPU per second, view less
 * no view, is the view's cost; against the recorded run's CPU per second it is the share the view
 * adds to a run. A paused stretch follows each replay (memory samples only, as while paused).
 * Run: `node --import=tsx bench/tui-replay.ts [LIBRARY]` (PLAYLISTGEN_BENCH_REPEATS, default 5;
 * PLAYLISTGEN_REPLAY_BESIDE=other/checkout/bench/tui-replay.ts replays that checkout's view too).
 * Writes bench/tui-replay-results.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import pty from '@lydell/node-pty';
import {locateFfmpeg} from '../source/audio/ffmpeg-locate.js';
import type {Limits} from '../source/config/limits.js';
import type {SessionEvent, SessionListener, SessionSummary} from '../source/session/events.js';
import type {LiveSession} from '../source/ui/session-port.js';
import {describeMachine} from './machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tmp = path.join(here, 'tmp');
const DEV_CORPUS = '/tmp/playlistgen-dev-corpus/library';

type Recorded = {at: number; event: SessionEvent};
type Recording = {library: string; seconds: number; cpuSeconds: number; events: Recorded[]};
type ReplayResult = {mode: Mode; seconds: number; cpuSeconds: number; pausedSeconds: number; pausedCpuSeconds: number};
type Mode = 'view' | 'none';

/** Seconds of paused view after each replay: memory samples four times a second, nothing else. */
const PAUSED_SECONDS = 15;

/** CPU of this process and of the children it has waited for (ffmpeg), from /proc/self/stat. */
function cpuWithChildren(): number {
	const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
	// utime, stime, cutime, cstime: fields 14–17 of the file, 12–15 after the command name; USER_HZ is 100.
	return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

/** Runs the engine on the library as a headless run does and keeps every event with its time. */
async function record(library: string): Promise<Recording> {
	const {parseCommandLine} = await import('../source/commands/args.js');
	const {createContext} = await import('../source/commands/context.js');
	const {createAnalysis} = await import('../source/commands/analyze.js');
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-replay-'));
	try {
		const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PLAYLISTGEN_')));
		const io = {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: {...env, HOME: home}, cwd: home};
		const args = parseCommandLine([library, '--db', path.join(home, 'library.db')]);
		const parts = await createAnalysis(await createContext(args, io, {libraryArgument: true}));
		const events: Recorded[] = [];
		const cpuBefore = cpuWithChildren();
		const started = performance.now();
		parts.session.on(event => {
			// The features are not shown; they would only make the file large.
			const kept = event.type === 'track-done' ? {...event, analysis: undefined} : event;
			events.push({at: performance.now() - started, event: kept});
		});
		await parts.session.run();
		const seconds = (performance.now() - started) / 1000;
		await parts.close();
		return {library, seconds, cpuSeconds: cpuWithChildren() - cpuBefore, events};
	} finally {
		fs.rmSync(home, {recursive: true, force: true});
	}
}

/** A session that plays recorded events at their pace, then a paused stretch; commands do nothing. */
class ReplaySession implements LiveSession {
	readonly #listeners = new Set<SessionListener>();
	readonly #events: Recorded[];
	readonly #limits: Limits;
	readonly #done: (result: Omit<ReplayResult, 'mode'>) => void;

	constructor(events: Recorded[], done: (result: Omit<ReplayResult, 'mode'>) => void) {
		this.#events = events;
		const started = events.find(entry => entry.event.type === 'started')?.event;
		this.#limits = started?.type === 'started' ? started.limits : ({} as Limits);
		this.#done = done;
	}

	get limits(): Limits {
		return {...this.#limits};
	}

	get paused(): boolean {
		return false;
	}

	on(listener: SessionListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#emit(event: SessionEvent): void {
		for (const listener of this.#listeners) listener(event);
	}

	async run(): Promise<SessionSummary> {
		const cpu = (previous?: NodeJS.CpuUsage) => process.cpuUsage(previous);
		const seconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;
		const sleepUntil = (start: number, at: number) => new Promise(resolve => setTimeout(resolve, Math.max(0, start + at - performance.now())));
		let finished: SessionSummary | undefined;
		const start = performance.now();
		const before = cpu();
		for (const {at, event} of this.#events) {
			await sleepUntil(start, at);
			if (event.type === 'finished') {
				finished = event.summary;
				continue;
			}
			this.#emit(event);
		}
		const replayCpu = seconds(cpu(before));
		const replaySeconds = (performance.now() - start) / 1000;
		// Paused: what the session still reports while nothing is analysed.
		const lastSample = [...this.#events].reverse().find(entry => entry.event.type === 'memory')?.event;
		this.#emit({type: 'paused'});
		const pauseStart = performance.now();
		const pauseBefore = cpu();
		for (let at = 250; at <= PAUSED_SECONDS * 1000; at += 250) {
			await sleepUntil(pauseStart, at);
			if (lastSample?.type === 'memory') this.#emit({type: 'memory', sample: {...lastSample.sample, at: Date.now()}});
		}
		const pausedCpu = seconds(cpu(pauseBefore));
		this.#emit({type: 'resumed'});
		if (finished) this.#emit({type: 'finished', summary: finished});
		this.#done({seconds: replaySeconds, cpuSeconds: replayCpu, pausedSeconds: (performance.now() - pauseStart) / 1000, pausedCpuSeconds: pausedCpu});
		return finished!;
	}

	setLimits(): boolean {
		return true;
	}

	togglePause(): void {}
	skip(): void {}
	async forceGc(): Promise<void> {}
	stop(): void {}
	kill(): void {}
}

/** The child: replays into the view (or into nothing) and writes its figures to `resultFile`. */
async function child(eventsFile: string, mode: Mode, resultFile: string): Promise<void> {
	const {events} = JSON.parse(fs.readFileSync(eventsFile, 'utf8')) as Recording;
	const done = (result: Omit<ReplayResult, 'mode'>) => fs.writeFileSync(resultFile, JSON.stringify({mode, ...result}));
	const session = new ReplaySession(events, done);
	if (mode === 'none') {
		session.on(() => {});
		await session.run();
		return;
	}
	process.env['NODE_ENV'] = 'production';
	const {runTui} = await import('../source/ui/run-tui.js');
	const {AltScreen} = await import('../source/ui/terminal.js');
	const io = {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env};
	await runTui({session, io, screen: new AltScreen(process.stdout, process.stdin)});
}

/** One replay in an 80×24 pseudo-terminal; q once the figures are written. Counts the bytes the terminal got. */
async function replay(eventsFile: string, mode: Mode, script = fileURLToPath(import.meta.url)): Promise<ReplayResult & {bytes: number}> {
	const resultFile = path.join(tmp, `replay-${process.pid}-${mode}.json`);
	fs.rmSync(resultFile, {force: true});
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
	delete env['CI'];
	delete env['NO_COLOR'];
	const proc = pty.spawn(process.execPath, ['--import=tsx', script, '--child', eventsFile, mode, resultFile], {
		name: 'xterm-256color',
		cols: 80,
		rows: 24,
		cwd: path.dirname(path.dirname(script)),
		env: {...env, TERM: 'xterm-256color'},
	});
	let bytes = 0;
	proc.onData(data => (bytes += Buffer.byteLength(data)));
	const exited = new Promise<void>(resolve => proc.onExit(() => resolve()));
	while (!fs.existsSync(resultFile)) await new Promise(resolve => setTimeout(resolve, 100));
	const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ReplayResult;
	// Into no view the child ends by itself; the view waits for q.
	if (mode === 'view') proc.write('q');
	await exited;
	fs.rmSync(resultFile, {force: true});
	return {...result, bytes};
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * `beside`: another checkout's copy of this file, whose view is replayed too (the same recording,
 * alternating), e.g. the code before a change.
 */
export async function runReplayBench(library: string, repeats: number, beside?: string): Promise<string> {
	fs.mkdirSync(tmp, {recursive: true});
	const eventsFile = path.join(tmp, 'tui-replay-events.json');
	const recording = await record(library);
	fs.writeFileSync(eventsFile, JSON.stringify(recording));
	const runs: Record<Mode, Array<ReplayResult & {bytes: number}>> = {view: [], none: []};
	const besideRuns: Array<ReplayResult & {bytes: number}> = [];
	const loads: number[] = [];
	for (let index = 0; index < repeats; index++) {
		for (const mode of ['none', 'view'] as const) runs[mode].push(await replay(eventsFile, mode));
		if (beside) besideRuns.push(await replay(eventsFile, 'view', beside));
		loads.push(os.loadavg()[0]!);
	}
	const perSecond = (run: ReplayResult) => run.cpuSeconds / run.seconds;
	const pausedPerSecond = (run: ReplayResult) => run.pausedCpuSeconds / run.pausedSeconds;
	const view = median(runs.view.map(perSecond)) - median(runs.none.map(perSecond));
	const paused = median(runs.view.map(pausedPerSecond)) - median(runs.none.map(pausedPerSecond));
	const runPerSecond = recording.cpuSeconds / recording.seconds;
	const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
	const list = (values: number[]) => values.map(value => (value * 100).toFixed(2)).join(', ');
	return [
		'## Live view (TUI): its own CPU, replaying a recorded run',
		'',
		`Machine: ${describeMachine(locateFfmpeg().path)}.`,
		`Run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`node --import=tsx bench/tui-replay.ts\`; load average (1 min) during the replays ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}.`,
		'',
		`Recorded: ${library}, ${recording.events.length} session events over ${recording.seconds.toFixed(1)} s; the run used ${recording.cpuSeconds.toFixed(1)} s of CPU (node and its ffmpeg children): ${runPerSecond.toFixed(2)} cores.`,
		`Replayed at that pace in an 80×24 pseudo-terminal, ${repeats} times into the view and into no view, alternating; then ${PAUSED_SECONDS} s paused (memory samples 4 a second).`,
		'',
		`| replay | CPU per second (median) | each run (% of a core) | bytes to the terminal per second |`,
		'| --- | --- | --- | --- |',
		`| no view | ${pct(median(runs.none.map(perSecond)))} | ${list(runs.none.map(perSecond))} | – |`,
		`| view | ${pct(median(runs.view.map(perSecond)))} | ${list(runs.view.map(perSecond))} | ${(median(runs.view.map(run => run.bytes / (run.seconds + run.pausedSeconds))) / 1024).toFixed(1)} KB/s |`,
		`| no view, paused | ${pct(median(runs.none.map(pausedPerSecond)))} | ${list(runs.none.map(pausedPerSecond))} | – |`,
		`| view, paused | ${pct(median(runs.view.map(pausedPerSecond)))} | ${list(runs.view.map(pausedPerSecond))} | – |`,
		...(beside
			? [
					`| view of ${beside} | ${pct(median(besideRuns.map(perSecond)))} | ${list(besideRuns.map(perSecond))} | ${(median(besideRuns.map(run => run.bytes / (run.seconds + run.pausedSeconds))) / 1024).toFixed(1)} KB/s |`,
					`| view of ${beside}, paused | ${pct(median(besideRuns.map(pausedPerSecond)))} | ${list(besideRuns.map(pausedPerSecond))} | – |`,
				]
			: []),
		'',
		`The view's own cost while analysing: ${pct(view)} of a core, ${((view / runPerSecond) * 100).toFixed(1)} % of the run's CPU (a whole-run ratio of ${(1 + view / runPerSecond).toFixed(3)}× from drawing alone, start-up not counted). While paused: ${pct(paused)} of a core.`,
		...(beside
			? [
					'',
					`Beside it, ${beside}: ${pct(median(besideRuns.map(perSecond)) - median(runs.none.map(perSecond)))} of a core while analysing ` +
						`(${(((median(besideRuns.map(perSecond)) - median(runs.none.map(perSecond))) / runPerSecond) * 100).toFixed(1)} % of the run's CPU), ` +
						`${pct(median(besideRuns.map(pausedPerSecond)) - median(runs.none.map(pausedPerSecond)))} paused.`,
				]
			: []),
		'',
	].join('\n');
}

if (process.argv[2] === '--child') {
	await child(process.argv[3]!, process.argv[4] as Mode, process.argv[5]!);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	const repeats = Number(process.env['PLAYLISTGEN_BENCH_REPEATS'] ?? 5);
	const library = process.argv[2] ?? DEV_CORPUS;
	const text = await runReplayBench(library, repeats, process.env['PLAYLISTGEN_REPLAY_BESIDE']);
	console.log(text);
	fs.writeFileSync(path.join(here, 'tui-replay-results.md'), `# Benchmark results: the live view's own CPU\n\n${text}`);
	console.error(`bench: written to ${path.join(here, 'tui-replay-results.md')}`);
}
