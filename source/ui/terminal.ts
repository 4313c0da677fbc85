/**
 * The alternate screen, entered before the view's code loads and left again (cursor shown, raw mode off)
 * on every way out, even process.exit(). No React here: the CLI enters it at once, so that the first
 * line is on screen while React, Ink and Yoga load; the view then draws over it.
 */
import {showText} from '../util/raw-path.js';
import {fitCells} from './text.js';

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H\u001B[2J\u001B[?25l';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const HOME = '\u001B[H';

export class AltScreen {
	#active = false;

	constructor(
		private readonly stdout: NodeJS.WriteStream,
		private readonly stdin: NodeJS.ReadStream,
	) {}

	/** Enters once; `firstLine` is shown at the top until the view's first frame replaces it. */
	enter(firstLine?: string): void {
		if (this.#active || !this.stdout.isTTY) return;
		this.#active = true;
		const line = firstLine === undefined ? '' : fitCells(showText(firstLine), (this.stdout.columns || 80) - 1) + HOME;
		this.stdout.write(ENTER_ALT_SCREEN + line);
		process.on('exit', this.restore);
	}

	restore = (): void => {
		if (!this.#active) return;
		this.#active = false;
		process.off('exit', this.restore);
		try {
			if (this.stdin.isTTY && this.stdin.isRaw) this.stdin.setRawMode(false);
		} catch {}
		this.stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
	};
}

/** The line the view's header starts as, before the view is there to draw it. */
export function startingLine(root: string): string {
	return `playlistgen starting… ${root}`;
}
