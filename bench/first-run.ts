/**
 * A library's first run, measured on about a thousand real tracks and carried over to 40,000: not a
 * test, figures. The tracks are the dev corpus's files, copied `--copies` times into folders of their
 * own under bench/tmp/first-run/ (79 × 13 = 1,027 tracks, 43 hours of audio, 8.6 GB; hard links would
 * be one file to the scan, which knows a file by its device and inode); the
 * built CLI analyses them headless into a fresh store, as a first run does. Reported: wall and CPU time
 * (the CLI and its ffmpeg children), the peak working set and RSS the run reports, the store's size,
 * and each carried over to 40,000 tracks: time and store per track, memory as measured (the analysis
 * holds no per-track state, so a longer run does not grow it: see the long-track test and the budgets).
 *
 * `node --import=tsx bench/first-run.ts [LIBRARY] [--copies 13] [--ram SIZE]` after `npm run build`.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {audioFilesUnder, childrenCpuSeconds, describeMachine} from './machine.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const TARGET_TRACKS = 40_000;
const MiB = 2 ** 20;

/** LIBRARY's audio files copied `copies` times into `into` (copy-01/…); how many files that makes. */
function copiedLibrary(library: string, into: string, copies: number): number {
	fs.rmSync(into, {recursive: true, force: true});
	const files = audioFilesUnder(library);
	for (let copy = 1; copy <= copies; copy++) {
		for (const name of files) {
			const target = path.join(into, `copy-${String(copy).padStart(2, '0')}`, name);
			fs.mkdirSync(path.dirname(target), {recursive: true});
			fs.copyFileSync(path.join(library, name), target);
		}
	}
	return files.length * copies;
}

type Summary = {tracks: number; failed: number; audioSeconds: number; wallSeconds: number; peakRssBytes: number; peakWorkingSetBytes: number};

function analyse(library: string, db: string, extra: string[]): Promise<Summary> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'analyze', library, '--db', db, '--json', ...extra], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let last = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (text: string) => {
			last = (last + text).split('\n').slice(-2).join('\n');
		});
		child.on('error', reject);
		child.on('close', code => {
			const line = last.split('\n').find(text => text.includes('"type":"summary"'));
			if (code !== 0 || !line) reject(new Error(`analyze exited with ${code}`));
			else resolve(JSON.parse(line) as Summary);
		});
	});
}

async function main(): Promise<void> {
	const {values, positionals} = parseArgs({allowPositionals: true, options: {copies: {type: 'string', default: '13'}, ram: {type: 'string'}}});
	const library = positionals[0] ?? '/tmp/playlistgen-dev-corpus/library';
	const work = path.join(root, 'bench', 'tmp', 'first-run');
	const copied = path.join(work, 'library');
	const files = copiedLibrary(library, copied, Number(values.copies));
	const db = path.join(work, 'library.db');
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, {force: true});
	const load = () => os.loadavg()[0]!.toFixed(1);
	const loadBefore = load();
	childrenCpuSeconds();
	const start = performance.now();
	const summary = await analyse(copied, db, values.ram ? ['--ram', values.ram] : []);
	const wall = (performance.now() - start) / 1000;
	const cpu = childrenCpuSeconds();
	const storeBytes = fs.statSync(db).size;
	const perTrack = (value: number) => (value / summary.tracks) * TARGET_TRACKS;
	const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`;
	console.log(describeMachine());
	console.log(
		`${files} files (${hours(summary.audioSeconds)} of audio), ${summary.tracks} analysed, ${summary.failed} failed; load average ${loadBefore} → ${load()}`,
	);
	console.log('\n| | measured | carried over to 40,000 tracks |\n|---|---:|---:|');
	console.log(`| wall time | ${(wall / 60).toFixed(1)} min | ${hours(perTrack(wall))} |`);
	console.log(`| CPU time (CLI and ffmpeg) | ${(cpu / 60).toFixed(1)} min | ${hours(perTrack(cpu))} |`);
	console.log(`| speed | ${(summary.audioSeconds / wall).toFixed(0)}× realtime | |`);
	console.log(`| peak working set (PSS of node and ffmpeg) | ${(summary.peakWorkingSetBytes / MiB).toFixed(0)} MiB | the same |`);
	console.log(`| peak RSS of the tree | ${(summary.peakRssBytes / MiB).toFixed(0)} MiB | the same |`);
	fs.rmSync(copied, {recursive: true, force: true});
	console.log(`| store | ${(storeBytes / MiB).toFixed(1)} MiB | ${((perTrack(storeBytes) / MiB) | 0).toLocaleString('en')} MiB |`);
}

await main();
