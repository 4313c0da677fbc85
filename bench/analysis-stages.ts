/**
 * Where the analysis worker's CPU time goes, stage by stage, on real music (not a test: figures only).
 *
 * Each file of a folder (the dev corpus by default) is decoded once by ffmpeg, as the session decodes it
 * (22050 Hz mono float32; its CPU time read from /proc as the child's), then pushed through the worker's
 * TrackFeatureExtractor (the built one: run `npm run build` first) in 30 s chunks, as the session cuts
 * them, under V8's sampling profiler (in this thread, through node:inspector) while process.cpuUsage()
 * counts the CPU time. The samples of each
 * function are put in a stage by the function's name and file, and each stage gets its share of the CPU
 * time measured: a shared, loaded machine stretches wall time, not the shares.
 *
 * `node --import=tsx bench/analysis-stages.ts [FOLDER] [--every N] [--build DIR] [--lines]` (every Nth file
 * of the folder; the build in DIR, by default this tree's dist/; --lines: the hottest source lines too).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {Session, type Profiler} from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';
import type {TrackFeatureExtractor as Extractor} from '../source/analysis/track-features.js';
import {decoderArgs} from '../source/audio/decoder.js';
import {audioFilesUnder} from './machine.js';

const SAMPLE_RATE = 22_050;
const CHUNK_SECONDS = 30;

/** Stage of a profile node, from its function and file (the first rule that matches). */
const STAGES: Array<[stage: string, test: (fn: string, file: string) => boolean]> = [
	['chroma (long frames: window, FFT excluded, peaks)', (_, file) => file.endsWith('chroma.js')],
	['frame features: window, amplitude, shape, loudness, mel, MFCC', (_, file) => file.endsWith('fast-extractor.js') || file.endsWith('spectrum.js')],
	['timbre: true-log cepstrum', (_, file) => file.endsWith('cepstrum.js')],
	['timbre and summaries: running statistics', (_, file) => file.endsWith('stats.js')],
	['onset and tempo', (_, file) => file.endsWith('onset.js') || file.endsWith('tempo.js')],
	['onset pattern', (_, file) => file.endsWith('onset-pattern.js')],
	['tonal (intervals, triads, key)', (_, file) => file.endsWith('tonal.js') || file.endsWith('key.js')],
	['chunk framing (frames across chunks)', (_, file) => file.endsWith('framer.js')],
	['per-frame bookkeeping (track-features)', (_, file) => file.endsWith('track-features.js')],
	['garbage collector', fn => fn === '(garbage collector)'],
];

type Totals = Map<string, number>;
/** Samples by source line (`--lines`): where inside a stage the time goes. */
const lines = new Map<string, number>();

function stageOf(node: Profiler.ProfileNode, parent: Profiler.ProfileNode | undefined): string {
	const fn = node.callFrame.functionName;
	const file = node.callFrame.url;
	// The FFT serves three stages: each of its calls counts for its caller's.
	if (file.includes('fft.js') && parent && !parent.callFrame.url.includes('fft.js')) {
		const caller = parent.callFrame.url;
		return caller.endsWith('chroma.js')
			? 'chroma: FFT of the long frames'
			: caller.endsWith('onset-pattern.js')
				? 'onset pattern'
				: 'spectrum: FFT of the frames';
	}
	for (const [stage, test] of STAGES) if (test(fn, file)) return stage;
	if (fn === '(idle)' || fn === '(program)' || fn === '(root)') return 'idle';
	return 'other';
}

/** Self time of each stage in a profile, in microseconds. */
function stageTimes(profile: Profiler.Profile, into: Totals): void {
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	/** The first caller outside fft.js. */
	const caller = (id: number) => {
		let at = parentOf.get(id);
		while (at !== undefined && byId.get(at)!.callFrame.url.includes('fft.js')) at = parentOf.get(at);
		return at === undefined ? undefined : byId.get(at);
	};
	for (const node of profile.nodes) {
		for (const {line, ticks} of node.positionTicks ?? []) {
			const key = `${path.basename(node.callFrame.url)}:${line} ${node.callFrame.functionName}`;
			lines.set(key, (lines.get(key) ?? 0) + ticks);
		}
	}
	const deltas = profile.timeDeltas ?? [];
	(profile.samples ?? []).forEach((id, i) => {
		const stage = stageOf(byId.get(id)!, caller(id));
		into.set(stage, (into.get(stage) ?? 0) + (deltas[i] ?? 0));
	});
}

/** CPU seconds of the children waited for so far (cutime + cstime of /proc/PID/stat). */
function childrenCpu(): number {
	const fields = (fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
	// After the command the state is field 3; cutime and cstime are fields 16 and 17, in ticks of 1/100 s.
	return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
	return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
}

async function main(): Promise<void> {
	const {values, positionals} = parseArgs({
		allowPositionals: true,
		options: {
			build: {type: 'string'},
			lines: {type: 'boolean', default: false},
			every: {type: 'string', default: '1'},
			ffmpeg: {type: 'string', default: 'ffmpeg'},
		},
	});
	const folder = positionals[0] ?? '/tmp/playlistgen-dev-corpus/library';
	// The built extractor (npm run build), as users run it: tsx's transform of the sources runs slower.
	const build = values.build ? path.resolve(values.build) : path.dirname(path.dirname(fileURLToPath(import.meta.url)));
	const {TrackFeatureExtractor} = (await import(path.join(build, 'dist', 'analysis', 'track-features.js'))) as {TrackFeatureExtractor: typeof Extractor};
	const files = audioFilesUnder(folder, Number(values.every)).map(name => path.join(folder, name));
	const session = new Session();
	session.connect();
	await post(session, 'Profiler.enable');
	await post(session, 'Profiler.setSamplingInterval', {interval: 200});
	const totals: Totals = new Map();
	let cpu = 0;
	let decodeCpu = 0;
	let audioSeconds = 0;
	for (const file of files) {
		const before = childrenCpu();
		const decoded = spawnSync(values.ffmpeg, ['-y', ...decoderArgs(file, SAMPLE_RATE)], {maxBuffer: 1 << 30});
		decodeCpu += childrenCpu() - before;
		if (decoded.status !== 0) throw new Error(`ffmpeg could not decode ${file}`);
		const bytes = decoded.stdout;
		const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length - (bytes.length % 4)));
		audioSeconds += samples.length / SAMPLE_RATE;
		const chunk = CHUNK_SECONDS * SAMPLE_RATE;
		await post(session, 'Profiler.start');
		const start = process.cpuUsage();
		const extractor = new TrackFeatureExtractor({sampleRate: SAMPLE_RATE});
		for (let at = 0; at < samples.length; at += chunk) extractor.push(samples.subarray(at, at + chunk));
		extractor.finish();
		const used = process.cpuUsage(start);
		const {profile} = await post<{profile: Profiler.Profile}>(session, 'Profiler.stop');
		cpu += (used.user + used.system) / 1e6;
		stageTimes(profile, totals);
	}
	session.disconnect();
	const busy = [...totals].filter(([stage]) => stage !== 'idle').reduce((sum, [, value]) => sum + value, 0);
	const hours = audioSeconds / 3600;
	console.log(
		`${files.length} files, ${(audioSeconds / 60).toFixed(1)} min of audio; load average ${os
			.loadavg()
			.map(v => v.toFixed(1))
			.join(' ')}`,
	);
	console.log(`ffmpeg decoding: ${decodeCpu.toFixed(2)} s CPU (${(decodeCpu / hours).toFixed(1)} s per hour of audio)`);
	console.log(`worker's extractor: ${cpu.toFixed(2)} s CPU (${(cpu / hours).toFixed(1)} s per hour of audio)\n`);
	console.log('| stage | share | CPU s per hour of audio |');
	console.log('|---|---:|---:|');
	for (const [stage, value] of [...totals].filter(([stage]) => stage !== 'idle').sort((a, b) => b[1] - a[1])) {
		console.log(`| ${stage} | ${((100 * value) / busy).toFixed(1)} % | ${((cpu * value) / busy / hours).toFixed(2)} |`);
	}
	if (values.lines) {
		const all = [...lines.values()].reduce((sum, value) => sum + value, 0);
		console.log('\nHottest source lines (share of the samples with a line):');
		for (const [line, ticks] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * ticks) / all).toFixed(1).padStart(5)} %  ${line}`);
	}
}

await main();
