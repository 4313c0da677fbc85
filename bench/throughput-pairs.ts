/**
 * Analysis throughput against plain decoding, from the shell, in alternating runs (not a test: figures).
 *
 * One pair: ffmpeg alone decoding every file of a folder as the session decodes it (22050 Hz mono float32)
 * to /dev/null, one ffmpeg per core, then `playlistgen analyze FOLDER --no-tui` into a fresh store with
 * each build given (a folder holding dist/cli.js; the order of the builds turns from pair to pair). Wall
 * time, and CPU time (user + system of the child and its children, ffmpeg included, from /proc), of
 * each; the medians over the pairs, the throughput ratio (ffmpeg's wall time over the analysis') and
 * what the analysis costs in CPU beside the decoding it rides on.
 *
 * `node --import=tsx bench/throughput-pairs.ts [FOLDER] --builds DIR[,DIR…] [--pairs 3]`; a build may carry
 * options for `analyze` after an @ (`--builds DIR,DIR@--workers 2`): the same build with other settings.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {decoderArgs} from '../source/audio/decoder.js';
import {audioFilesUnder, childrenCpuSeconds} from './machine.js';

type Run = {wall: number; cpu: number};

function run(command: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {stdio: 'ignore'});
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
	});
}

async function measured(work: () => Promise<void>): Promise<Run> {
	childrenCpuSeconds();
	const start = performance.now();
	await work();
	return {wall: (performance.now() - start) / 1000, cpu: childrenCpuSeconds()};
}

/** Every file decoded to /dev/null, `parallel` ffmpeg at a time. */
async function ffmpegAlone(files: readonly string[], parallel: number): Promise<void> {
	const queue = [...files];
	const next = async () => {
		for (let file = queue.shift(); file; file = queue.shift()) {
			const args = decoderArgs(file, 22_050);
			args[args.length - 1] = '/dev/null';
			await run('ffmpeg', ['-y', ...args]);
		}
	};
	await Promise.all(Array.from({length: parallel}, next));
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<void> {
	const {values, positionals} = parseArgs({allowPositionals: true, options: {builds: {type: 'string'}, pairs: {type: 'string', default: '3'}}});
	if (!values.builds) throw new Error('--builds DIR[,DIR…] (folders holding dist/cli.js) is needed');
	const folder = positionals[0] ?? '/tmp/playlistgen-dev-corpus/library';
	const builds = values.builds.split(',');
	const buildDir = (build: string) => path.resolve(build.split('@')[0]!);
	const buildArgs = (build: string) => build.split('@')[1]?.split(' ').filter(Boolean) ?? [];
	const files = audioFilesUnder(folder).map(name => path.join(folder, name));
	const cores = os.availableParallelism();
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-throughput-'));
	const runs = new Map<string, Run[]>([['ffmpeg', []], ...builds.map(build => [build, []] as [string, Run[]])]);
	const load = () =>
		os
			.loadavg()
			.map(value => value.toFixed(1))
			.join(' ');
	console.log(`${files.length} files of ${folder}; ${cores} cores; load average ${load()}`);
	try {
		for (let pair = 0; pair < Number(values.pairs); pair++) {
			const ffmpeg = await measured(() => ffmpegAlone(files, cores));
			runs.get('ffmpeg')!.push(ffmpeg);
			console.log(`pair ${pair + 1}: ffmpeg alone ${ffmpeg.wall.toFixed(1)} s wall, ${ffmpeg.cpu.toFixed(1)} s CPU (load ${load()})`);
			const order = pair % 2 === 0 ? builds : [...builds].reverse();
			for (const build of order) {
				const db = path.join(scratch, `library-${pair}-${builds.indexOf(build)}.db`);
				const analysis = await measured(() =>
					run(process.execPath, [path.join(buildDir(build), 'dist', 'cli.js'), 'analyze', folder, '--db', db, '--no-tui', ...buildArgs(build)]),
				);
				runs.get(build)!.push(analysis);
				console.log(`pair ${pair + 1}: ${build} ${analysis.wall.toFixed(1)} s wall, ${analysis.cpu.toFixed(1)} s CPU (load ${load()})`);
			}
		}
	} finally {
		fs.rmSync(scratch, {recursive: true, force: true});
	}
	const ffmpeg = runs.get('ffmpeg')!;
	const decodeWall = median(ffmpeg.map(run => run.wall));
	const decodeCpu = median(ffmpeg.map(run => run.cpu));
	console.log(`\n| run | wall (median) | CPU (median) | throughput / ffmpeg's | CPU beside decoding |`);
	console.log('|---|---:|---:|---:|---:|');
	console.log(`| ffmpeg alone, ${cores} at a time | ${decodeWall.toFixed(1)} s | ${decodeCpu.toFixed(1)} s | 1 | |`);
	for (const build of builds) {
		const list = runs.get(build)!;
		const wall = median(list.map(run => run.wall));
		const cpu = median(list.map(run => run.cpu));
		// Per pair, so that a slower spell of the machine weighs on both sides of a ratio.
		const ratio = median(list.map((run, i) => ffmpeg[i]!.wall / run.wall));
		console.log(`| ${build} | ${wall.toFixed(1)} s | ${cpu.toFixed(1)} s | ${ratio.toFixed(2)} | ${((cpu - decodeCpu) / decodeCpu).toFixed(2)} × |`);
	}
}

await main();
