/**
 * Playlist file names that every share accepts: FAT/exFAT and SMB (what NAS users have) refuse
 * / \ : * ? " < > | and control characters, drop trailing dots and spaces, reserve device names such
 * as CON or NUL, and compare names without regard to case.
 */

const FORBIDDEN = /[/\\:*?"<>|]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
/** Room for the extension and a " (12)" suffix within the usual 255-byte limit. */
export const MAX_NAME_BYTES = 200;

function truncateUtf8(text: string, maxBytes: number): string {
	if (Buffer.byteLength(text) <= maxBytes) return text;
	let out = '';
	let bytes = 0;
	for (const char of text) {
		const size = Buffer.byteLength(char);
		if (bytes + size > maxBytes) break;
		out += char;
		bytes += size;
	}
	return out;
}

/** A playlist name made safe as a file name (without extension). Never empty. */
export function sanitiseFileName(name: string): string {
	let safe = name.normalize('NFC').replace(CONTROL, ' ').replace(FORBIDDEN, '_').replaceAll(/\s+/g, ' ').trim();
	// A leading dot hides the file from players and file managers.
	safe = safe.replace(/^\.+/, match => '_'.repeat(match.length));
	safe = truncateUtf8(safe, MAX_NAME_BYTES).replace(/[. ]+$/, '');
	if (safe === '') safe = 'playlist';
	if (RESERVED.test(safe.split('.')[0]!)) safe = `_${safe}`;
	return safe;
}

/** File names for the playlists (extension included), unique even where case does not count. */
export function uniqueFileNames(names: readonly string[], extension: string): string[] {
	const taken = new Set<string>();
	return names.map(name => {
		const base = sanitiseFileName(name);
		let candidate = base;
		for (let suffix = 2; taken.has(`${candidate}${extension}`.toLowerCase()); suffix++) candidate = `${base} (${suffix})`;
		taken.add(`${candidate}${extension}`.toLowerCase());
		return `${candidate}${extension}`;
	});
}
