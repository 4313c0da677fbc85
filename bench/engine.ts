/**
 * The streaming engine against track length: peak memory must not grow with the track, and decoding in
 * chunks must keep up with ffmpeg decoding alone. Runs each measurement in a fresh process.
 */
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {decoderArgs} from '../source/audio/decoder.js';
import {locateFfmpeg} from '../source/audio/ffmpeg-locate.js';
import {formatBytes} from '../source/util/units.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const benchTmp = path.join(here, 'tmp');

/** A long synthetic track (tones, beat and noise, mp3 128k stereo 44.1 kHz like a typical library). */
function ensureTrack(ffmpeg: string, minutes: number): string {
	const dir = path.join(benchTmp, `engine-${minutes}min`);
	const file = path.join(dir, `track-${minutes}min.mp3`);
	if (fs.existsSync(file)) return dir;
	fs.mkdirSync(dir, {recursive: true});
	const seconds = minutes * 60;
	const result = spawnSync(ffmpeg, [
		'-hide_banner',
		'-loglevel',
		'error',
		'-y',
		'-f',
		'lavfi',
		'-i',
		`aevalsrc='0.3*sin(2*PI*220*t)+0.2*sin(2*PI*330*t)*exp(-8*mod(t,0.5))|0.3*sin(2*PI*277*t)':s=44100:d=${seconds}`,
		'-f',
		'lavfi',
		'-i',
		`anoisesrc=c=pink:a=0.05:r=44100:d=${seconds}`,
		'-filter_complex',
		'[0:a][1:a]amix=inputs=2:normalize=0',
		'-ac',
		'2',
		'-c:a',
		'libmp3lame',
		'-b:a',
		'128k',
		`${file}.part.mp3`,
	]);
	if (result.status !== 0) throw new Error(`cannot render the ${minutes}-minute track: ${result.stderr}`);
	fs.renameSync(`${file}.part.mp3`, file);
	return dir;
}

function timeFfmpegAlone(ffmpeg: string, file: string): number {
	const args = decoderArgs(file, 22_050);
	args[args.length - 1] = '/dev/null';
	const start = performance.now();
	const result = spawnSync(ffmpeg, ['-y', ...args], {stdio: 'ignore'});
	if (result.status !== 0) throw new Error('ffmpeg alone failed');
	return (performance.now() - start) / 1000;
}

type EngineSummary = {
	audioSeconds: number;
	wallSeconds: number;
	peakRssBytes: number;
	nodeMaxRssBytes: number;
	maxChunkBytes: number;
	chunks: number;
	backpressureWaits: number;
};

function runEngine(dir: string, ram?: number): Promise<EngineSummary> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(here, 'engine-child.mjs'), dir, ...(ram ? [String(ram)] : [])], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (data: Buffer) => (out += data.toString()));
		child.on('close', code => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as EngineSummary) : reject(new Error(`engine exited ${code}`))));
	});
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function runEngineBench(options: {minutes?: number[]; repeats?: number} = {}): Promise<string> {
	const ffmpeg = locateFfmpeg().path;
	const minutes = options.minutes ?? [1, 10, 60];
	const repeats = options.repeats ?? 3;
	const rows: string[] = [];
	const peaks = new Map<number, number>();
	const ratios: number[] = [];
	for (const length of minutes) {
		const dir = ensureTrack(ffmpeg, length);
		const file = path.join(dir, fs.readdirSync(dir)[0]!);
		const alone: number[] = [];
		const engine: EngineSummary[] = [];
		for (let i = 0; i < repeats; i++) {
			// Alternate, so that a busy moment of the machine hurts both alike.
			alone.push(timeFfmpegAlone(ffmpeg, file));
			engine.push(await runEngine(dir));
		}
		const audio = engine[0]!.audioSeconds;
		const aloneSpeed = audio / median(alone);
		const engineSpeed = audio / median(engine.map(run => run.wallSeconds));
		const peak = median(engine.map(run => run.peakRssBytes));
		const nodeMax = median(engine.map(run => run.nodeMaxRssBytes));
		peaks.set(length, nodeMax);
		ratios.push(engineSpeed / aloneSpeed);
		rows.push(
			`| ${length} min | ${formatBytes(nodeMax)} | ${formatBytes(peak)} | ${formatBytes(engine[0]!.maxChunkBytes)} | ` +
				`${aloneSpeed.toFixed(0)}× | ${engineSpeed.toFixed(0)}× | ${((engineSpeed / aloneSpeed) * 100).toFixed(0)} % |`,
		);
	}
	const first = peaks.get(minutes[0]!)!;
	const last = peaks.get(minutes.at(-1)!)!;
	const growth = ((last - first) / first) * 100;
	const lines = [
		'## Streaming engine: memory and speed against track length',
		'',
		`Each figure is the median of ${repeats} runs, each in a fresh process (\`bench/engine-child.mjs\`: the built code: scan, decode with one ffmpeg per track, chunk, hand each chunk straight back). ` +
			'"ffmpeg alone" decodes the same file with the same arguments to /dev/null, in the same run, alternating with the engine.',
		'',
		'| track | node peak RSS (exact) | process tree peak (sampled) | largest chunk | ffmpeg alone | engine | engine / ffmpeg |',
		'| --- | --- | --- | --- | --- | --- | --- |',
		...rows,
		'',
		`Peak RSS of the ${minutes.at(-1)}-minute track against the ${minutes[0]}-minute one: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} % (target: within 10 %). ` +
			`Engine throughput against ffmpeg alone: ${(Math.min(...ratios) * 100).toFixed(0)}–${(Math.max(...ratios) * 100).toFixed(0)} % (target: at least 85 %).`,
		'',
	];
	return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	console.log(await runEngineBench());
}
