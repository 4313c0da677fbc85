import {setTimeout as sleep} from 'node:timers/promises';
import Database from 'better-sqlite3';
import {errorCode} from '../util/file-errors.js';

export type LockWait = {
	/** How long to keep trying before giving up. */
	waitMs: number;
	/** Pause between tries. */
	pollMs?: number;
	/** Called once, the first time the lock is found taken. */
	onBusy?: () => void;
};

/**
 * The store's writer lock: one process at a time may write a store; readers (stats, playlists) never
 * take it and read alongside through WAL.
 *
 * It is a byte-range lock that SQLite takes on a small side file (`library.db.lock`, which stays empty):
 * a write transaction opened on that file and never committed. The kernel drops such a lock when its
 * process ends, however it ends (kill -9, a crash, a power cut), so there is never a stale lock to
 * clean up, unlike a pid file that a new process with the same pid can appear to own; and it works
 * across processes and between connections of the same process. Nothing else may open that file in
 * the holding process: POSIX drops a process's locks when any descriptor of the file is closed.
 */
export class WriterLock {
	#db: Database.Database | undefined;

	private constructor(db: Database.Database) {
		this.#db = db;
	}

	/** Takes the lock, waiting up to `wait.waitMs`; resolves undefined if it stayed taken. */
	static async acquire(lockPath: string, wait: LockWait): Promise<WriterLock | undefined> {
		const db = new Database(lockPath, {timeout: 0});
		const started = performance.now();
		let told = false;
		for (;;) {
			try {
				db.exec('BEGIN IMMEDIATE');
				return new WriterLock(db);
			} catch (error) {
				if (errorCode(error) !== 'SQLITE_BUSY') {
					db.close();
					throw error;
				}
			}
			if (!told) {
				told = true;
				wait.onBusy?.();
			}
			const left = wait.waitMs - (performance.now() - started);
			if (left <= 0) {
				db.close();
				return undefined;
			}
			await sleep(Math.min(left, wait.pollMs ?? 100));
		}
	}

	get held(): boolean {
		return this.#db !== undefined;
	}

	release(): void {
		const db = this.#db;
		if (!db) return;
		this.#db = undefined;
		try {
			db.exec('ROLLBACK');
		} finally {
			db.close();
		}
	}
}
