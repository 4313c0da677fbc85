/**
 * Real files made wrong in one precise way, as found in real libraries: byte surgery on what ffmpeg
 * wrote, keeping every checksum valid so that only the intended fault remains.
 */

/** The CRC of an Ogg page (polynomial 0x04C11DB7, not reflected, no final XOR). */
export function oggCrc(page: Uint8Array): number {
	let crc = 0;
	for (const byte of page) {
		crc ^= byte << 24;
		for (let bit = 0; bit < 8; bit++) crc = crc & 0x80_00_00_00 ? (crc << 1) ^ 0x04_c1_1d_b7 : crc << 1;
	}
	return crc >>> 0;
}

/**
 * An Ogg Vorbis file whose identification header ends in a framing flag of 0: ffmpeg refuses it
 * ("Header processing failed"), as it refuses some files of old encoders that other players read.
 */
export function oggWithBadFramingFlag(file: Buffer): Buffer {
	const out = Buffer.from(file);
	const segments = out[26]!;
	const headerLength = 27 + segments;
	let bodyLength = 0;
	for (let index = 0; index < segments; index++) bodyLength += out[27 + index]!;
	// The identification packet: 0x01 "vorbis", version, channels, rate, 3 bitrates, block sizes, framing.
	if (out.toString('latin1', headerLength + 1, headerLength + 7) !== 'vorbis') throw new Error('not an Ogg Vorbis file');
	out[headerLength + 29] = 0;
	out.writeUInt32LE(0, 22);
	out.writeUInt32LE(oggCrc(out.subarray(0, headerLength + bodyLength)), 22);
	return out;
}

/** A FLAC file with its Vorbis comment block replaced by these `KEY=value` comments (in this order). */
export function flacWithComments(file: Buffer, comments: string[]): Buffer {
	if (file.toString('latin1', 0, 4) !== 'fLaC') throw new Error('not a FLAC file');
	const blocks: Array<{type: number; body: Buffer}> = [];
	let offset = 4;
	let last = false;
	while (!last) {
		last = (file[offset]! & 0x80) !== 0;
		const type = file[offset]! & 0x7f;
		const length = file.readUIntBE(offset + 1, 3);
		blocks.push({type, body: file.subarray(offset + 4, offset + 4 + length)});
		offset += 4 + length;
	}
	const vendor = Buffer.from('playlistgen test');
	const parts = [u32(vendor.length), vendor, u32(comments.length)];
	for (const comment of comments) parts.push(u32(Buffer.byteLength(comment)), Buffer.from(comment));
	const kept = blocks.filter(block => block.type !== 4);
	kept.splice(1, 0, {type: 4, body: Buffer.concat(parts)});
	const out: Buffer[] = [Buffer.from('fLaC')];
	for (const [index, block] of kept.entries()) {
		const header = Buffer.alloc(4);
		header[0] = block.type | (index === kept.length - 1 ? 0x80 : 0);
		header.writeUIntBE(block.body.length, 1, 3);
		out.push(header, block.body);
	}
	out.push(file.subarray(offset));
	return Buffer.concat(out);
}

function u32(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32LE(value);
	return buffer;
}
