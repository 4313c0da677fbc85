import {errorMessage} from '../util/error-message.js';
import {errorCode} from '../util/file-errors.js';

/** A store problem the user can act on: the message names the store's path and what to do. Exit status 1. */
export class StoreError extends Error {
	constructor(
		message: string,
		readonly storePath: string,
	) {
		super(message);
		this.name = 'StoreError';
	}
}

/** Who holds the store, as the holder recorded it when it took the lock. */
export type StoreHolder = {pid: number; command: string; sinceMs: number; host?: string};

export function describeHolder(holder: StoreHolder | undefined): string {
	if (!holder) return 'another playlistgen';
	const since = new Date(holder.sinceMs);
	const pad = (n: number) => String(n).padStart(2, '0');
	const when = `${since.getFullYear()}-${pad(since.getMonth() + 1)}-${pad(since.getDate())} ${pad(since.getHours())}:${pad(since.getMinutes())}`;
	return `another playlistgen (pid ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}, "${holder.command}" since ${when})`;
}

/** Another process holds the store's writer lock and did not let go within the wait. */
export class StoreBusyError extends StoreError {
	constructor(
		storePath: string,
		readonly holder: StoreHolder | undefined,
		waitedMs: number,
	) {
		super(
			`store is busy: ${describeHolder(holder)} is using ${storePath}; gave up after ${Math.round(waitedMs / 1000)} s. ` +
				'Let it finish (or stop it), or use --db PATH for a separate store.',
			storePath,
		);
		this.name = 'StoreBusyError';
	}
}

/** A path as one shell word, for a command the user may paste. */
function shellWord(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** SQLite's codes for a file whose pages are not what SQLite wrote (a failing disk, a bad copy). */
export function isStoreDamage(error: unknown): boolean {
	const code = errorCode(error);
	return code !== undefined && (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_'));
}

/**
 * The store file is damaged: what SQLite found, and what the user can do. Nothing is written to it:
 * the readable tracks can still be copied out by `playlistgen store --recover`.
 */
export class StoreDamagedError extends StoreError {
	constructor(
		storePath: string,
		readonly detail: string,
	) {
		super(
			`the library store at ${storePath} is damaged (${detail}). ` +
				`Copy what is still readable into a new store with "playlistgen store --recover --db ${shellWord(storePath)}" ` +
				'(the damaged file is kept beside it), or use --db PATH for a new store and analyse again.',
			storePath,
		);
		this.name = 'StoreDamagedError';
	}
}

/**
 * Why better-sqlite3's compiled module would not load, in the user's words with the fix, or undefined
 * for any other error. The usual cause is a Node.js upgraded under an installed playlistgen: the module
 * was compiled for the Node.js of the install (its NODE_MODULE_VERSION) and each major needs its own.
 */
export function sqliteModuleProblem(error: unknown, packageFolder: string): string | undefined {
	const message = error === undefined ? '' : errorMessage(error);
	const code = errorCode(error);
	const fix = `rebuild it for this Node.js with "npm rebuild better-sqlite3" in ${packageFolder}, or install playlistgen again`;
	const versions = /NODE_MODULE_VERSION (\d+)\.\s+This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
	if (versions) {
		return (
			`better-sqlite3, the SQLite module playlistgen keeps its store with, was compiled for another Node.js ` +
			`(NODE_MODULE_VERSION ${versions[1]}; this Node.js ${process.version} needs ${versions[2]}): ${fix}. The store itself is not touched.`
		);
	}
	if (code === 'ERR_DLOPEN_FAILED' || message.startsWith('Could not locate the bindings file')) {
		const first = message.split('\n')[0];
		return `better-sqlite3, the SQLite module playlistgen keeps its store with, cannot be loaded (${first}): ${fix}. The store itself is not touched.`;
	}
	return undefined;
}

/** better-sqlite3's compiled module cannot be loaded: no store can be opened, whatever its path. Exit status 1. */
export class SqliteModuleError extends StoreError {
	constructor(message: string, storePath: string) {
		super(message, storePath);
		this.name = 'SqliteModuleError';
	}
}
