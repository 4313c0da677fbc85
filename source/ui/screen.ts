import {EventEmitter} from 'node:events';
import {FRAME_MS} from './timing.js';

/** Synchronised output (DEC mode 2026): terminals that know it show a frame at once; others ignore it. */
const BEGIN_SYNC = '\u001B[?2026h';
const END_SYNC = '\u001B[?2026l';
const CLEAR_SCREEN = '\u001B[H\u001B[2J';

export type FrameWriterOptions = {
	/** At most one frame per this many milliseconds reaches the terminal (a later one replaces a waiting one). */
	minFrameMs?: number;
	now?: () => number;
};

/**
 * What Ink writes to instead of the terminal. Ink (in debug mode) hands over each whole frame; this
 * writer compares it with the frame on screen and rewrites only the lines that changed, each at its
 * own absolute position, so nothing is erased that stays the same and nothing scrolls. Meant for the
 * alternate screen, where the frame starts at the top-left corner.
 */
export class FrameWriter extends EventEmitter {
	/** Not a TTY to Ink: it then leaves the cursor and the screen to us. */
	readonly isTTY = false;
	readonly #out: NodeJS.WriteStream;
	readonly #minFrameMs: number;
	readonly #now: () => number;
	#onScreen: string[] = [];
	#pending: readonly string[] | undefined;
	#timer: NodeJS.Timeout | undefined;
	#lastFlush = Number.NEGATIVE_INFINITY;
	#closed = false;
	/** Frames written to the terminal and bytes they took (for tests and the benchmark). */
	frames = 0;
	bytes = 0;

	constructor(out: NodeJS.WriteStream, options: FrameWriterOptions = {}) {
		super();
		this.#out = out;
		this.#minFrameMs = options.minFrameMs ?? FRAME_MS;
		this.#now = options.now ?? (() => performance.now());
		out.on('resize', this.#onResize);
	}

	get columns(): number {
		return this.#out.columns || 80;
	}

	get rows(): number {
		return this.#out.rows || 24;
	}

	write = (frame: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
		const done = typeof encoding === 'function' ? encoding : callback;
		const text = typeof frame === 'string' ? frame : Buffer.from(frame).toString('utf8');
		// Ink writes an empty string when it clears on a narrower terminal; the next frame follows at once.
		if (text !== '') this.frame(text.replace(/\n$/, '').split('\n'));
		if (typeof done === 'function') (done as () => void)();
		return true;
	};

	/** A whole frame as rows (what the view composes itself); drawn like one Ink wrote. */
	frame(rows: readonly string[]): void {
		if (this.#closed) return;
		this.#pending = rows;
		this.#schedule();
	}

	/** Redraws everything on the next frame (Ctrl-L, or after something else wrote to the terminal). */
	invalidate(): void {
		this.#onScreen = [];
		this.#rawWrite(CLEAR_SCREEN);
		if (this.#pending === undefined && this.#last !== undefined) this.#pending = this.#last;
		this.#schedule();
	}

	/** Writes a waiting frame now and stops listening to the terminal. */
	close(): void {
		if (this.#closed) return;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = undefined;
		this.flush();
		this.#closed = true;
		this.#out.off('resize', this.#onResize);
		if (writers.get(this.#out) === this) writers.delete(this.#out);
	}

	#last: readonly string[] | undefined;

	#schedule(): void {
		if (this.#timer) return;
		const wait = this.#lastFlush + this.#minFrameMs - this.#now();
		if (wait <= 0) this.flush();
		else this.#timer = setTimeout(() => this.flush(), wait);
	}

	/** Writes the waiting frame, if any: only its changed lines. */
	flush(): void {
		this.#timer = undefined;
		const frame = this.#pending;
		if (frame === undefined || this.#closed) return;
		this.#pending = undefined;
		this.#last = frame;
		this.#lastFlush = this.#now();
		const lines = frame.slice(0, this.rows);
		let out = '';
		for (let index = 0; index < lines.length; index++) {
			if (lines[index] !== this.#onScreen[index]) out += `\u001B[${index + 1};1H\u001B[2K${lines[index]}`;
		}
		for (let index = lines.length; index < this.#onScreen.length; index++) out += `\u001B[${index + 1};1H\u001B[2K`;
		this.#onScreen = lines;
		if (out === '') return;
		this.frames++;
		this.#rawWrite(BEGIN_SYNC + out + END_SYNC);
	}

	#rawWrite(text: string): void {
		this.bytes += text.length;
		this.#out.write(text);
	}

	#onResize = (): void => {
		// A resized terminal may have reflowed what is on screen: draw the next frame whole.
		this.#onScreen = [];
		this.#rawWrite(CLEAR_SCREEN);
		this.emit('resize');
	};
}

const writers = new WeakMap<NodeJS.WriteStream, FrameWriter>();

/**
 * The frame writer of a terminal, one per output stream until it is closed: the starting frame and
 * the view draw through the same one, so the view's first frame rewrites only what differs from it.
 */
export function frameWriterOf(out: NodeJS.WriteStream): FrameWriter {
	let writer = writers.get(out);
	if (!writer) {
		writer = new FrameWriter(out);
		writers.set(out, writer);
	}
	return writer;
}
