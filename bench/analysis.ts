/**
 * Analysis benchmark (not a test: figures are reported, targets not asserted).
 * - Throughput of the full analysis (decode + features, worker threads, the real session) in × realtime,
 *   beside ffmpeg decoding the same files alone, in the same run.
 * - Tempo and key accuracy on a larger generated set of known tempo and key.
 * `node --import=tsx bench/analysis.ts` runs it alone and writes bench/analysis-results.md;
 * `runAnalysisBench()` returns the same Markdown for bench/run.ts.
 */
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {decoderArgs} from '../source/audio/decoder.js';
import {locateFfmpeg} from '../source/audio/ffmpeg-locate.js';
import {renderLibrary, type ManifestEntry} from '../media/render.js';
import type {Recipe} from '../media/recipes.js';
import {accuracy1, accuracy2, accuracyRecipes} from '../test/helpers/music.js';
import {describeMachine} from './machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const FORMATS: Array<Recipe['format']> = ['mp3', 'ogg', 'opus', 'flac'];

type ChildResult = {
	summary: {audioSeconds: number; wallSeconds: number; peakRssBytes: number; failed: number};
	tracks: Array<{path: string; bpm: number; key: string}>;
};

/** The generated set: `count` tracks of `seconds` over 70–180 BPM, all keys, three timbres, four codecs. Cached in bench/tmp. */
async function ensureSet(ffmpeg: string, count: number, seconds: number): Promise<{dir: string; manifest: ManifestEntry[]}> {
	const dir = path.join(here, 'tmp', `analysis-${count}x${seconds}s`);
	const manifestFile = path.join(dir, 'manifest.json');
	if (fs.existsSync(manifestFile)) return {dir, manifest: JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ManifestEntry[]};
	const recipes = accuracyRecipes(count, {seconds}).map((recipe, i) => ({...recipe, format: FORMATS[i % FORMATS.length]!}));
	console.error(`bench analysis: rendering ${count} tracks of ${seconds} s into ${dir}…`);
	const manifest = await renderLibrary(recipes, path.join(dir, 'audio'), ffmpeg);
	fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, '\t'));
	return {dir, manifest};
}

/** ffmpeg decoding every file with the session's arguments to /dev/null, `parallel` at a time. */
async function ffmpegAlone(ffmpeg: string, files: string[], parallel: number): Promise<number> {
	const queue = [...files];
	const start = performance.now();
	const worker = async () => {
		for (let file = queue.shift(); file; file = queue.shift()) {
			const args = decoderArgs(file, 22_050);
			args[args.length - 1] = '/dev/null';
			await new Promise<void>((resolve, reject) => {
				const child = spawn(ffmpeg, ['-y', ...args], {stdio: 'ignore'});
				child.on('error', reject);
				child.on('close', code => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed on ${file}`))));
			});
		}
	};
	await Promise.all(Array.from({length: parallel}, worker));
	return (performance.now() - start) / 1000;
}

function runAnalysis(dir: string, workers: number, engine: 'fast' | 'meyda'): Promise<ChildResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(here, 'analysis-child.mjs'), dir, String(workers), engine], {stdio: ['ignore', 'pipe', 'inherit']});
		let out = '';
		child.stdout.on('data', (data: Buffer) => (out += data.toString()));
		child.on('close', code => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult) : reject(new Error(`analysis exited ${code}`))));
	});
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function runAnalysisBench(options: {count?: number; seconds?: number; repeats?: number; meyda?: boolean} = {}): Promise<string> {
	const {count = 48, seconds = 30, repeats = 3, meyda = true} = options;
	if (!fs.existsSync(path.join(root, 'dist', 'analysis', 'worker-pool.js'))) {
		const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {cwd: root, stdio: 'inherit'});
		if (build.status !== 0) throw new Error('build failed');
	}
	const ffmpeg = locateFfmpeg().path;
	const {dir, manifest} = await ensureSet(ffmpeg, count, seconds);
	const audioDir = path.join(dir, 'audio');
	const files = manifest.map(entry => path.join(audioDir, entry.file));
	const audioSeconds = manifest.reduce((sum, entry) => sum + entry.seconds, 0);
	const cores = os.availableParallelism();

	const loadBefore = os.loadavg()[0]!;
	// Alternate the measurements, so that drifts of the machine hit all alike.
	const alone: Record<number, number[]> = {1: [], [cores]: []};
	const full: Record<string, number[]> = {};
	let accuracyRun: ChildResult | undefined;
	const configs: Array<{label: string; workers: number; engine: 'fast' | 'meyda'}> = [
		{label: `fast, 1 worker`, workers: 1, engine: 'fast'},
		{label: `fast, ${cores} workers`, workers: cores, engine: 'fast'},
	];
	for (let repeat = 0; repeat < repeats; repeat++) {
		for (const parallel of Object.keys(alone).map(Number)) alone[parallel]!.push(audioSeconds / (await ffmpegAlone(ffmpeg, files, parallel)));
		for (const config of configs) {
			const result = await runAnalysis(audioDir, config.workers, config.engine);
			if (result.summary.failed > 0) throw new Error(`${result.summary.failed} tracks failed`);
			(full[config.label] ??= []).push(result.summary.audioSeconds / result.summary.wallSeconds);
			accuracyRun ??= result;
		}
	}
	let meydaSpeed: number | undefined;
	if (meyda) {
		const result = await runAnalysis(audioDir, cores, 'meyda');
		meydaSpeed = result.summary.audioSeconds / result.summary.wallSeconds;
	}

	const loadAfter = os.loadavg()[0]!;
	const bestAlone = Math.max(median(alone[1]!), median(alone[cores]!));
	const rows = configs.map(config => {
		const speed = median(full[config.label]!);
		const sameParallel = median(alone[config.workers] ?? alone[cores]!);
		return `| full analysis, ${config.label} | ${speed.toFixed(0)}× | ${((speed / sameParallel) * 100).toFixed(0)} % | ${((speed / bestAlone) * 100).toFixed(0)} % |`;
	});
	if (meydaSpeed !== undefined) {
		rows.push(
			`| full analysis, Meyda reference extractor, ${cores} workers (one run) | ${meydaSpeed.toFixed(0)}× | ${((meydaSpeed / median(alone[cores]!)) * 100).toFixed(0)} % | ${((meydaSpeed / bestAlone) * 100).toFixed(0)} % |`,
		);
	}

	// Accuracy from the first full run (the estimates do not depend on timing).
	const byFile = new Map(accuracyRun!.tracks.map(track => [path.basename(track.path), track]));
	let tempo1 = 0;
	let tempo2 = 0;
	let keys = 0;
	let relative = 0;
	const misses: string[] = [];
	for (const entry of manifest) {
		const track = byFile.get(entry.file);
		if (!track) continue;
		const ok1 = accuracy1(track.bpm, entry.bpm);
		tempo1 += Number(ok1);
		tempo2 += Number(accuracy2(track.bpm, entry.bpm));
		keys += Number(track.key === entry.key);
		relative += Number(track.key !== entry.key && isRelativeOrFifth(track.key, entry.key));
		if (!ok1 || track.key !== entry.key) misses.push(`${entry.file}: ${entry.bpm} BPM ${entry.key} → ${track.bpm} BPM ${track.key}`);
	}
	const n = manifest.length;
	const percent = (value: number) => `${((value / n) * 100).toFixed(1)} % (${value}/${n})`;

	return [
		'## Analysis: throughput and accuracy',
		'',
		`Set: ${n} generated tracks of ${seconds} s (${(audioSeconds / 60).toFixed(0)} min of audio; mp3, ogg, opus and flac in turn; click/kick/hat patterns ` +
			'at 70–180 BPM over I–IV–V–I or i–iv–v–i in every key, three timbres; `media/recipes.ts`). ' +
			`Throughput is the median of ${repeats} runs, each in a fresh process running the built code (\`bench/analysis-child.mjs\`: the real session, ` +
			'ffmpeg decoding, chunks transferred to worker threads, 1024-sample frames every 512 samples at 22050 Hz, long frames for chroma). ' +
			'"ffmpeg alone" decodes the same files with the same arguments to /dev/null, alternating with the analysis runs.',
		'',
		`Load average (1 min) ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after on ${cores} cores: other work shared the machine, so ` +
			'absolute figures vary from run to run; the ratios, measured alternately, are steadier.',
		'',
		`ffmpeg alone: ${median(alone[1]!).toFixed(0)}× realtime with one process at a time, ${median(alone[cores]!).toFixed(0)}× with ${cores} at a time.`,
		'',
		'| run | × realtime | / ffmpeg alone, same parallelism | / best ffmpeg alone |',
		'| --- | ---: | ---: | ---: |',
		...rows,
		'',
		'Target: the full analysis at least 50 % of ffmpeg-alone throughput.',
		'',
		`Tempo: Accuracy1 (±4 %) ${percent(tempo1)}; Accuracy2 (±4 %, also ×2, ×½, ×3, ×⅓) ${percent(tempo2)}.`,
		`Key: ${percent(keys)} right; of the misses, ${relative} are the relative key or a fifth away.`,
		...(misses.length > 0 ? ['', 'Misses:', '', ...misses.map(miss => `- ${miss}`)] : []),
		'',
	].join('\n');
}

const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
function isRelativeOrFifth(found: string, truth: string): boolean {
	const parse = (key: string) => {
		const [name, mode] = key.split(' ');
		return {pitch: NAMES.indexOf(name!), mode};
	};
	const a = parse(found);
	const b = parse(truth);
	const relative = a.mode !== b.mode && (a.mode === 'minor' ? (a.pitch + 3) % 12 === b.pitch : (b.pitch + 3) % 12 === a.pitch);
	const fifth = a.mode === b.mode && ((a.pitch - b.pitch + 12) % 12 === 7 || (a.pitch - b.pitch + 12) % 12 === 5);
	return relative || fifth;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	const ffmpeg = locateFfmpeg().path;
	const section = await runAnalysisBench();
	const text = `# Analysis benchmark\n\nMachine: ${describeMachine(ffmpeg)}; \`nproc\` ${os.availableParallelism()}.\nRun: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`node --import=tsx bench/analysis.ts\`.\n\n${section}`;
	fs.writeFileSync(path.join(here, 'analysis-results.md'), text);
	console.log(text);
}
