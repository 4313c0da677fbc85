/**
 * The reader of a command's output going away: `playlistgen … | head -2` once head has its lines. Unix
 * tools die of SIGPIPE then, without a word; Node ignores SIGPIPE and reports EPIPE as an 'error'
 * event on the stream, which, unheard, ends the process with a stack trace. Here every command ends
 * quietly instead, with exit status 0 (the reader asked for no more, and a status that does not depend
 * on whether the pipe filled before head quit is one a script can rely on):
 *
 * - by default at once: nothing a command does after its output is gone is of use to anyone;
 * - a command with work to wind down (an analysis: stop its decoders, keep what is stored) takes the
 *   closing over with onOutputClosed and ends when that work is done.
 */
import {errorCode} from '../util/file-errors.js';

export const CLOSED_OUTPUT_EXIT = 0;

/** The errors that mean the reader has gone: a pipe (EPIPE) or a socket (ECONNRESET) closed at its far end. */
const READER_GONE = new Set(['EPIPE', 'ECONNRESET']);

type Watch = {closed: boolean; handlers: Array<() => void>; atOnce: () => void};

const watches = new WeakMap<NodeJS.WritableStream, Watch>();

function watchOf(stream: NodeJS.WritableStream): Watch {
	let watch = watches.get(stream);
	if (watch) return watch;
	const created: Watch = {closed: false, handlers: [], atOnce() {}};
	stream.on('error', (error: unknown) => {
		if (!READER_GONE.has(errorCode(error) ?? '')) throw error;
		if (created.closed) return;
		created.closed = true;
		const handler = created.handlers.at(-1);
		if (handler) handler();
		else created.atOnce();
	});
	watches.set(stream, created);
	watch = created;
	return watch;
}

/**
 * Makes a reader that goes away from `stream` end nothing but the output: `atOnce` is called (e.g. to
 * exit) unless a command has taken the closing over. Writes after it are lost, as they would be anyway.
 */
export function watchOutput(stream: NodeJS.WritableStream, atOnce: () => void = () => {}): void {
	watchOf(stream).atOnce = atOnce;
}

/**
 * While the returned function is not called, a closed `stream` calls `handler` instead of ending at
 * once: the command winds down and returns as it would when stopped.
 */
export function onOutputClosed(stream: NodeJS.WritableStream, handler: () => void): () => void {
	const watch = watchOf(stream);
	watch.handlers.push(handler);
	return () => {
		const index = watch.handlers.lastIndexOf(handler);
		if (index !== -1) watch.handlers.splice(index, 1);
	};
}
