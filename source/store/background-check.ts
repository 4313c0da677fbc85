/**
 * The store's quick check (open.ts) in a child process of its own, for a command that only reads: the
 * command reads what it needs meanwhile, and waits for the check's word before it says anything (the
 * check reads every page, 0.1–0.2 s at 40,000 tracks; the reading a command does takes as long). The
 * same PRAGMA on its own connection to the same file: what it finds is what the check at opening finds.
 *
 * A process, not a worker thread: a worker stopped while SQLite hands it an error (a file gone, a page
 * damaged) takes the whole process down, since better-sqlite3 cannot build the error in a thread being
 * stopped and V8 aborts. A child is killed without touching the command.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {createRequire} from 'node:module';

/** The child: better-sqlite3 by the path the caller resolved, the check, its lines or its error as JSON on stdout. */
const SCRIPT = `
const [file, module, busyMs] = process.argv.slice(1);
let answer;
let db;
try {
	db = new (require(module))(file, {fileMustExist: true, timeout: Number(busyMs)});
	answer = {lines: db.pragma('quick_check(3)').map(row => row.quick_check)};
} catch (error) {
	answer = {error: String((error && error.message) || error)};
} finally {
	if (db) db.close();
}
process.stdout.write(JSON.stringify(answer));
`;

/** The check's lines, or its error; undefined when the child itself could not run (the caller checks then). */
export type CheckAnswer = {lines: string[]} | {error: string} | undefined;

export type BackgroundCheck = {answer: Promise<CheckAnswer>; stop(): void};

/**
 * Starts the quick check of the store file `file` in a child process. The child keeps this process alive
 * until it answers or is stopped (the store closes), so that a command awaiting the answer gets it.
 * `busyMs`: how long the check waits for a store another connection has locked.
 */
export function checkInBackground(file: string, busyMs = 5000): BackgroundCheck {
	let child: ChildProcess;
	try {
		// Like the decoders' children, it gets none of this process's command-line options (a loader, heap limits).
		child = spawn(process.execPath, ['-e', SCRIPT, file, createRequire(import.meta.url).resolve('better-sqlite3'), String(busyMs)], {
			stdio: ['ignore', 'pipe', 'ignore'],
		});
	} catch {
		return {answer: Promise.resolve(undefined), stop() {}};
	}
	const answer = new Promise<CheckAnswer>(resolve => {
		let output = '';
		child.stdout!.setEncoding('utf8');
		child.stdout!.on('data', (text: string) => (output += text));
		// The child failed, not the check (it always writes an answer): the caller runs the check itself.
		child.once('error', () => resolve(undefined));
		child.once('close', code => resolve(code === 0 ? parseAnswer(output) : undefined));
	});
	return {answer, stop: () => void child.kill('SIGKILL')};
}

function parseAnswer(output: string): CheckAnswer {
	try {
		const answer = JSON.parse(output) as CheckAnswer;
		return answer && ('lines' in answer || 'error' in answer) ? answer : undefined;
	} catch {
		return undefined;
	}
}
