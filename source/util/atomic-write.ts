import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {errorCode} from './file-errors.js';

/** Our temporary files: `.NAME.PID.HEX.tmp`, as writeFileAtomic names them. */
const TEMPORARY = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** Folders swept by this process: once each is enough, later leftovers are another run's to sweep. */
const swept = new Set<string>();

/** Whether no process has this id (one of another user still counts as alive). */
function processGone(pid: number): boolean {
	if (pid <= 0 || pid === process.pid) return false;
	try {
		process.kill(pid, 0);
		return false;
	} catch (error) {
		return errorCode(error) === 'ESRCH';
	}
}

/**
 * Removes the temporary files a killed writer left in `dir`: ours by their name, and only those whose
 * process is gone (a running writer's file is in use). Returns the files removed; failures are ignored,
 * as this only tidies.
 */
export async function sweepStaleTemporaries(dir: string): Promise<string[]> {
	const removed: string[] = [];
	let names: string[];
	try {
		names = await fs.readdir(dir);
	} catch {
		return removed;
	}
	for (const name of names) {
		const match = TEMPORARY.exec(name);
		if (!match || !processGone(Number(match[1]))) continue;
		const file = path.join(dir, name);
		try {
			if (!(await fs.lstat(file)).isFile()) continue;
			await fs.rm(file);
			removed.push(file);
		} catch {
			// Gone already, or not ours to remove.
		}
	}
	return removed;
}

/**
 * Replaces a file in one step: a temporary file beside it (same folder, so the rename cannot cross file
 * systems; same mode as the file it replaces), synced, then renamed over it. A symlink stays a symlink:
 * the file it points to is replaced. Readers see the old text or the new, never a half. The first write
 * into a folder sweeps the temporary files killed writers left there.
 */
export async function writeFileAtomic(filePath: string, text: string, newFileMode = 0o666): Promise<void> {
	let real = filePath;
	try {
		real = await fs.realpath(filePath);
	} catch {
		// A new file.
	}
	let mode: number | undefined;
	try {
		mode = (await fs.stat(real)).mode & 0o7777;
	} catch {
		// A new file: the default mode, less the umask.
	}
	const folder = path.dirname(real);
	if (!swept.has(folder)) {
		swept.add(folder);
		await sweepStaleTemporaries(folder);
	}
	const temporary = path.join(folder, `.${path.basename(real)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
	let handle: fs.FileHandle | undefined;
	try {
		handle = await fs.open(temporary, 'wx', mode ?? newFileMode);
		await handle.writeFile(text, 'utf8');
		if (mode !== undefined) await handle.chmod(mode);
		await handle.sync();
		await handle.close();
		handle = undefined;
		await fs.rename(temporary, real);
	} catch (error) {
		await handle?.close().catch(() => {});
		await fs.rm(temporary, {force: true}).catch(() => {});
		throw error;
	}
}
