import type {Dirent, Stats} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {errorCode, fileErrorReason} from '../util/file-errors.js';
import {nativePath, pathFromBytes} from '../util/raw-path.js';

export type ScannedTrack = {path: string; size: number; mtimeMs: number};
export type ScanProblem = {path: string; message: string};
export type ScanResult = {
	tracks: ScannedTrack[];
	problems: ScanProblem[];
	/** CUE sheets met on the way (see cue-find.ts), when asked for. */
	sheets: ScannedTrack[];
};

export type ScanOptions = {
	extensions: readonly string[];
	/** Paths (relative to the root, with forward slashes) to leave out. */
	isExcluded?: (relativePath: string, isDirectory: boolean) => boolean;
	onProgress?: (found: number) => void;
	/** Also list `.cue` files, for the album images they describe. */
	sheets?: boolean;
};

export const SHEET_EXTENSION = 'cue';

/** A folder holding this file is not music (audiobooks, podcasts, samples): skip it and everything below. */
export const NOT_MUSIC_MARKER = '.notmusic';

function describe(error: unknown): string {
	// Listed a moment ago, so a missing file vanished, or is a link to nothing.
	if (errorCode(error) === 'ENOENT') return 'vanished during the scan, or a symlink to nothing';
	return fileErrorReason(error);
}

/** What a file that is not a regular file is, for the message that skips it. */
function kind(stats: Stats): string {
	if (stats.isFIFO()) return 'a FIFO';
	if (stats.isCharacterDevice()) return 'a character device';
	if (stats.isBlockDevice()) return 'a block device';
	if (stats.isSocket()) return 'a socket';
	return 'neither a file nor a folder';
}

/**
 * Walks a library recursively and lists audio files by extension. Follows symlinks, visits each real
 * directory and file once (so symlink cycles end), and reports everything it could not read instead of
 * stopping. Names are read as bytes: one that is not UTF-8 keeps its bytes (see util/raw-path.ts).
 */
export async function scanLibrary(root: string, options: ScanOptions): Promise<ScanResult> {
	const extensions = new Set(options.extensions.map(extension => extension.toLowerCase().replace(/^\./, '')));
	const tracks: ScannedTrack[] = [];
	const problems: ScanProblem[] = [];
	const sheets: ScannedTrack[] = [];
	const seen = new Set<string>();
	const identity = (stats: Stats) => `${stats.dev}:${stats.ino}`;

	const rootStats = await fs.stat(root);
	if (!rootStats.isDirectory()) throw new Error(`${root} is not a folder`);
	seen.add(identity(rootStats));

	const walk = async (dir: string): Promise<void> => {
		let entries: Array<Dirent & {name: string}>;
		try {
			const raw = await fs.readdir(nativePath(dir) as Buffer, {withFileTypes: true, encoding: 'buffer'});
			// A Dirent's name is its only field that depends on the encoding.
			entries = raw.map(entry => Object.assign(entry, {name: pathFromBytes(entry.name)}) as unknown as Dirent & {name: string});
		} catch (error) {
			problems.push({path: dir, message: `cannot read folder: ${describe(error)}`});
			return;
		}
		if (dir !== root && entries.some(entry => entry.name === NOT_MUSIC_MARKER)) return;
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			const full = path.join(dir, entry.name);
			const relative = path.relative(root, full).split(path.sep).join('/');
			const extension = path.extname(entry.name).slice(1).toLowerCase();
			const looksLikeAudio = extensions.has(extension);
			const isSheet = options.sheets === true && extension === SHEET_EXTENSION && !looksLikeAudio;
			if (!entry.isDirectory() && !entry.isSymbolicLink() && !looksLikeAudio && !isSheet) continue;
			let stats: Stats;
			try {
				stats = await fs.stat(nativePath(full));
			} catch (error) {
				problems.push({path: full, message: entry.isDirectory() ? `cannot read folder: ${describe(error)}` : describe(error)});
				continue;
			}
			if (isSheet) {
				if (stats.isFile() && !options.isExcluded?.(relative, false)) sheets.push({path: full, size: stats.size, mtimeMs: Math.trunc(stats.mtimeMs)});
			} else if (stats.isDirectory()) {
				if (options.isExcluded?.(relative, true)) continue;
				const id = identity(stats);
				if (seen.has(id)) continue;
				seen.add(id);
				await walk(full);
			} else if (stats.isFile() && looksLikeAudio) {
				if (options.isExcluded?.(relative, false)) continue;
				const id = identity(stats);
				if (seen.has(id)) continue;
				seen.add(id);
				tracks.push({path: full, size: stats.size, mtimeMs: Math.trunc(stats.mtimeMs)});
				if (tracks.length % 500 === 0) options.onProgress?.(tracks.length);
			} else if (!stats.isFile() && looksLikeAudio && !options.isExcluded?.(relative, false)) {
				// `mkfifo x.mp3` or a link to /dev/zero: reading it would block or never end.
				problems.push({path: full, message: `not a regular file (${kind(stats)})`});
			}
		}
	};

	await walk(root);
	options.onProgress?.(tracks.length);
	return {tracks, problems, sheets};
}
