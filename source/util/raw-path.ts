/**
 * File names are bytes, and on old NAS shares they are often not UTF-8 (`caf\xE9.ogg`, Latin-1). Such a
 * name cannot be a plain string without loss, so the bytes that are not UTF-8 are carried as lone
 * surrogates U+DC80–U+DCFF (Python's "surrogateescape"), which no UTF-8 name can contain: the string
 * stays an exact key for events, maps and sorting, and turns back into the very same bytes (a Buffer)
 * wherever a path leaves the process — the file system, ffmpeg, the store.
 */

const STRICT = new TextDecoder('utf-8', {fatal: true});

/** A lone low surrogate of the escaped range (not the second half of a pair). */
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const ESCAPED_BYTES = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** The length of the UTF-8 sequence starting at `index`, or 0 when it is not valid UTF-8. */
function sequenceLength(bytes: Uint8Array, index: number): number {
	const first = bytes[index]!;
	if (first < 0x80) return 1;
	let length: number;
	let low = 0x80;
	let high = 0xbf;
	if (first >= 0xc2 && first <= 0xdf) length = 2;
	else if (first >= 0xe0 && first <= 0xef) {
		length = 3;
		if (first === 0xe0) low = 0xa0; // overlong
		if (first === 0xed) high = 0x9f; // surrogates
	} else if (first >= 0xf0 && first <= 0xf4) {
		length = 4;
		if (first === 0xf0) low = 0x90; // overlong
		if (first === 0xf4) high = 0x8f; // beyond U+10FFFF
	} else return 0;
	if (index + length > bytes.length) return 0;
	const second = bytes[index + 1]!;
	if (second < low || second > high) return 0;
	for (let next = index + 2; next < index + length; next++) {
		if (bytes[next]! < 0x80 || bytes[next]! > 0xbf) return 0;
	}
	return length;
}

/** A name or path from the file system's bytes, exactly. */
export function pathFromBytes(bytes: Uint8Array): string {
	try {
		return STRICT.decode(bytes);
	} catch {
		let text = '';
		let start = 0;
		let index = 0;
		while (index < bytes.length) {
			const length = sequenceLength(bytes, index);
			if (length > 0) {
				index += length;
				continue;
			}
			text += Buffer.from(bytes.subarray(start, index)).toString('utf8') + String.fromCharCode(0xdc00 + bytes[index]!);
			index++;
			start = index;
		}
		return text + Buffer.from(bytes.subarray(start)).toString('utf8');
	}
}

/** Whether a path holds bytes that are not UTF-8 (then only its Buffer form names the file). */
export function hasRawBytes(file: string): boolean {
	return ESCAPED_BYTE.test(file);
}

/** The bytes a path stands for. */
export function pathToBytes(file: string): Buffer {
	if (!hasRawBytes(file)) return Buffer.from(file, 'utf8');
	const parts: Buffer[] = [];
	let start = 0;
	for (const match of file.matchAll(ESCAPED_BYTES)) {
		parts.push(Buffer.from(file.slice(start, match.index), 'utf8'), Buffer.of(match[0].charCodeAt(0) - 0xdc00));
		start = match.index + 1;
	}
	parts.push(Buffer.from(file.slice(start), 'utf8'));
	return Buffer.concat(parts);
}

/** The path to hand to the file system (or SQLite): the string itself, or its bytes when it is not UTF-8. */
export function nativePath(file: string): string | Buffer {
	return hasRawBytes(file) ? pathToBytes(file) : file;
}

/** A path read back from the store or the file system as a string or as bytes. */
export function pathFromNative(file: string | Uint8Array): string {
	return typeof file === 'string' ? file : pathFromBytes(file);
}

const CONTROL_NAMES: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t'};

/**
 * Text for one line of a log or a terminal: bytes that are not UTF-8 as `\xE9`, control characters
 * (line breaks, escape sequences) as `\n` or `\x1B`. A name can then neither split a log line nor
 * steer the terminal.
 */
export function showText(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u001F\u007F-\u009F]|(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g, char => {
		const code = char.charCodeAt(0);
		if (CONTROL_NAMES[char]) return CONTROL_NAMES[char];
		const byte = code >= 0xdc80 ? code - 0xdc00 : code;
		return `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	});
}
