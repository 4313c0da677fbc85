/**
 * CUE sheets: the text file beside an album image (or inside a FLAC) that says where each track starts.
 * The grammar is a line per command (FILE, TRACK, INDEX, TITLE, PERFORMER, REM …); this reads what
 * playlistgen needs and checks what would make the cut wrong. No package fits: the two on npm are
 * unmaintained and check nothing, and the encodings of old rippers are ours to guess anyway.
 */

/** One track of a sheet, as it lies in its file. */
export type CueTrack = {
	/** The TRACK number in the sheet. */
	number: number;
	/** Its position among all the sheet's tracks, from 1: what MPD names `track0001`. */
	ordinal: number;
	title?: string;
	performer?: string;
	/** INDEX 01: where the track starts in its file. */
	startSeconds: number;
};

export type CueFile = {name: string; tracks: CueTrack[]};

export type CueSheet = {
	title?: string;
	performer?: string;
	files: CueFile[];
	/** What was mended while reading, in the user's words (a TRACK number given twice). */
	warnings: string[];
};

/** A sheet that cannot be used; the message says why in the user's words. */
export class CueSheetError extends Error {
	override name = 'CueSheetError';
}

/** CD frames: 75 per second. */
const FRAMES = 75;

/**
 * The sheet's text: UTF-16 after its BOM (little- or big-endian: Windows rippers' "Unicode"), UTF-8 (a
 * BOM is dropped), else Windows-1252, which old rippers (EAC, foobar2000 on a Western Windows) wrote
 * and which reads every Latin-1 byte too.
 */
export function decodeCueText(bytes: Uint8Array): string {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
	if (bytes[0] === 0xfe && bytes[1] === 0xff) {
		// By hand: Node built without full ICU has no UTF-16BE decoder. Swapped, it is little-endian.
		const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2))).swap16();
		return new TextDecoder('utf-16le').decode(swapped);
	}
	try {
		return new TextDecoder('utf-8', {fatal: true, ignoreBOM: false}).decode(bytes);
	} catch {
		// By hand: Node built without full ICU decodes "windows-1252" as Latin-1, losing 0x80–0x9F.
		let text = '';
		for (const byte of bytes) text += byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
		return text;
	}
}

/** Windows-1252's characters for 0x80–0x9F (the five unassigned bytes kept as Latin-1 controls). */
const CP1252_HIGH = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'];

/** "MM:SS:FF" in seconds, or undefined. */
export function cueTime(text: string): number | undefined {
	const match = /^(\d+):(\d{1,2}):(\d{1,2})$/.exec(text);
	if (!match) return undefined;
	const [minutes, seconds, frames] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (seconds >= 60 || frames >= FRAMES) return undefined;
	return minutes * 60 + seconds + frames / FRAMES;
}

/** The command's arguments: quoted strings kept whole, quotes removed. */
function words(line: string): string[] {
	const out: string[] = [];
	const pattern = /"([^"]*)"?|(\S+)/g;
	for (let match = pattern.exec(line); match; match = pattern.exec(line)) out.push(match[1] ?? match[2]!);
	return out;
}

function clock(seconds: number): string {
	const whole = Math.floor(seconds);
	const frames = Math.round((seconds - whole) * FRAMES);
	return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}:${String(frames).padStart(2, '0')}`;
}

/** Parses a sheet's text; throws CueSheetError for what is not a usable cue sheet. */
export function parseCueSheet(text: string): CueSheet {
	const sheet: CueSheet = {files: [], warnings: []};
	/** The line of each TRACK number's first use. */
	const numberLines = new Map<number, number>();
	let duplicate: string | undefined;
	let file: CueFile | undefined;
	let track: (Omit<CueTrack, 'startSeconds'> & {startSeconds?: number}) | undefined;
	let ordinal = 0;
	let commands = 0;
	const close = (lineNumber: number) => {
		if (!track) return;
		if (track.startSeconds === undefined) throw new CueSheetError(`track ${track.number} has no INDEX 01 (line ${lineNumber})`);
		file!.tracks.push(track as CueTrack);
		track = undefined;
	};
	const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
	for (const [index, raw] of lines.entries()) {
		const lineNumber = index + 1;
		const line = raw.trim();
		if (line === '') continue;
		const [command = '', ...args] = words(line);
		switch (command.toUpperCase()) {
			case 'FILE':
				close(lineNumber);
				if (!args[0]) throw new CueSheetError(`FILE without a name (line ${lineNumber})`);
				file = {name: args[0], tracks: []};
				sheet.files.push(file);
				commands++;
				break;
			case 'TRACK': {
				close(lineNumber);
				if (!file) throw new CueSheetError(`TRACK before any FILE (line ${lineNumber})`);
				const number = Number.parseInt(args[0] ?? '', 10);
				if (!Number.isInteger(number) || number < 1) throw new CueSheetError(`TRACK without a number (line ${lineNumber})`);
				track = {number, ordinal: ++ordinal};
				const first = numberLines.get(number);
				if (first === undefined) numberLines.set(number, lineNumber);
				else duplicate ??= `track number ${number} is given twice (lines ${first} and ${lineNumber})`;
				commands++;
				break;
			}
			case 'INDEX': {
				const seconds = cueTime(args[1] ?? '');
				if (seconds === undefined) throw new CueSheetError(`INDEX with a time that is not MM:SS:FF (line ${lineNumber})`);
				if (!track) throw new CueSheetError(`INDEX outside a TRACK (line ${lineNumber})`);
				if (Number(args[0]) === 1) track.startSeconds = seconds;
				break;
			}
			case 'TITLE':
			case 'PERFORMER': {
				const key = command.toUpperCase() === 'TITLE' ? 'title' : 'performer';
				const value = args.join(' ').trim();
				if (value === '') break;
				if (track) track[key] = value;
				else if (!file) sheet[key] = value;
				break;
			}
			case 'REM':
			case 'CATALOG':
			case 'CDTEXTFILE':
			case 'SONGWRITER':
			case 'FLAGS':
			case 'ISRC':
			case 'PREGAP':
			case 'POSTGAP':
				break;
			default:
				// An audio file or anything else renamed .cue: say so rather than guess.
				if (commands === 0) throw new CueSheetError('not a cue sheet (no FILE or TRACK lines where they belong)');
		}
	}
	close(lines.length);
	if (sheet.files.length === 0 || sheet.files.every(entry => entry.tracks.length === 0)) {
		throw new CueSheetError('not a cue sheet (no FILE with a TRACK in it)');
	}
	if (duplicate) {
		// Tracks are stored by number: two of one number would be one track in the store. By place, each
		// keeps its own (as MPD numbers them anyway).
		for (const entry of sheet.files) for (const each of entry.tracks) each.number = each.ordinal;
		sheet.warnings.push(`${duplicate}: the tracks are numbered by their place in the sheet`);
	}
	for (const entry of sheet.files) {
		for (let i = 1; i < entry.tracks.length; i++) {
			const [before, after] = [entry.tracks[i - 1]!, entry.tracks[i]!];
			if (after.startSeconds <= before.startSeconds) {
				throw new CueSheetError(
					`track ${after.number} starts at ${clock(after.startSeconds)}, not after track ${before.number} at ${clock(before.startSeconds)}: times out of order or overlapping`,
				);
			}
		}
	}
	return sheet;
}

/** A track of an image with its end: the next track's start, or the end of the file (undefined). */
export type CueSpan = CueTrack & {endSeconds: number | undefined};

/** The tracks of one file of a sheet, each with where it ends. */
export function spansOf(file: CueFile): CueSpan[] {
	return file.tracks.map((track, index) => ({...track, endSeconds: file.tracks[index + 1]?.startSeconds}));
}
