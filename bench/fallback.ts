/**
 * The second decoder against ffmpeg on the same real music: Ogg Vorbis files of the dev corpus, each
 * decoded by ffmpeg as it is and by the second decoder re-encoded into the broken form ffmpeg refuses
 * (test/helpers/buggy-ogg.ts). Per track: realtime factor and the decoder child's peak PSS and RSS,
 * read as 30 s chunks are taken as fast as they come. Then one 3-minute and one 60-minute broken file
 * through the second decoder: its peak memory must not grow with the length. Prints markdown.
 * Usage: node --import=tsx bench/fallback.ts [LIBRARY, default the dev corpus] [TRACKS, default 8]
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Decoder, type DecoderPort} from '../source/audio/decoder.js';
import {FallbackDecoder} from '../source/audio/fallback-decoder.js';
import {locateFfmpeg} from '../source/audio/ffmpeg-locate.js';
import {readSmapsRollup} from '../source/memory/working-set.js';
import {buggyEncoderOgg} from '../test/helpers/buggy-ogg.js';

const SR = 22_050;
const MiB = 2 ** 20;
const [library = '/tmp/playlistgen-dev-corpus/library', count = '8'] = process.argv.slice(2);
const ffmpeg = locateFfmpeg().path;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-fallback-'));

type Figures = {seconds: number; wallMs: number; peakPss: number; peakRss: number; peakAnon: number};

async function measure(decoder: DecoderPort): Promise<Figures> {
	let peakPss = 0;
	let peakRss = 0;
	let peakAnon = 0;
	const sample = () => {
		const memory = decoder.pid === undefined ? undefined : readSmapsRollup(decoder.pid);
		if (memory) [peakPss, peakRss, peakAnon] = [Math.max(peakPss, memory.pss), Math.max(peakRss, memory.rss), Math.max(peakAnon, memory.pssAnon ?? 0)];
	};
	const timer = setInterval(sample, 20);
	const start = performance.now();
	let samples = 0;
	let reuse: ArrayBuffer | undefined;
	for (let chunk = await decoder.reader.next(30 * SR, reuse); chunk; chunk = await decoder.reader.next(30 * SR, reuse)) {
		samples += chunk.length;
		reuse = chunk.buffer as ArrayBuffer;
		sample();
	}
	const wallMs = performance.now() - start;
	clearInterval(timer);
	const exit = await decoder.exit;
	if (exit.code !== 0) throw new Error(`decoder failed: ${exit.message}`);
	return {seconds: samples / SR, wallMs, peakPss, peakRss, peakAnon};
}

const oggs = fs
	.readdirSync(library, {recursive: true, encoding: 'utf8'})
	.filter(file => file.endsWith('.ogg'))
	.sort()
	.slice(0, Number(count))
	.map(file => path.join(library, file));
const mib = (bytes: number) => (bytes / MiB).toFixed(1);
const speed = (figures: Figures) => `${Math.round(figures.seconds / (figures.wallMs / 1000))}×`;
console.log(
	`Load before: ${os
		.loadavg()
		.map(load => load.toFixed(2))
		.join(' ')} (${os.cpus().length} cores); ffmpeg ${ffmpeg}\n`,
);
console.log('| track | length | ffmpeg speed | ffmpeg PSS / RSS | ogg-vorbis speed | ogg-vorbis PSS / RSS |');
console.log('|---|---|---|---|---|---|');
const totals = {ffmpeg: [] as Figures[], fallback: [] as Figures[]};
for (const file of oggs) {
	const broken = path.join(work, 'broken.ogg');
	fs.writeFileSync(broken, buggyEncoderOgg(fs.readFileSync(file)));
	const byFfmpeg = await measure(new Decoder({ffmpegPath: ffmpeg, file, sampleRate: SR}));
	const byFallback = await measure(new FallbackDecoder({file: broken, sampleRate: SR}));
	totals.ffmpeg.push(byFfmpeg);
	totals.fallback.push(byFallback);
	console.log(
		`| ${path.basename(file)} | ${byFfmpeg.seconds.toFixed(0)} s | ${speed(byFfmpeg)} | ${mib(byFfmpeg.peakPss)} / ${mib(byFfmpeg.peakRss)} MiB | ${speed(byFallback)} | ${mib(byFallback.peakPss)} / ${mib(byFallback.peakRss)} MiB |`,
	);
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(
	`\nMedian speed: ffmpeg ${median(totals.ffmpeg.map(f => f.seconds / (f.wallMs / 1000))).toFixed(0)}×, ogg-vorbis ${median(totals.fallback.map(f => f.seconds / (f.wallMs / 1000))).toFixed(0)}×; ` +
		`median peak PSS: ffmpeg ${mib(median(totals.ffmpeg.map(f => f.peakPss)))} MiB, ogg-vorbis ${mib(median(totals.fallback.map(f => f.peakPss)))} MiB.`,
);

// One corpus track looped to 3 and to 60 minutes, encoded as Ogg Vorbis, then broken.
const source = oggs[0]!;
console.log('\n| broken file through ogg-vorbis | speed | peak PSS | peak RSS | peak anonymous PSS (its own heap) |\n|---|---|---|---|---|');
for (const minutes of [3, 60]) {
	const ogg = path.join(work, `${minutes}.ogg`);
	const made = spawnSync(ffmpeg, ['-v', 'error', '-stream_loop', '-1', '-i', source, '-t', String(minutes * 60), '-c:a', 'libvorbis', '-y', ogg]);
	if (made.status !== 0) throw new Error(made.stderr.toString());
	fs.writeFileSync(ogg, buggyEncoderOgg(fs.readFileSync(ogg)));
	const figures = await measure(new FallbackDecoder({file: ogg, sampleRate: SR}));
	console.log(`| ${minutes} min | ${speed(figures)} | ${mib(figures.peakPss)} MiB | ${mib(figures.peakRss)} MiB | ${mib(figures.peakAnon)} MiB |`);
}
console.log(
	`\nLoad after: ${os
		.loadavg()
		.map(load => load.toFixed(2))
		.join(' ')}`,
);
fs.rmSync(work, {recursive: true, force: true});
