import path from 'node:path';
import test from 'ava';
import {parseInputInfo} from '../../source/audio/ffmpeg-header.js';
import {Decoder, decoderArgs} from '../../source/audio/decoder.js';
import {ffmpeg, ffmpegSampleCount, synth, tempDir} from '../helpers/fixtures.js';

async function decodeAll(file: string, chunkSamples: number, sampleRate = 22_050) {
	const decoder = new Decoder({ffmpegPath: ffmpeg(), file, sampleRate});
	let samples = 0;
	let chunks = 0;
	for (let chunk = await decoder.reader.next(chunkSamples); chunk; chunk = await decoder.reader.next(chunkSamples)) {
		samples += chunk.length;
		chunks++;
	}
	return {samples, chunks, exit: await decoder.exit, info: await decoder.info};
}

test('a real decode yields as many samples as the file lasts (within 0.5 %)', async t => {
	const dir = tempDir(t);
	for (const [name, extra] of [
		['tone.mp3', ['-c:a', 'libmp3lame', '-b:a', '64k']],
		['tone.ogg', ['-c:a', 'libvorbis']],
		['tone.flac', []],
		['tone.opus', ['-c:a', 'libopus']],
		['tone.wav', []],
	] as const) {
		const file = synth(path.join(dir, name), 'sine=f=330:d=7.5:sample_rate=44100', [...extra]);
		const {samples, exit, info} = await decodeAll(file, 22_050);
		t.is(exit.code, 0, name);
		const expected = 7.5 * 22_050;
		t.true(Math.abs(samples - expected) / expected < 0.005, `${name}: ${samples} samples for 7.5 s`);
		t.true(info.durationSeconds !== undefined && Math.abs(info.durationSeconds - 7.5) < 0.1, `${name}: duration ${info.durationSeconds}`);
	}
});

test('chunked decoding gives exactly the samples of a one-shot ffmpeg decode', async t => {
	const dir = tempDir(t);
	const file = synth(path.join(dir, 'noise.ogg'), 'anoisesrc=d=5.3:c=pink:r=48000', ['-c:a', 'libvorbis']);
	const reference = ffmpegSampleCount(file, 22_050);
	const {samples, chunks} = await decodeAll(file, 9_999);
	t.is(samples, reference);
	t.is(chunks, Math.ceil(reference / 9_999));
});

test('file names that look like options, with quotes, spaces and unicode, decode', async t => {
	const dir = tempDir(t);
	for (const name of ['-leading dash.wav', 'quote "double" and \'single\'.wav', 'ünïcødé ♪ 曲.wav']) {
		const file = synth(path.join(dir, name), 'sine=f=220:d=1');
		const {samples, exit} = await decodeAll(file, 4096);
		t.is(exit.code, 0, name);
		t.is(samples, 22_050, name);
	}
	t.true(decoderArgs('-x.mp3', 22_050).includes(`file:${path.resolve('-x.mp3')}`));
});

test('ffmpeg header: duration, codec and tags from container or stream', t => {
	const stderr = [
		"Input #0, ogg, from 'file:/music/a.ogg':",
		'  Duration: 01:02:03.50, start: 0.000000, bitrate: 112 kb/s',
		'  Stream #0:0: Audio: vorbis, 44100 Hz, stereo, fltp, 112 kb/s',
		'    Metadata:',
		'      TITLE           : Señor: "Quoted"',
		'      ARTIST          : Someone',
		'                      : and Friends',
		'      TRACKNUMBER     : 3',
		'      track           : 4/12',
		'      ALBUM           : ',
		'Stream mapping:',
		'  Stream #0:0 -> #0:0 (vorbis (native) -> pcm_f32le (native))',
	].join('\n');
	const info = parseInputInfo(stderr);
	t.is(info.durationSeconds, 3723.5);
	t.is(info.codec, 'vorbis');
	t.is(info.inputSampleRate, 44_100);
	t.deepEqual(info.tags, {title: 'Señor: "Quoted"', artist: 'Someone\nand Friends', trackNumber: 4});
});

test("a file that is not audio fails with ffmpeg's reason", async t => {
	const dir = tempDir(t);
	const file = path.join(dir, 'notes.mp3');
	await import('node:fs/promises').then(fs => fs.writeFile(file, 'these are not the bytes you are looking for\n'.repeat(50)));
	const {samples, exit} = await decodeAll(file, 4096);
	t.is(samples, 0);
	t.not(exit.code, 0);
	t.regex(exit.message ?? '', /Invalid data|could not find|Failed to read/i);
	t.false((exit.message ?? '').includes('file:'), "the message names the problem, not ffmpeg's URL");
});
