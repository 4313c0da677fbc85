/**
 * The alternate screen, entered before the view's code loads and left again (cursor shown, raw mode off)
 * on every way out, even process.exit(). No React and no width tables here: the CLI's entry enters it
 * before the rest of the CLI loads, so that the first line is on screen while the configuration, the
 * store, React, Ink and Yoga load; the view then draws over it.
 */
import {showText} from '../util/raw-path.js';

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H\u001B[2J\u001B[?25l';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const HOME = '\u001B[H';

export class AltScreen {
	#active = false;
	/** What was to be said on the main screen while this one was up: said once it is left. */
	#afterLeaving: Array<() => void> = [];

	constructor(
		private readonly stdout: NodeJS.WriteStream,
		private readonly stdin: NodeJS.ReadStream,
	) {}

	get active(): boolean {
		return this.#active;
	}

	/** Enters once; `firstLine` is shown at the top until the view's first frame replaces it. */
	enter(firstLine?: string): void {
		if (this.#active || !this.stdout.isTTY) return;
		this.#active = true;
		const line = firstLine === undefined ? '' : clipToColumns(showText(firstLine), (this.stdout.columns || 80) - 1) + HOME;
		this.stdout.write(ENTER_ALT_SCREEN + line);
		process.on('exit', this.restore);
	}

	/** Runs `write` now, or once the alternate screen is left if it is up (what is written there would vanish). */
	afterLeaving(write: () => void): void {
		if (this.#active) this.#afterLeaving.push(write);
		else write();
	}

	restore = (): void => {
		if (!this.#active) return;
		this.#active = false;
		process.off('exit', this.restore);
		try {
			if (this.stdin.isTTY && this.stdin.isRaw) this.stdin.setRawMode(false);
		} catch {}
		this.stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
		for (const write of this.#afterLeaving.splice(0)) write();
	};
}

const screens = new WeakMap<NodeJS.WriteStream, AltScreen>();

/** The alternate screen of a terminal, one per output stream: the CLI's entry may enter it, the live view takes it over. */
export function altScreenOf(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): AltScreen {
	let screen = screens.get(stdout);
	if (!screen) {
		screen = new AltScreen(stdout, stdin);
		screens.set(stdout, screen);
	}
	return screen;
}

/** Leaves the alternate screen of this stream if something entered it (before an error is said). */
export function leaveAltScreen(stdout: NodeJS.WriteStream): void {
	screens.get(stdout)?.restore();
}

/** Writes now, or once the alternate screen of this stream is left if it is up. */
export function writeOnMainScreen(stdout: NodeJS.WriteStream, write: () => void): void {
	const screen = screens.get(stdout);
	if (screen) screen.afterLeaving(write);
	else write();
}

/** The blocks of characters that take two cells (CJK, Hangul, full-width forms, emoji). */
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F000}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;

/**
 * Cuts text to at most `columns` cells without the full width tables (loading them costs a noticeable
 * part of the start): when a wide character is there, every character is counted as two cells.
 */
export function clipToColumns(text: string, columns: number): string {
	const chars = [...text];
	const fits = WIDE.test(text) ? Math.floor(columns / 2) : columns;
	return chars.length <= fits ? text : chars.slice(0, Math.max(0, fits - 1)).join('') + '…';
}

/** The line the view's header starts as, before the view is there to draw it. */
export function startingLine(root: string): string {
	return `playlistgen starting… ${root}`;
}
