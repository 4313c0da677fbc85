/** One wording for the file-system errors a user meets, wherever they are met. */
import {errorMessage} from './error-message.js';

const REASONS: Record<string, string> = {
	ENOENT: 'no such file or folder',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EROFS: 'the file system is read-only',
	ENOTDIR: 'a part of the path is a file, not a folder',
	EISDIR: 'a folder is in the way',
	EEXIST: 'a file of that name is in the way',
	ENOSPC: 'the disk is full',
	EDQUOT: 'the disk quota is used up',
	ELOOP: 'symlink loop',
	ENAMETOOLONG: 'path too long',
	EMFILE: 'too many open files',
	EIO: 'input/output error (a failing disk or network share?)',
};

export function errorCode(error: unknown): string | undefined {
	const code = (error as {code?: unknown} | undefined)?.code;
	return typeof code === 'string' ? code : undefined;
}

/** The reason in the user's words; the error's own message for codes without words here. */
export function fileErrorReason(error: unknown): string {
	const code = errorCode(error);
	return (code && REASONS[code]) ?? errorMessage(error);
}
