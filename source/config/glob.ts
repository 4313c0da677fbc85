/**
 * Exclude patterns for the library scan: a small glob dialect compiled to regular expressions, with
 * the rules of .gitignore that people expect when they write one.
 *
 * - Paths are relative to the library root, with forward slashes.
 * - `*` matches any run of characters but `/`; `?` one character but `/`; `[abc]`, `[a-z]`, `[!a]`
 *   (or `[^a]`) one character of a set; `{a,b}` either alternative (they may nest and hold globs);
 *   `**` as a whole path segment matches any number of segments, none included; `\` escapes.
 * - A pattern without a `/` (other than a trailing one) matches a name at any depth: `Podcasts`,
 *   `*.m3u`. One with a `/` is anchored at the library root: `Audiobooks/**`, `/Incoming`.
 * - A trailing `/` matches folders only. An excluded folder is skipped with all it holds.
 * - Matching is case-sensitive, as the file system is on Linux.
 */

export class GlobError extends Error {
	constructor(
		readonly pattern: string,
		reason: string,
	) {
		super(reason);
		this.name = 'GlobError';
	}
}

export type CompiledGlob = {pattern: string; regexp: RegExp; directoryOnly: boolean};

const SPECIAL = /[.+^${}()|[\]\\*?]/g;

function escapeLiteral(text: string): string {
	return text.replaceAll(SPECIAL, '\\$&');
}

/** Finds the `]` closing a character class opened at `start` (the index of `[`), or -1. */
function classEnd(pattern: string, start: number): number {
	let index = start + 1;
	if (pattern[index] === '!' || pattern[index] === '^') index++;
	// A `]` right after the opening (or the negation) is a literal member.
	if (pattern[index] === ']') index++;
	for (; index < pattern.length; index++) {
		if (pattern[index] === '\\') index++;
		else if (pattern[index] === ']') return index;
	}
	return -1;
}

function classToRegExp(body: string): string {
	let negate = false;
	if (body.startsWith('!') || body.startsWith('^')) {
		negate = true;
		body = body.slice(1);
	}
	let out = '';
	for (let index = 0; index < body.length; index++) {
		let char = body[index]!;
		const escaped = char === '\\' && index + 1 < body.length;
		if (escaped) char = body[++index]!;
		if (char === '-' && !escaped && out !== '' && index + 1 < body.length) {
			out += '-';
			continue;
		}
		out += char === ']' || char === '\\' || char === '^' || char === '[' || char === '-' ? `\\${char}` : char;
	}
	// A set never matches the separator, as in shells.
	return negate ? `(?!/)[^${out}]` : `(?!/)[${out}]`;
}

/** Compiles the part of a pattern between `from` and `to`; `{…}` groups recurse. */
function compileRange(pattern: string, from: number, to: number): string {
	let out = '';
	let index = from;
	while (index < to) {
		const char = pattern[index]!;
		if (char === '\\') {
			if (index + 1 >= to) throw new GlobError(pattern, 'ends with a lone backslash');
			out += escapeLiteral(pattern[index + 1]!);
			index += 2;
		} else if (char === '*') {
			let stars = 1;
			while (pattern[index + stars] === '*') stars++;
			const segmentStart = index === 0 || pattern[index - 1] === '/';
			const segmentEnd = index + stars >= pattern.length || pattern[index + stars] === '/';
			if (stars >= 2 && segmentStart && segmentEnd) {
				if (pattern[index + stars] === '/') {
					// `**/`: any number of whole segments, none included.
					out += '(?:[^/]+/)*';
					index += stars + 1;
				} else {
					// A final `**`: anything below, or (with the `/` before it) the folder itself.
					out += '.*';
					index += stars;
				}
			} else {
				out += '[^/]*';
				index += stars;
			}
		} else if (char === '?') {
			out += '[^/]';
			index++;
		} else if (char === '[') {
			const end = classEnd(pattern, index);
			if (end === -1 || end >= to) throw new GlobError(pattern, `has a "[" without its "]"`);
			out += classToRegExp(pattern.slice(index + 1, end));
			index = end + 1;
		} else if (char === '{') {
			const {end, commas} = braceExtent(pattern, index, to);
			const alternatives: string[] = [];
			let start = index + 1;
			for (const comma of [...commas, end]) {
				alternatives.push(compileRange(pattern, start, comma));
				start = comma + 1;
			}
			out += `(?:${alternatives.join('|')})`;
			index = end + 1;
		} else {
			out += escapeLiteral(char);
			index++;
		}
	}
	return out;
}

/** The closing `}` of a group opened at `start` and the commas that separate its alternatives. */
function braceExtent(pattern: string, start: number, to: number): {end: number; commas: number[]} {
	const commas: number[] = [];
	let depth = 0;
	for (let index = start; index < to; index++) {
		const char = pattern[index];
		if (char === '\\') index++;
		else if (char === '[') {
			const end = classEnd(pattern, index);
			if (end !== -1) index = end;
		} else if (char === '{') depth++;
		else if (char === '}') {
			depth--;
			if (depth === 0) return {end: index, commas};
		} else if (char === ',' && depth === 1) commas.push(index);
	}
	throw new GlobError(pattern, 'has a "{" without its "}"');
}

/** Compiles one exclude pattern. Throws GlobError for a pattern that cannot be read. */
export function compileGlob(pattern: string): CompiledGlob {
	let body = pattern.trim();
	if (body === '') throw new GlobError(pattern, 'is empty');
	if (body.startsWith('!')) throw new GlobError(pattern, 'starts with "!": negated patterns are not supported');
	const directoryOnly = body.endsWith('/') && !body.endsWith('\\/');
	if (directoryOnly) body = body.replace(/\/+$/, '');
	const anchored = body.includes('/');
	body = body.replace(/^\/+/, '');
	if (body === '') throw new GlobError(pattern, 'matches nothing but the library itself');
	let source = compileRange(body, 0, body.length);
	// `Folder/**` also matches Folder itself, so the scan can skip it without opening it.
	if (source.endsWith('/.*')) source = `${source.slice(0, -3)}(?:/.*)?`;
	const prefix = anchored ? '^' : '^(?:.*/)?';
	return {pattern, regexp: new RegExp(`${prefix}${source}$`), directoryOnly};
}

/** Builds the scanner's `isExcluded` from a list of patterns; undefined when there are none. */
export function excludeMatcher(patterns: readonly string[]): ((relativePath: string, isDirectory: boolean) => boolean) | undefined {
	if (patterns.length === 0) return undefined;
	const globs = patterns.map(pattern => compileGlob(pattern));
	return (relativePath, isDirectory) => {
		const normalised = relativePath.replaceAll('\\', '/').replace(/^\.\//, '');
		return globs.some(glob => (isDirectory || !glob.directoryOnly) && glob.regexp.test(normalised));
	};
}

/**
 * Splits a comma-separated list, leaving commas inside `{…}` and `[…]` alone so that
 * `**\/{Podcasts,Audiobooks}/**` stays one pattern.
 */
export function splitList(text: string): string[] {
	const items: string[] = [];
	let depth = 0;
	let inClass = false;
	let current = '';
	for (let index = 0; index < text.length; index++) {
		const char = text[index]!;
		if (char === '\\' && index + 1 < text.length) {
			current += char + text[++index];
			continue;
		}
		if (inClass) {
			if (char === ']') inClass = false;
		} else if (char === '[') inClass = true;
		else if (char === '{') depth++;
		else if (char === '}' && depth > 0) depth--;
		else if (char === ',' && depth === 0) {
			items.push(current);
			current = '';
			continue;
		}
		current += char;
	}
	items.push(current);
	return items.map(item => item.trim()).filter(item => item !== '');
}
