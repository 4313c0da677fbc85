/**
 * The live view's playlists preview on a big library: how long the thread that draws the view and runs
 * the analysis stops while `w` builds the preview and Enter finds a track's neighbours. Not a test:
 * figures are reported.
 *
 * A store of synthetic version-2 analyses (as bench/grouping.ts makes them, saved in a real SQLite file
 * under bench/tmp/, kept between runs) is previewed by the service the view used before (load and build
 * on this thread) and by the one it uses now (playlists/preview/background-service.ts with the built
 * script, dist/commands/preview-worker.js, in a process of its own; the .ts one under tsx before `npm run
 * build`). Each runs in a child process of its own, so that its peak resident set is its own (with its
 * preview's process), while perf_hooks.monitorEventLoopDelay watches the main thread: the longest stall,
 * wall time, and the growth of the peak resident set (VmHWM, reset before each step) for the preview, a
 * first and a second neighbours query, and what stays resident after (and after close()). A third child does nothing for 10 s under the same
 * watch: on a shared machine the scheduler alone stops a thread for a while now and then.
 *
 * Alone: `node --expose-gc --import=tsx bench/preview-stall.ts [TRACKS]` (default 40,000; writes
 * bench/preview-stall-results.md). In `npm run bench` as "preview".
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {readSlimTracks} from '../source/commands/store-tracks.js';
import {vectorGroups} from '../source/playlists/similarity/vector-groups.js';
import {createPlaylistService, type PlaylistSettings} from '../source/playlists/service.js';
import {BackgroundPlaylistService} from '../source/playlists/preview/background-service.js';
import type {PlaylistService} from '../source/playlists/types.js';
import {DEFAULT_WEIGHTS} from '../source/config/options.js';
import {writeSyntheticStore} from '../test/helpers/synthetic-store.js';
import {nasLibraryBatches} from './grouping.js';
import {describeMachine} from './machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
/** `idle` waits without doing anything: the stalls the shared machine causes by itself, for comparison. */
const MODES = ['idle', 'in-thread', 'process'] as const;
type Mode = (typeof MODES)[number];

/** The store of `count` synthetic tracks, made once: 400 families of 100 as in bench/grouping.ts. */
async function storeOf(count: number): Promise<string> {
	const file = path.join(here, 'tmp', 'preview-stall', `library-${count}.db`);
	// Written last: a store without it was left half made.
	const complete = `${file}.complete`;
	if (fs.existsSync(complete)) return file;
	fs.mkdirSync(path.dirname(file), {recursive: true});
	for (const suffix of ['', '-wal', '-shm', '.lock']) fs.rmSync(file + suffix, {recursive: true, force: true});
	for (const {tracks} of nasLibraryBatches(count)) await writeSyntheticStore(file, tracks);
	fs.writeFileSync(complete, '');
	return file;
}

/** This process's and its children's (the preview's own process) resident sets, now and at their peak. */
function status(): {rss: number; hwm: number} {
	let rss = 0;
	let hwm = 0;
	for (const pid of ['self', ...childPids()]) {
		let text: string;
		try {
			text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) * 1024;
		rss += kib('VmRSS');
		hwm += kib('VmHWM');
	}
	return {rss, hwm};
}

function childPids(): string[] {
	try {
		return fs.readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
	} catch {
		return [];
	}
}

function resetPeak(): void {
	for (const pid of ['self', ...childPids()]) {
		try {
			fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		} catch {
			// gone meanwhile
		}
	}
}

type Step = {name: string; wallMs: number; longestStallMs: number; meanDelayMs: number; rssStartMiB: number; peakGrowthMiB: number};

const mib = (bytes: number) => bytes / 1024 / 1024;
const settle = async () => {
	globalThis.gc?.();
	await new Promise(resolve => setTimeout(resolve, 1000));
	globalThis.gc?.();
};

/** Runs one step while the event loop's delay is watched. */
async function step(name: string, run: () => Promise<unknown>): Promise<Step> {
	await settle();
	const histogram = monitorEventLoopDelay({resolution: 10});
	const rssStart = status().rss;
	resetPeak();
	histogram.enable();
	// The histogram's timer takes its first sample a few turns after enable(): a stall that began
	// before it would not be seen.
	await new Promise(resolve => setTimeout(resolve, 50));
	const start = performance.now();
	await run();
	const wallMs = performance.now() - start;
	// One more turn so that a stall that ended with the answer is counted.
	await new Promise(resolve => setTimeout(resolve, 20));
	histogram.disable();
	const peak = status().hwm;
	return {
		name,
		wallMs,
		longestStallMs: histogram.max / 1e6,
		meanDelayMs: histogram.mean / 1e6,
		rssStartMiB: mib(rssStart),
		peakGrowthMiB: mib(peak - rssStart),
	};
}

function builtWorker(): URL {
	const built = path.join(root, 'dist', 'commands', 'preview-worker.js');
	return new URL(`file://${fs.existsSync(built) ? built : path.join(root, 'source', 'commands', 'preview-worker.ts')}`);
}

/** The child: one service, its steps, then what stays resident. Prints JSON. */
async function runChild(mode: Mode, file: string): Promise<void> {
	const settings: PlaylistSettings = {
		outputDir: path.join(here, 'tmp', 'preview-stall', 'out'),
		strategy: 'clusters',
		k: undefined,
		length: 30,
		maxLength: 500,
		format: 'm3u8',
		absolutePaths: false,
		weights: DEFAULT_WEIGHTS,
	};
	if (mode === 'idle') {
		const rssBefore = mib(status().rss);
		const steps = [await step('nothing, 10 s', () => new Promise(resolve => setTimeout(resolve, 10_000)))];
		process.stdout.write(JSON.stringify({mode, playlists: 0, rssBefore, steps, heldOpen: rssBefore, heldClosed: rssBefore}) + '\n');
		return;
	}
	const groups = vectorGroups();
	const service: PlaylistService =
		mode === 'process'
			? new BackgroundPlaylistService({serverUrl: builtWorker(), serverData: {store: file, root: undefined}, settings, groups})
			: createPlaylistService({loadTracks: () => readSlimTracks(file, undefined), settings, groups});
	await settle();
	const rssBefore = mib(status().rss);
	let seed = '';
	let other = '';
	let playlists = 0;
	const steps: Step[] = [];
	steps.push(
		await step('preview (`w`)', async () => {
			const built = (await service.preview()).playlists;
			playlists = built.length;
			seed = built[0]!.tracks[0]!.path;
			other = built.at(-1)!.tracks.at(-1)!.path;
		}),
	);
	steps.push(await step('neighbours, first (Enter)', () => service.neighbours!(seed, 10)));
	steps.push(await step('neighbours, second', () => service.neighbours!(other, 10)));
	await settle();
	const heldOpen = mib(status().rss);
	service.close?.();
	await settle();
	const heldClosed = mib(status().rss);
	process.stdout.write(JSON.stringify({mode, playlists, rssBefore, steps, heldOpen, heldClosed}) + '\n');
}

type ChildResult = {mode: Mode; playlists: number; rssBefore: number; steps: Step[]; heldOpen: number; heldClosed: number};

export async function runPreviewStallBench(count = 40_000): Promise<string> {
	const started = performance.now();
	const file = await storeOf(count);
	const storeSeconds = (performance.now() - started) / 1000;
	const load = os.loadavg()[0]!.toFixed(1);
	const results: ChildResult[] = MODES.map(mode => {
		const output = execFileSync(process.execPath, ['--expose-gc', '--import=tsx', fileURLToPath(import.meta.url), '--child', mode, file], {
			cwd: root,
			encoding: 'utf8',
			maxBuffer: 1 << 24,
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		return JSON.parse(output.trim().split('\n').at(-1)!) as ChildResult;
	});
	const worker = builtWorker().pathname.endsWith('.js') ? 'the built script' : 'the script under tsx (not built)';
	const rows = results.flatMap(result =>
		result.steps.map(
			s =>
				`| ${result.mode} | ${s.name} | ${(s.wallMs / 1000).toFixed(1)} s | ${s.longestStallMs.toFixed(0)} ms | ${s.meanDelayMs.toFixed(0)} ms | +${s.peakGrowthMiB.toFixed(0)} MiB (from ${s.rssStartMiB.toFixed(0)}) |`,
		),
	);
	const held = results
		.filter(result => result.mode !== 'idle')
		.map(
			result =>
				`| ${result.mode} | ${result.rssBefore.toFixed(0)} MiB | ${result.heldOpen.toFixed(0)} MiB | ${result.heldClosed.toFixed(0)} MiB | ${result.playlists} |`,
		);
	return [
		`### Playlists preview on ${count.toLocaleString('en')} tracks: this thread against a process of its own`,
		'',
		`\`bench/preview-stall.ts\`, ${worker}. Machine: ${describeMachine()}. Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
			`load average ${load} at the start. Store: ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MiB` +
			`${storeSeconds > 5 ? ` (made in ${storeSeconds.toFixed(0)} s)` : ''}.`,
		'',
		'| service | step | wall | longest stall of the main thread | mean loop delay | peak resident set growth |',
		'|---|---|---:|---:|---:|---:|',
		...rows,
		'',
		'| service | resident before | after the steps (preview open) | after close() | playlists |',
		'|---|---:|---:|---:|---:|',
		...held,
		'',
	].join('\n');
}

if (process.argv[2] === '--child') {
	await runChild(process.argv[3] as Mode, process.argv[4]!);
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const count = Number(process.argv[2] ?? 40_000);
	if (!Number.isInteger(count) || count < 1) {
		console.error('usage: node --expose-gc --import=tsx bench/preview-stall.ts [TRACKS]   (default 40000)');
		process.exit(2);
	}
	const section = await runPreviewStallBench(count);
	console.log(section);
	fs.writeFileSync(path.join(here, 'preview-stall-results.md'), section);
}
