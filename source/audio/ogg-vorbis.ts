/**
 * What the second decoder needs to know of an Ogg Vorbis file without ffmpeg: whether it is one (its
 * first packet), its tags (the comment header) and its length (the last page's granule position),
 * read from the file's first and last pages.
 */
import fs from 'node:fs';
import {firstTitle, type InputInfo, type TrackTags} from './ffmpeg-header.js';

/** Bytes read from the start for the headers: a comment header with cover art can be larger; its tags come first. */
const HEAD_BYTES = 256 * 1024;
/** Bytes read from the end for the last page (a page is at most 65,307 bytes). */
const TAIL_BYTES = 65_536 + 27 + 255;

type Page = {offset: number; granule: bigint; serial: number; segments: number[]; bodyOffset: number};

/** The Ogg pages that start in `bytes` at `from` and lie wholly inside them. */
function pagesIn(bytes: Buffer, from = 0): Page[] {
	const pages: Page[] = [];
	let offset = from;
	while (offset + 27 <= bytes.length && bytes.toString('latin1', offset, offset + 4) === 'OggS') {
		const count = bytes[offset + 26]!;
		if (offset + 27 + count > bytes.length) break;
		const segments = [...bytes.subarray(offset + 27, offset + 27 + count)];
		const bodyOffset = offset + 27 + count;
		const end = bodyOffset + segments.reduce((sum, length) => sum + length, 0);
		if (end > bytes.length) break;
		pages.push({offset, granule: bytes.readBigInt64LE(offset + 6), serial: bytes.readUInt32LE(offset + 14), segments, bodyOffset});
		offset = end;
	}
	return pages;
}

/** The first packets of the first logical stream, as far as `bytes` holds them whole. */
function firstPackets(bytes: Buffer, wanted: number): Buffer[] {
	const packets: Buffer[] = [];
	let parts: Buffer[] = [];
	const pages = pagesIn(bytes);
	const serial = pages[0]?.serial;
	for (const page of pages) {
		if (page.serial !== serial) continue;
		let offset = page.bodyOffset;
		for (const length of page.segments) {
			parts.push(bytes.subarray(offset, offset + length));
			offset += length;
			if (length < 255) {
				packets.push(Buffer.concat(parts));
				parts = [];
				if (packets.length === wanted) return packets;
			}
		}
	}
	return packets;
}

/** The file starts an Ogg stream whose first packet is a Vorbis identification header. */
export function isOggVorbis(head: Buffer): boolean {
	if (head.length < 28 || head.toString('latin1', 0, 4) !== 'OggS') return false;
	const start = 27 + head[26]!;
	return head.length >= start + 7 && head.toString('latin1', start, start + 7) === '\x01vorbis';
}

/** Vorbis comment names, lower-cased, to our fields (as ffmpeg maps them). */
const COMMENT_FIELDS: Record<string, keyof TrackTags> = {
	artist: 'artist',
	album: 'album',
	title: 'title',
	tracknumber: 'trackNumber',
	albumartist: 'albumArtist',
	album_artist: 'albumArtist',
	genre: 'genre',
};

/** Tags from a Vorbis comment packet (`\x03vorbis`, vendor, then `NAME=value` comments); the first of each kept. */
export function vorbisCommentTags(packet: Buffer): TrackTags {
	const tags: TrackTags = {};
	try {
		let offset = 7;
		offset += 4 + packet.readUInt32LE(offset);
		const count = packet.readUInt32LE(offset);
		offset += 4;
		for (let index = 0; index < count && offset + 4 <= packet.length; index++) {
			const length = packet.readUInt32LE(offset);
			const comment = packet.toString('utf8', offset + 4, offset + 4 + length);
			offset += 4 + length;
			const equals = comment.indexOf('=');
			const field = COMMENT_FIELDS[comment.slice(0, equals).toLowerCase()];
			const value = comment.slice(equals + 1).trim();
			if (equals < 1 || !field || value === '' || tags[field] !== undefined) continue;
			if (field === 'trackNumber') {
				const number = Number.parseInt(value, 10);
				if (Number.isFinite(number)) tags.trackNumber = number;
			} else {
				tags[field] = field === 'title' ? firstTitle(value) : value;
			}
		}
	} catch {
		// A comment header cut short: the tags read so far.
	}
	return tags;
}

/** The header info of an Ogg Vorbis file open at `fd`, in the shape ffmpeg's header gives. */
export function oggVorbisInfo(fd: number): InputInfo {
	const {size} = fs.fstatSync(fd);
	const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
	fs.readSync(fd, head, 0, head.length, 0);
	const [identification, comment] = firstPackets(head, 2);
	const info: InputInfo = {tags: {}, codec: 'vorbis', format: 'ogg'};
	if (!identification || identification.length < 16) return info;
	const rate = identification.readUInt32LE(12);
	info.inputSampleRate = rate;
	if (comment?.toString('latin1', 0, 7) === '\x03vorbis') info.tags = vorbisCommentTags(comment);
	const serial = head.readUInt32LE(14);
	const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
	fs.readSync(fd, tail, 0, tail.length, size - tail.length);
	// The last whole page of the stream that ends a packet: its granule position is the stream's length.
	for (let at = tail.lastIndexOf('OggS'); at >= 0; at = at > 0 ? tail.lastIndexOf('OggS', at - 1) : -1) {
		const page = pagesIn(tail, at)[0];
		if (page?.serial === serial && page.granule > 0n && rate > 0) {
			info.durationSeconds = Number(page.granule) / rate;
			break;
		}
	}
	return info;
}
