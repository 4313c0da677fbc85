/**
 * Whether two builds of the analysis give the very same features: every file of a folder (the dev corpus
 * by default) decoded once by ffmpeg and pushed through each build's TrackFeatureExtractor (dist/ of
 * `--before DIR` and of `--after DIR`, by default this tree) in 30 s chunks, the results compared as JSON, number for number. Prints
 * the files whose analyses differ (none, for a change that only makes the analysis faster) and each
 * build's CPU time for the extractor alone.
 *
 * `node --import=tsx bench/features-identical.ts --before DIR [--after DIR] [FOLDER] [--every N]`
 */
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import type {TrackFeatureExtractor as Extractor} from '../source/analysis/track-features.js';
import {decoderArgs} from '../source/audio/decoder.js';
import {audioFilesUnder} from './machine.js';

const SAMPLE_RATE = 22_050;
const CHUNK = 30 * SAMPLE_RATE;
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

async function extractorOf(build: string): Promise<typeof Extractor> {
	const module = (await import(path.join(build, 'dist', 'analysis', 'track-features.js'))) as {TrackFeatureExtractor: typeof Extractor};
	return module.TrackFeatureExtractor;
}

async function main(): Promise<void> {
	const {values, positionals} = parseArgs({
		allowPositionals: true,
		options: {before: {type: 'string'}, after: {type: 'string'}, every: {type: 'string', default: '1'}},
	});
	if (!values.before) throw new Error('--before DIR (another build of playlistgen) is needed');
	const folder = positionals[0] ?? '/tmp/playlistgen-dev-corpus/library';
	const files = audioFilesUnder(folder, Number(values.every)).map(name => path.join(folder, name));
	const builds = [path.resolve(values.before), values.after ? path.resolve(values.after) : root];
	const extractors = await Promise.all(builds.map(extractorOf));
	const cpu = [0, 0];
	let differ = 0;
	// Each number's path in the analysis → its value per file, per build.
	const values_: Array<Map<string, number[]>> = [new Map(), new Map()];
	const labels: string[] = [];
	for (const file of files) {
		const decoded = spawnSync('ffmpeg', ['-y', ...decoderArgs(file, SAMPLE_RATE)], {maxBuffer: 1 << 30}).stdout;
		const samples = new Float32Array(decoded.buffer.slice(decoded.byteOffset, decoded.byteOffset + decoded.length - (decoded.length % 4)));
		const results = extractors.map((TrackFeatureExtractor, b) => {
			const start = process.cpuUsage();
			const extractor = new TrackFeatureExtractor({sampleRate: SAMPLE_RATE});
			for (let at = 0; at < samples.length; at += CHUNK) extractor.push(samples.slice(at, at + CHUNK));
			const analysis = extractor.finish();
			const used = process.cpuUsage(start);
			cpu[b]! += (used.user + used.system) / 1e6;
			collectNumbers(analysis, '', values_[b]!);
			return JSON.stringify(analysis);
		});
		if (results[0] !== results[1]) {
			differ++;
			const [before, after] = results.map(result => JSON.parse(result) as {bpm?: number; key?: string});
			const labelChange =
				before!.bpm !== after!.bpm || before!.key !== after!.key ? ` (tempo/key ${before!.bpm} ${before!.key} → ${after!.bpm} ${after!.key})` : '';
			labels.push(labelChange);
			console.log(`differs: ${file}${labelChange}`);
		}
	}
	if (differ > 0) {
		// The largest difference of each number, against its spread over the files.
		let worst = {path: '', relative: 0};
		for (const [key, before] of values_[0]!) {
			const after = values_[1]!.get(key);
			if (!after || after.length !== before.length) continue;
			const mean = before.reduce((sum, value) => sum + value, 0) / before.length;
			const spread = Math.sqrt(before.reduce((sum, value) => sum + (value - mean) ** 2, 0) / before.length);
			if (spread === 0) continue;
			for (let i = 0; i < before.length; i++) {
				const relative = Math.abs(after[i]! - before[i]!) / spread;
				if (relative > worst.relative) worst = {path: key, relative};
			}
		}
		console.log(
			`largest difference: ${worst.relative.toExponential(2)} of its spread over the files (${worst.path}); tempo or key changed in ${labels.filter(Boolean).length} files`,
		);
	}
	console.log(
		`${files.length} files, ${differ} with different features; extractor CPU: ${builds[0]} ${cpu[0]!.toFixed(2)} s, ${builds[1]} ${cpu[1]!.toFixed(2)} s`,
	);
	if (differ > 0) process.exitCode = 1;
}

/** Every number of an analysis by its path (arrays by index), appended to `into`. */
function collectNumbers(value: unknown, at: string, into: Map<string, number[]>): void {
	if (typeof value === 'number') {
		if (Number.isFinite(value)) into.set(at, [...(into.get(at) ?? []), value]);
	} else if (Array.isArray(value)) value.forEach((item, i) => collectNumbers(item, `${at}[${i}]`, into));
	else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) collectNumbers(item, at ? `${at}.${key}` : key, into);
}

await main();
