import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {TrackFeatureExtractor} from '../../source/analysis/track-features.js';
import {Decoder, type DecoderPort} from '../../source/audio/decoder.js';
import {FallbackDecoder, fallbackReads} from '../../source/audio/fallback-decoder.js';
import {ffmpeg, ffmpegSampleCount, mediaDir, bundledManifest, synth, tempDir} from '../helpers/fixtures.js';
import {buggyEncoderOgg, withFirstAudioGranule} from '../helpers/buggy-ogg.js';

const SR = 22_050;
const BUNDLED_FFMPEG = path.resolve('node_modules/@ffmpeg-installer/linux-x64/ffmpeg');

async function readAll(decoder: DecoderPort): Promise<Float32Array> {
	const parts: Float32Array[] = [];
	// Chunks of 1.5 s, as the scheduler might cut them.
	for (let chunk = await decoder.reader.next(33_075); chunk; chunk = await decoder.reader.next(33_075)) parts.push(chunk.slice());
	const all = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		all.set(part, offset);
		offset += part.length;
	}
	return all;
}

function ffmpegDecode(file: string, binary = ffmpeg()): Float32Array {
	const result = spawnSync(binary, ['-v', 'error', '-i', `file:${file}`, '-ac', '1', '-ar', String(SR), '-f', 'f32le', 'pipe:1'], {maxBuffer: 2 ** 30});
	return new Float32Array(result.stdout.buffer, result.stdout.byteOffset, result.stdout.length / 4);
}

function oggFile(dir: string, name: string, lavfi = 'sine=f=440:d=6', extra: string[] = []): string {
	return synth(path.join(dir, name), lavfi, ['-ac', '2', '-ar', '44100', '-c:a', 'libvorbis', ...extra]);
}

test("ffmpeg refuses a buggy encoder's Ogg Vorbis; the second decoder reads it whole, with its tags and length", async t => {
	const dir = tempDir(t);
	const good = oggFile(dir, 'good.ogg', 'sine=f=440:d=6', ['-metadata', 'title=Buggy', '-metadata', 'artist=Old Encoder']);
	const bad = path.join(dir, 'bad.ogg');
	fs.writeFileSync(bad, buggyEncoderOgg(fs.readFileSync(good)));
	for (const binary of [ffmpeg(), BUNDLED_FFMPEG].filter(file => fs.existsSync(file))) {
		const refused = new Decoder({ffmpegPath: binary, file: bad, sampleRate: SR});
		t.is(await refused.reader.next(SR), undefined, binary);
		const exit = await refused.exit;
		t.not(exit.code, 0);
		t.regex(exit.message!, /Header processing failed/);
	}
	t.true(fallbackReads(bad));
	const decoder = new FallbackDecoder({file: bad, sampleRate: SR});
	const samples = await readAll(decoder);
	t.is((await decoder.exit).code, 0);
	const info = await decoder.info;
	t.is(info.tags.title, 'Buggy');
	t.is(info.tags.artist, 'Old Encoder');
	t.is(info.codec, 'vorbis');
	t.true(Math.abs(info.durationSeconds! - 6) < 0.05, `announced ${info.durationSeconds}`);
	t.is(samples.length, ffmpegSampleCount(good, SR), 'as many samples as ffmpeg decodes from the good file');
});

test('ffmpeg reads a negative granule position alone; the fault that stops it is the header', async t => {
	const dir = tempDir(t);
	const good = oggFile(dir, 'good.ogg');
	const negative = path.join(dir, 'negative.ogg');
	fs.writeFileSync(negative, withFirstAudioGranule(fs.readFileSync(good)));
	t.is(ffmpegDecode(negative).length, ffmpegSampleCount(good, SR));
});

test("the second decoder's samples are ffmpeg's: the same length and within 60 dB, resampled from 44.1 and 48 kHz, stereo and 5.1", async t => {
	const dir = tempDir(t);
	const cases = [
		oggFile(dir, 'stereo.ogg', 'sine=f=440:d=4,aeval=val(0)*0.9|sin(2*PI*660*t)*0.3:c=stereo'),
		synth(path.join(dir, 'rate48.ogg'), 'sine=f=1000:d=4', ['-ac', '2', '-ar', '48000', '-c:a', 'libvorbis']),
		synth(path.join(dir, 'six.ogg'), 'anoisesrc=d=3:c=pink:a=0.3:seed=7', [
			'-af',
			'pan=5.1|c0=c0|c1=0.5*c0|c2=0.7*c0|c3=0.3*c0|c4=0.2*c0|c5=0.4*c0',
			'-c:a',
			'libvorbis',
		]),
	];
	for (const file of cases) {
		const reference = ffmpegDecode(file);
		const ours = await readAll(new FallbackDecoder({file, sampleRate: SR}));
		t.is(ours.length, reference.length, path.basename(file));
		let error = 0;
		let power = 0;
		for (let index = 0; index < reference.length; index++) {
			error += (ours[index]! - reference[index]!) ** 2;
			power += reference[index]! ** 2;
		}
		const snr = 10 * Math.log10(power / error);
		t.true(snr > 60, `${path.basename(file)}: ${snr.toFixed(1)} dB`);
	}
});

test('files the second decoder does not read are known by their first bytes, not their names', t => {
	const dir = tempDir(t);
	const opus = synth(path.join(dir, 'x.ogg'), 'sine=d=1', ['-c:a', 'libopus']);
	const text = path.join(dir, 'notes.ogg');
	fs.writeFileSync(text, 'not audio\n');
	const misnamed = path.join(dir, 'vorbis.mp3');
	fs.copyFileSync(oggFile(dir, 'v.ogg', 'sine=d=1'), misnamed);
	t.false(fallbackReads(opus));
	t.false(fallbackReads(text));
	t.false(fallbackReads(path.join(dir, 'missing.ogg')));
	t.true(fallbackReads(misnamed));
});

test('a truncated Ogg Vorbis: the second decoder gives what is there and ends cleanly', async t => {
	const dir = tempDir(t);
	const bad = buggyEncoderOgg(fs.readFileSync(oggFile(dir, 'good.ogg', 'sine=f=440:d=10')));
	const cut = path.join(dir, 'cut.ogg');
	fs.writeFileSync(cut, bad.subarray(0, Math.floor(bad.length / 2)));
	const decoder = new FallbackDecoder({file: cut, sampleRate: SR});
	const samples = await readAll(decoder);
	t.is((await decoder.exit).code, 0);
	t.true(samples.length > 3 * SR && samples.length < 7 * SR, `${samples.length / SR} s`);
	t.true(Math.abs((await decoder.info).durationSeconds! - 10) > 2, 'the length is read from the last page there is');
});

test('the features of a track read by the second decoder are those ffmpeg gives: same tempo and key, nearer than any two tracks', async t => {
	const dir = tempDir(t);
	const manifest = bundledManifest();
	const vectors: Array<{file: string; ffmpeg: number[]; fallback: number[]}> = [];
	for (const entry of manifest) {
		// At 44.1 kHz in stereo, as music comes: both decoders resample and downmix it.
		const ogg = path.join(dir, `${path.parse(entry.file).name}.ogg`);
		const made = spawnSync(ffmpeg(), ['-v', 'error', '-i', path.join(mediaDir, entry.file), '-ac', '2', '-ar', '44100', '-c:a', 'libvorbis', ogg]);
		t.is(made.status, 0, made.stderr.toString());
		const features = (samples: Float32Array) => {
			const extractor = new TrackFeatureExtractor({sampleRate: SR});
			for (let offset = 0; offset < samples.length; offset += SR * 5) extractor.push(samples.slice(offset, offset + SR * 5));
			return extractor.finish();
		};
		const byFfmpeg = features(ffmpegDecode(ogg));
		const byFallback = features(await readAll(new FallbackDecoder({file: ogg, sampleRate: SR})));
		t.true(Math.abs(byFallback.bpm / byFfmpeg.bpm - 1) < 0.01, `${entry.file}: ${byFfmpeg.bpm} and ${byFallback.bpm} BPM`);
		t.is(byFallback.key, byFfmpeg.key, entry.file);
		vectors.push({file: entry.file, ffmpeg: byFfmpeg.vector, fallback: byFallback.vector});
	}
	// Each field z-scored over these tracks, as playlists compare them (raw fields range from 0.1 to 10,000).
	const fields = vectors[0]!.ffmpeg.map((_, index) => {
		const values = vectors.map(track => track.ffmpeg[index]!);
		const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
		const spread = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length) || 1;
		return {mean, spread};
	});
	const scaled = (vector: number[]) => vector.map((value, index) => (value - fields[index]!.mean) / fields[index]!.spread);
	const distance = (a: number[], b: number[]) => {
		const [x, y] = [scaled(a), scaled(b)];
		return Math.sqrt(x.reduce((sum, value, index) => sum + (value - y[index]!) ** 2, 0));
	};
	const same = Math.max(...vectors.map(track => distance(track.ffmpeg, track.fallback)));
	const different = Math.min(...vectors.flatMap((a, i) => vectors.slice(i + 1).map(b => distance(a.ffmpeg, b.ffmpeg))));
	t.log(`largest distance between a track's two readings ${same.toFixed(3)}; smallest between two tracks ${different.toFixed(3)}`);
	t.true(same < different / 20, `${same} against ${different}`);
});
