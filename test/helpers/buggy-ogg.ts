/**
 * Ogg Vorbis files as a buggy encoder writes them, made from good ones by byte surgery with every
 * checksum kept valid. ogginfo says of the real ones "Negative or zero granulepos (-104) on Vorbis
 * stream outside of headers"; ffmpeg 4.1 and 5.1 read a negative granule position alone (with
 * "invalid pts"), and refuse such a file for its identification header, which is longer than the 30
 * bytes ffmpeg demands ("Header processing failed: Invalid data found when processing input"), while
 * libvorbis (oggdec, sox) reads it whole.
 */
import {oggCrc} from './tamper.js';

type Page = {offset: number; length: number; granule: bigint};

/** The pages of an Ogg file, in order. */
export function oggPages(file: Buffer): Page[] {
	const pages: Page[] = [];
	for (let offset = 0; offset + 27 <= file.length;) {
		if (file.toString('latin1', offset, offset + 4) !== 'OggS') throw new Error(`no Ogg page at ${offset}`);
		const segments = file[offset + 26]!;
		let length = 27 + segments;
		for (let index = 0; index < segments; index++) length += file[offset + 27 + index]!;
		pages.push({offset, length, granule: file.readBigInt64LE(offset + 6)});
		offset += length;
	}
	return pages;
}

function sealPage(file: Buffer, page: Page): void {
	file.writeUInt32LE(0, page.offset + 22);
	file.writeUInt32LE(oggCrc(file.subarray(page.offset, page.offset + page.length)), page.offset + 22);
}

/** The first audio page's granule position set to `granule` (negative, as the buggy encoder wrote it). */
export function withFirstAudioGranule(file: Buffer, granule = -104n): Buffer {
	const out = Buffer.from(file);
	// Header pages have granule 0; the first page that ends an audio packet has a positive one.
	const page = oggPages(out).find(candidate => candidate.granule > 0n);
	if (!page) throw new Error('no audio page');
	out.writeBigInt64LE(granule, page.offset + 6);
	sealPage(out, page);
	return out;
}

/** The identification header (alone on the first page) one byte longer, a zero after its framing flag. */
export function withLongIdentificationHeader(file: Buffer): Buffer {
	const [first] = oggPages(file);
	if (!first || file[26] !== 1 || file.toString('latin1', 29, 35) !== 'vorbis') throw new Error('not an Ogg Vorbis file');
	const out = Buffer.concat([file.subarray(0, 27), Buffer.of(file[27]! + 1), file.subarray(28, first.length), Buffer.of(0), file.subarray(first.length)]);
	sealPage(out, {...first, length: first.length + 1});
	return out;
}

/** Both faults of the real files: what ffmpeg refuses and libvorbis reads. */
export function buggyEncoderOgg(file: Buffer): Buffer {
	return withFirstAudioGranule(withLongIdentificationHeader(file));
}
