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
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import type {TrackFeatureExtractor as Extractor} from '../source/analysis/track-features.js';
import {decoderArgs} from '../source/audio/decoder.js';

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
	const files = fs
		.readdirSync(folder, {recursive: true, encoding: 'utf8'})
		.filter(name => /\.(mp3|ogg|flac|opus|m4a|wav)$/i.test(name))
		.sort()
		.filter((_, i) => i % Number(values.every) === 0)
		.map(name => path.join(folder, name));
	const builds = [path.resolve(values.before), values.after ? path.resolve(values.after) : root];
	const extractors = await Promise.all(builds.map(extractorOf));
	const cpu = [0, 0];
	let differ = 0;
	for (const file of files) {
		const decoded = spawnSync('ffmpeg', ['-y', ...decoderArgs(file, SAMPLE_RATE)], {maxBuffer: 1 << 30}).stdout;
		const samples = new Float32Array(decoded.buffer.slice(decoded.byteOffset, decoded.byteOffset + decoded.length - (decoded.length % 4)));
		const results = extractors.map((TrackFeatureExtractor, b) => {
			const start = process.cpuUsage();
			const extractor = new TrackFeatureExtractor({sampleRate: SAMPLE_RATE});
			for (let at = 0; at < samples.length; at += CHUNK) extractor.push(samples.slice(at, at + CHUNK));
			const result = JSON.stringify(extractor.finish());
			const used = process.cpuUsage(start);
			cpu[b]! += (used.user + used.system) / 1e6;
			return result;
		});
		if (results[0] !== results[1]) {
			differ++;
			console.log(`differs: ${file}`);
		}
	}
	console.log(
		`${files.length} files, ${differ} with different features; extractor CPU: ${builds[0]} ${cpu[0]!.toFixed(2)} s, ${builds[1]} ${cpu[1]!.toFixed(2)} s`,
	);
	if (differ > 0) process.exitCode = 1;
}

await main();
