import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces a file in one step: a temporary file beside it (same folder, so the rename cannot cross file
 * systems; same mode as the file it replaces), synced, then renamed over it. A symlink stays a symlink:
 * the file it points to is replaced. Readers see the old text or the new, never a half.
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
	const temporary = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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
