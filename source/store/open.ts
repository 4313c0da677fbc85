/**
 * Opening a store file: the writer lock, creating the file, the schema migrations, the connection's
 * settings and the holder record, with every failure put in words that name the path. What is done
 * with an open store (rows, queries) is in library-store.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {errorCode, fileErrorReason} from '../util/file-errors.js';
import {packageRoot} from '../util/package-root.js';
import {isStoreDamage, SqliteModuleError, sqliteModuleProblem, StoreBusyError, StoreDamagedError, StoreError, type StoreHolder} from './errors.js';
import {checkInBackground, type BackgroundCheck, type CheckAnswer} from './background-check.js';
import {WriterLock} from './lock.js';
import {migrate, SCHEMA_VERSION, schemaVersion} from './schema.js';
import {errorMessage} from '../util/error-message.js';

/** How long a second writer waits for the store before it gives up with "store is busy". */
export const DEFAULT_WAIT_MS = 5000;

export type StoreMode = 'write' | 'read';

export type OpenStoreOptions = {
	/** 'write' (analysis) takes the writer lock for as long as the store is open; 'read' never does. */
	mode?: StoreMode;
	/** The features version the analyser produces now; stored tracks with another one are analysed again. */
	featuresVersion?: number;
	/** How long to wait for a busy store. */
	waitMs?: number;
	/** Called once when the store is found busy, before waiting. */
	onWait?: (holder: StoreHolder | undefined) => void;
	/** What this process is doing, shown to another one that finds the store busy. */
	command?: string;
	/**
	 * For reading only: the quick check runs in a child process while the command reads (background-check.ts);
	 * LibraryStore.sound() gives its word, and nothing is written to the store before it. A store to
	 * migrate is checked first all the same.
	 */
	checkWhileReading?: boolean;
};

/** An open connection to a store file, with the writer lock when opened for writing, and the check still running. */
export type OpenedStore = {path: string; mode: StoreMode; db: Database.Database; lock: WriterLock | undefined; check?: BackgroundCheck};

/** Words for an error met while opening or creating the store. */
function explain(error: unknown): string {
	switch (errorCode(error)) {
		case 'SQLITE_READONLY':
			return fileErrorReason({code: 'EROFS'});
		case 'SQLITE_FULL':
			return fileErrorReason({code: 'ENOSPC'});
		case 'SQLITE_CANTOPEN':
			return 'cannot create or open the file there (permission denied or read-only?)';
		case 'SQLITE_NOTADB':
			return 'the file is not an SQLite database';
		default:
			return fileErrorReason(error);
	}
}

/**
 * What SQLite's quick check finds wrong in the file (its first lines), or undefined when it finds it
 * sound. It reads every page: 0.4 s for a 320 MiB store on a loaded 2-core machine.
 */
export function damageFound(db: Database.Database): string | undefined {
	try {
		return checkReport({lines: (db.pragma('quick_check(3)') as Array<{quick_check: string}>).map(row => row.quick_check)});
	} catch (error) {
		return checkReport({error: errorMessage(error)});
	}
}

/** What the quick check's lines or error say (see damageFound). */
export function checkReport(answer: NonNullable<CheckAnswer>): string | undefined {
	if ('error' in answer) return `PRAGMA quick_check: ${answer.error}`;
	return answer.lines.length === 1 && answer.lines[0] === 'ok' ? undefined : `PRAGMA quick_check: ${answer.lines.join('; ')}`;
}

/** The damage an SQLite error reports, with what the quick check adds. */
export function damageError(storePath: string, db: Database.Database | undefined, error: unknown): StoreDamagedError {
	const found = db ? damageFound(db) : undefined;
	const message = errorMessage(error);
	return new StoreDamagedError(storePath, found && !found.endsWith(message) ? `${message}; ${found}` : (found ?? message));
}

/** Who holds the store, as recorded in it; undefined if that cannot be read. */
export function readHolder(storePath: string): StoreHolder | undefined {
	let db: Database.Database | undefined;
	try {
		db = new Database(storePath, {fileMustExist: true, readonly: true, timeout: 1000});
		const row = db.prepare(`SELECT value FROM meta WHERE key = 'holder'`).get() as {value: string} | undefined;
		return row ? (JSON.parse(row.value) as StoreHolder) : undefined;
	} catch {
		return undefined;
	} finally {
		db?.close();
	}
}

/** Forgets the holder record this process wrote (when it closes the store). */
export function clearHolder(db: Database.Database): void {
	db.prepare(`DELETE FROM meta WHERE key = 'holder' AND json_extract(value, '$.pid') = ?`).run(process.pid);
}

/**
 * Opens (in write mode: creates) the store at `file`. Write mode waits up to `waitMs` for another
 * writer, then throws StoreBusyError; any other problem is a StoreError naming the path, and leaves
 * behind nothing it created.
 */
export async function openStoreFile(file: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
	const storePath = path.resolve(file);
	const mode = options.mode ?? 'write';
	const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
	const onBusy = () => options.onWait?.(readHolder(storePath));
	const fail = (what: string, error: unknown) => {
		// Not the store's fault: SQLite itself cannot be loaded (compiled for another Node.js).
		const moduleProblem = sqliteModuleProblem(error, packageRoot());
		if (moduleProblem) return new SqliteModuleError(moduleProblem, storePath);
		return new StoreError(`${what} ${storePath}: ${explain(error)}`, storePath);
	};

	let existing: fs.Stats | undefined;
	try {
		existing = fs.statSync(storePath);
	} catch {}
	if (existing?.isDirectory()) {
		throw new StoreError(`the store ${storePath} is a folder; --db takes the path of a file, e.g. ${path.join(storePath, 'library.db')}`, storePath);
	}
	if (mode === 'read' && !existing) throw new StoreError(`no store at ${storePath}: nothing has been analysed with it yet`, storePath);
	const opening = existing ? 'cannot open the store' : 'cannot create the store';

	const created: string[] = [];
	const cleanUp = () => {
		for (const leftover of created.reverse()) fs.rmSync(leftover, {recursive: true, force: true});
	};

	let lock: WriterLock | undefined;
	let db: Database.Database | undefined;
	try {
		if (mode === 'write') {
			const lockPath = `${storePath}.lock`;
			try {
				const firstCreated = fs.mkdirSync(path.dirname(storePath), {recursive: true});
				if (firstCreated) created.push(firstCreated);
				if (!fs.existsSync(lockPath)) created.push(lockPath);
				lock = await WriterLock.acquire(lockPath, {waitMs, onBusy});
			} catch (error) {
				throw fail(opening, error);
			}
			if (!lock) {
				// Someone else holds the lock file: it is not ours to remove.
				if (created.at(-1) === lockPath) created.pop();
				throw new StoreBusyError(storePath, readHolder(storePath), waitMs);
			}
			if (!existing) created.push(storePath, `${storePath}-wal`, `${storePath}-shm`);
		}

		let version: number;
		try {
			db = new Database(storePath, {fileMustExist: mode === 'read', timeout: 5000});
			version = schemaVersion(db);
		} catch (error) {
			if (isStoreDamage(error)) throw damageError(storePath, db, error);
			throw fail(opening, error);
		}
		// Every command checks the file first: a damaged page met later would stop it half-way, and
		// an analysis, which reads only a little of the store, would go on writing into it.
		const background = mode === 'read' && options.checkWhileReading === true && version === SCHEMA_VERSION;
		const damage = existing && !background ? damageFound(db) : undefined;
		if (damage) throw new StoreDamagedError(storePath, damage);
		if (version > SCHEMA_VERSION) {
			throw new StoreError(
				`the store ${storePath} was written by a newer playlistgen (schema ${version}; this one knows up to ${SCHEMA_VERSION}). ` +
					'Update playlistgen, or use --db PATH for a separate store.',
				storePath,
			);
		}
		try {
			if (mode === 'write' && db.pragma('journal_mode = WAL', {simple: true}) !== 'wal') {
				throw new Error('cannot switch the store to WAL mode');
			}
			// NORMAL in WAL mode: a commit is in the WAL (the OS has it) when it returns, so a killed
			// process loses nothing committed; only a power cut can drop the last commits, and even then
			// the file stays consistent. Checkpoints and the close sync the file.
			db.pragma('synchronous = NORMAL');
			db.pragma('foreign_keys = ON');
		} catch (error) {
			throw fail(opening, error);
		}
		if (version < SCHEMA_VERSION) {
			// A reader takes the writer lock just for the migration.
			const migrationLock = lock ?? (await WriterLock.acquire(`${storePath}.lock`, {waitMs, onBusy}));
			if (!migrationLock) throw new StoreBusyError(storePath, readHolder(storePath), waitMs);
			try {
				migrate(db);
			} catch (error) {
				throw fail('cannot update the schema of the store', error);
			} finally {
				if (migrationLock !== lock) migrationLock.release();
			}
		}

		if (mode === 'write') {
			const holder: StoreHolder = {pid: process.pid, command: options.command ?? 'analyze', sinceMs: Date.now(), host: os.hostname()};
			try {
				db.prepare(`INSERT INTO meta (key, value) VALUES ('holder', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(holder));
			} catch (error) {
				throw fail('cannot write the store', error);
			}
		}
		return {path: storePath, mode, db, lock, ...(existing && background ? {check: checkInBackground(storePath)} : {})};
	} catch (error) {
		try {
			db?.close();
		} catch {}
		lock?.release();
		cleanUp();
		throw error;
	}
}
