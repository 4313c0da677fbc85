import os from 'node:os';
import path from 'node:path';

/** The user's home: $HOME where set, else what the system says. */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
	return env['HOME'] || os.homedir();
}

/** `~` and `~/…` as the home folder; anything else as written. */
export function expandHome(value: string, env: NodeJS.ProcessEnv = process.env): string {
	return value === '~' || value.startsWith('~/') ? path.join(homeDir(env), value.slice(1)) : value;
}

/** Whether `file` is `folder` itself or lies below it. */
export function isInside(file: string, folder: string): boolean {
	return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

/** A track's path as people read it: relative to the library root when inside it, else as given. */
export function pathInLibrary(root: string, file: string): string {
	if (root && isInside(file, root)) return path.relative(root, file) || path.basename(file);
	return file;
}
