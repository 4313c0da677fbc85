/**
 * The second decoder's process: reads the file open on descriptor 3 with a WebAssembly build of
 * libvorbis and writes what ffmpeg would write, float32 mono at the analysis rate, on stdout, a block at
 * a time: a full pipe holds it at its next write, so memory stays flat however long the file is. On
 * stderr: `info {json}` (the header, as InputInfo) once it is read; a failure is `error REASON` and exit
 * status 1. Arguments: the analysis rate. A process of its own, like ffmpeg, so that the memory model
 * counts it as a decoder and a stuck one can be stopped.
 */
import {once} from 'node:events';
import fs from 'node:fs';
import {OggVorbisDecoder} from '@wasm-audio-decoders/ogg-vorbis';
import {isOggVorbis, oggVorbisInfo} from './ogg-vorbis.js';
import {downmix, Resampler} from './resample.js';
import {errorMessage} from '../util/error-message.js';

const INPUT_FD = 3;
/** Compressed bytes per step: about a second of audio at usual bitrates. */
const READ_BYTES = 16 * 1024;

async function write(samples: Float32Array): Promise<void> {
	if (samples.length === 0) return;
	if (!process.stdout.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength))) await once(process.stdout, 'drain');
}

/** A library error in words: its own bugs (a ReferenceError inside it) say nothing to a person. */
function libraryError(error: unknown, decodedSeconds: number): string {
	const detail = error instanceof Error && !(error instanceof ReferenceError || error instanceof TypeError) ? ` (${error.message})` : '';
	return decodedSeconds > 0 ? `libvorbis stopped at ${decodedSeconds.toFixed(1)} s${detail}` : `libvorbis cannot read its headers${detail}`;
}

async function main(sampleRate: number): Promise<void> {
	const head = Buffer.alloc(64);
	fs.readSync(INPUT_FD, head, 0, head.length, 0);
	if (!isOggVorbis(head)) throw new Error('not an Ogg Vorbis file');
	process.stderr.write(`info ${JSON.stringify(oggVorbisInfo(INPUT_FD))}\n`);
	const decoder = new OggVorbisDecoder();
	await decoder.ready;
	const buffer = Buffer.alloc(READ_BYTES);
	let resampler: Resampler | undefined;
	let position = 0;
	let decoded = 0;
	let firstError: string | undefined;
	for (;;) {
		const read = fs.readSync(INPUT_FD, buffer, 0, READ_BYTES, position);
		position += read;
		let result;
		try {
			result = read === 0 ? await decoder.flush() : await decoder.decode(buffer.subarray(0, read));
		} catch (error) {
			throw new Error(libraryError(error, resampler ? decoded / resampler.inputRate : 0));
		}
		// A damaged packet is skipped, as ffmpeg skips it; its words are kept in case nothing decodes.
		firstError ??= result.errors[0]?.message;
		if (result.samplesDecoded > 0) {
			resampler ??= new Resampler(result.sampleRate, sampleRate);
			decoded += result.samplesDecoded;
			await write(resampler.push(downmix(result.channelData, result.samplesDecoded)));
		}
		if (read === 0) break;
	}
	if (!resampler) throw new Error(firstError ? `no audio decoded (libvorbis: ${firstError})` : 'no audio decoded');
	await write(resampler.flush());
}

// The reader went away (the track was skipped or stopped): nothing more to say.
process.stdout.on('error', () => process.exit(0));
main(Number(process.argv[2])).then(
	() => process.stdout.end(),
	(error: unknown) => {
		process.stderr.write(`error ${errorMessage(error)}\n`);
		process.exitCode = 1;
	},
);
