/**
 * Writes playlists to a folder, safely:
 *
 * - atomically: each file is written to a temporary file in the same folder, flushed, then renamed over
 *   the target, so a reader never sees half a playlist and a crash leaves the old one;
 * - never over a playlist someone edited: a file whose marker hash no longer matches its content, or a
 *   file without our marker, is left alone and reported in `keptEdited`, unless `force`;
 * - stale playlists of the same set (strategy) that we wrote before and nobody edited since are removed
 *   when the set no longer holds them; edited ones stay;
 * - failed tracks go to failed-tracks.txt (path, tab, error), protected the same way;
 * - a playlist whose every track is left out (e.g. CUE tracks MPD cannot name) is not written: it goes
 *   to `empty`, and an earlier file of it that nobody edited is removed as stale.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {writeFileAtomic} from '../../util/atomic-write.js';
import {errorCode, fileErrorReason} from '../../util/file-errors.js';
import {uniqueFileNames} from './filenames.js';
import {EXTENSIONS, ownership, renderFailures, renderPlaylist, type Ownership} from './formats.js';
import type {Playlist, PlaylistFormat, PlaylistPlayer, WriteResult} from '../types.js';

export const FAILURES_FILE = 'failed-tracks.txt';
const OUR_EXTENSIONS = new Set([...Object.values(EXTENSIONS), '.txt']);
/** The marker sits in the first lines; this much is read to look for it. */
const HEAD_BYTES = 4096;

export type WriteOptions = {
	dir: string;
	format?: PlaylistFormat;
	absolutePaths?: boolean;
	player?: PlaylistPlayer;
	force?: boolean;
	/** Tracks that could not be analysed; undefined leaves failed-tracks.txt as it is. */
	failures?: ReadonlyArray<{path: string; error: string}>;
};

/** Reads a file whole; undefined when it does not exist. */
async function readIfExists(file: string): Promise<string | undefined> {
	try {
		return await fs.readFile(file, 'utf8');
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return undefined;
		throw error;
	}
}

/** Ownership of an existing file, reading its head first so that big foreign files are not read whole. */
async function fileOwnership(file: string): Promise<Ownership | undefined> {
	let head: string;
	try {
		const handle = await fs.open(file, 'r');
		try {
			const buffer = Buffer.alloc(HEAD_BYTES);
			const {bytesRead} = await handle.read(buffer, 0, HEAD_BYTES, 0);
			head = buffer.subarray(0, bytesRead).toString('utf8');
		} finally {
			await handle.close();
		}
	} catch {
		return undefined;
	}
	if (!head.includes('PLAYLISTGEN:')) return {kind: 'foreign'};
	const text = await readIfExists(file);
	return text === undefined ? undefined : ownership(text);
}

type Outcome = 'written' | 'unchanged' | 'kept';

/** Writes one file unless an edited or foreign file is in the way (and not forced). */
async function writeGuarded(file: string, text: string, force: boolean): Promise<Outcome> {
	const existing = await readIfExists(file);
	if (existing !== undefined) {
		if (existing === text) return 'unchanged';
		if (ownership(existing).kind !== 'ours' && !force) return 'kept';
	}
	await writeFileAtomic(file, text);
	return 'written';
}

/** Playlists could not be written: names the path and the reason in the user's words. */
export class PlaylistWriteError extends Error {
	constructor(
		readonly path: string,
		cause: unknown,
	) {
		super(`cannot write playlists to ${path}: ${fileErrorReason(cause)}`, {cause});
		this.name = 'PlaylistWriteError';
	}
}

/** Writes the playlists (and the failures list) to `options.dir`. */
export async function writePlaylists(playlists: readonly Playlist[], options: WriteOptions): Promise<WriteResult> {
	try {
		return await writePlaylistsUnguarded(playlists, options);
	} catch (error) {
		if (error instanceof PlaylistWriteError || !errorCode(error)) throw error;
		throw new PlaylistWriteError(path.resolve(options.dir), error);
	}
}

async function writePlaylistsUnguarded(playlists: readonly Playlist[], options: WriteOptions): Promise<WriteResult> {
	const dir = path.resolve(options.dir);
	const format = options.format ?? 'm3u8';
	const absolutePaths = options.absolutePaths ?? false;
	const force = options.force ?? false;
	await fs.mkdir(dir, {recursive: true});
	const result: Required<Omit<WriteResult, 'changes' | 'notes'>> = {
		dir,
		written: [],
		keptEdited: [],
		problems: [],
		unchanged: [],
		removed: [],
		empty: [],
		playlistFiles: [],
	};
	const seenProblems = new Set<string>();
	const record = (outcome: Outcome, file: string) => {
		if (outcome === 'written') result.written.push(file);
		else if (outcome === 'unchanged') result.unchanged.push(file);
		else result.keptEdited.push(file);
	};

	const names = uniqueFileNames(
		playlists.map(playlist => playlist.name),
		EXTENSIONS[format],
	);
	const targets = new Set<string>();
	const sets = new Set<string>();
	for (const [index, playlist] of playlists.entries()) {
		const set = playlist.strategy ?? 'clusters';
		sets.add(set);
		const file = path.join(dir, names[index]!);
		const rendered = renderPlaylist(format, playlist, {dir, absolutePaths, set, player: options.player ?? 'any'});
		for (const problem of rendered.problems) {
			const key = `${problem.path}\u0000${problem.message}`;
			if (seenProblems.has(key)) continue;
			seenProblems.add(key);
			result.problems.push(problem);
		}
		// Every track left out (each with its reason among the problems): no file that holds only a header.
		if (rendered.problems.length >= playlist.tracks.length) {
			result.empty.push(file);
			result.playlistFiles.push(undefined);
			continue;
		}
		targets.add(file);
		record(await writeGuarded(file, rendered.text, force), file);
		result.playlistFiles.push(file);
	}

	const failuresFile = path.join(dir, FAILURES_FILE);
	if (options.failures && options.failures.length > 0) {
		targets.add(failuresFile);
		record(await writeGuarded(failuresFile, renderFailures(options.failures), force), failuresFile);
	} else if (options.failures) {
		sets.add('failures');
	}

	// Stale files of the sets just written: ours and unchanged are removed, edited ones left alone.
	for (const entry of await fs.readdir(dir, {withFileTypes: true})) {
		if (!entry.isFile() || !OUR_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
		const file = path.join(dir, entry.name);
		if (targets.has(file)) continue;
		const owner = await fileOwnership(file);
		if (!owner || owner.kind === 'foreign' || !sets.has(owner.set)) continue;
		if (owner.kind === 'ours') {
			await fs.rm(file, {force: true});
			result.removed.push(file);
		} else {
			result.keptEdited.push(file);
		}
	}
	return result;
}
