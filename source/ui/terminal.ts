/**
 * The alternate screen, entered before the view's code loads and left again (cursor shown, raw mode off)
 * on every way out, even process.exit(). No React here: the CLI's entry enters it and draws the starting
 * frame (starting-view.ts) before the rest of the CLI loads; the view then draws over it.
 */
const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H\u001B[2J\u001B[?25l';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

export class AltScreen {
	#active = false;
	/** What was to be said on the main screen while this one was up: said once it is left. */
	#afterLeaving: Array<() => void> = [];
	/** Keys typed before the view reads the keyboard, kept for it (holdKeys). */
	#heldKeys: Array<Buffer | string> | undefined;

	constructor(
		private readonly stdout: NodeJS.WriteStream,
		private readonly stdin: NodeJS.ReadStream,
	) {}

	get active(): boolean {
		return this.#active;
	}

	/** Enters once, on a blank screen. */
	enter(): void {
		if (this.#active || !this.stdout.isTTY) return;
		this.#active = true;
		this.stdout.write(ENTER_ALT_SCREEN);
		process.on('exit', this.restore);
	}

	/** Runs `write` now, or once the alternate screen is left if it is up (what is written there would vanish). */
	afterLeaving(write: () => void): void {
		if (this.#active) this.#afterLeaving.push(write);
		else write();
	}

	/**
	 * Until the view reads the keyboard (releaseKeys): raw mode, so that keys typed at the starting
	 * frame are neither echoed over it nor lost, but kept for the view; Ctrl-C leaves at once (130), as
	 * it does in the view.
	 */
	holdKeys(): void {
		if (!this.#active || this.#heldKeys || !this.stdin.isTTY) return;
		try {
			this.stdin.setRawMode(true);
		} catch {
			// A terminal that refuses raw mode: the view will say so when it asks for it.
			return;
		}
		this.#heldKeys = [];
		this.stdin.on('data', this.#holdKey);
	}

	#holdKey = (data: Buffer | string): void => {
		if (data.includes('\u0003')) {
			this.restore();
			process.exit(130);
		}
		this.#heldKeys?.push(data);
	};

	/**
	 * Stops holding keys: stdin paused again, the keys typed meanwhile (one key a string). Resolves once
	 * the terminal has stopped reading too (process.stdin stops a tick after pause()): a reader that
	 * starts before that would find it stopped under it, and never read a key.
	 */
	async releaseKeys(): Promise<string[]> {
		const held = this.#heldKeys;
		if (!held) return [];
		this.#heldKeys = undefined;
		this.stdin.off('data', this.#holdKey);
		this.stdin.pause();
		await new Promise(resolve => setImmediate(resolve));
		return splitKeys(held.map(data => data.toString()).join(''));
	}

	restore = (): void => {
		if (!this.#active) return;
		this.#active = false;
		void this.releaseKeys();
		process.off('exit', this.restore);
		try {
			if (this.stdin.isTTY && this.stdin.isRaw) this.stdin.setRawMode(false);
		} catch {}
		this.stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
		for (const write of this.#afterLeaving.splice(0)) write();
	};
}

/** Input as keys: an escape sequence (an arrow, a function key), else one character. */
export function splitKeys(input: string): string[] {
	// eslint-disable-next-line no-control-regex
	return input.match(/\u001B(?:\[[0-?]*[ -/]*[@-~]|O[\s\S]|[\s\S])?|[\s\S]/gu) ?? [];
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
