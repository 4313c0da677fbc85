/**
 * The store's quick check (open.ts) in a worker thread of its own, for a command that only reads: the
 * command reads what it needs meanwhile, and waits for the check's word before it says anything (the
 * check reads every page, 0.1–0.2 s at 40,000 tracks; the reading a command does takes as long). The
 * same PRAGMA on its own connection to the same file: what it finds is what the check at opening finds.
 */
import {createRequire} from 'node:module';
import {Worker} from 'node:worker_threads';

/** The worker: better-sqlite3 by the path the caller resolved, the check, its lines or its error back. */
const SCRIPT = `
const {parentPort, workerData} = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
	db = new Database(workerData.file, {fileMustExist: true, timeout: 5000});
	parentPort.postMessage({lines: db.pragma('quick_check(3)').map(row => row.quick_check)});
} catch (error) {
	parentPort.postMessage({error: String((error && error.message) || error)});
} finally {
	if (db) db.close();
}
`;

/** The check's lines, or its error; undefined when the worker itself could not run (the caller checks then). */
export type CheckAnswer = {lines: string[]} | {error: string} | undefined;

export type BackgroundCheck = {answer: Promise<CheckAnswer>; stop(): void};

/** Starts the quick check of the store file `file` in a worker thread; it never keeps the process alive. */
export function checkInBackground(file: string): BackgroundCheck {
	let worker: Worker;
	try {
		worker = new Worker(SCRIPT, {eval: true, workerData: {file, module: createRequire(import.meta.url).resolve('better-sqlite3')}});
	} catch {
		return {answer: Promise.resolve(undefined), stop() {}};
	}
	worker.unref();
	const answer = new Promise<CheckAnswer>(resolve => {
		worker.once('message', (message: CheckAnswer) => resolve(message));
		// The worker failed, not the check: the caller runs the check itself.
		worker.once('error', () => resolve(undefined));
		worker.once('exit', () => resolve(undefined));
	});
	return {answer, stop: () => void worker.terminate()};
}
