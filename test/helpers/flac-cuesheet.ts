/**
 * Writes a CUESHEET metadata block into a FLAC file, as `metaflac --import-cuesheet-from` would: ffmpeg
 * cannot write one, and the flac tools are not always installed.
 */
import fs from 'node:fs';

const CUESHEET = 5;

function u64(value: number): Buffer {
	const buffer = Buffer.alloc(8);
	buffer.writeBigUInt64BE(BigInt(value));
	return buffer;
}

/** The CUESHEET block's body: one track per offset (in samples), then the lead-out at `totalSamples`. */
export function cuesheetBlock(offsets: readonly number[], totalSamples: number): Buffer {
	const parts: Buffer[] = [Buffer.alloc(128), u64(0), Buffer.alloc(259), Buffer.from([offsets.length + 1])];
	const track = (offset: number, number: number, indexes: number) => {
		parts.push(u64(offset), Buffer.from([number]), Buffer.alloc(12), Buffer.alloc(14), Buffer.from([indexes]));
		if (indexes > 0) parts.push(u64(0), Buffer.from([1]), Buffer.alloc(3));
	};
	for (const [index, offset] of offsets.entries()) track(offset, index + 1, 1);
	track(totalSamples, 255, 0);
	return Buffer.concat(parts);
}

/** Inserts the block after STREAMINFO; `offsetsSeconds` are the tracks' starts. */
export function embedCuesheet(file: string, offsetsSeconds: readonly number[]): void {
	const data = fs.readFileSync(file);
	if (data.toString('latin1', 0, 4) !== 'fLaC') throw new Error(`${file} is not a FLAC file`);
	const streamInfo = 4;
	const infoLength = data.readUIntBE(streamInfo + 1, 3);
	const info = data.subarray(streamInfo + 4, streamInfo + 4 + infoLength);
	const sampleRate = (info[10]! << 12) | (info[11]! << 4) | (info[12]! >> 4);
	const totalSamples = (info[13]! & 0x0f) * 2 ** 32 + info.readUInt32BE(14);
	const body = cuesheetBlock(
		offsetsSeconds.map(seconds => Math.round(seconds * sampleRate)),
		totalSamples,
	);
	const wasLast = (data[streamInfo]! & 0x80) !== 0;
	const header = Buffer.alloc(4);
	header[0] = (wasLast ? 0x80 : 0) | CUESHEET;
	header.writeUIntBE(body.length, 1, 3);
	const head = Buffer.from(data.subarray(0, streamInfo + 4 + infoLength));
	head[streamInfo] = head[streamInfo]! & 0x7f;
	fs.writeFileSync(file, Buffer.concat([head, header, body, data.subarray(streamInfo + 4 + infoLength)]));
}
