/**
 * A store opened with its check running while it is read (OpenStoreOptions.checkWhileReading): what the
 * check found, and the writes that wait for its word, so that nothing is written to a damaged store. They
 * are made when the store closes, after the command's answer: what a reader keeps for the next one is
 * not what this one waits for.
 */
import type {BackgroundCheck, CheckAnswer} from './background-check.js';
import {StoreDamagedError} from './errors.js';
import {checkReport} from './open.js';

export class ReadingCheck {
	#running: BackgroundCheck | undefined;
	#found: string | undefined;
	readonly #waiting: Array<() => void> = [];

	/** `checkHere`: the check run on the caller's thread, when the child gave no answer; `run`: how a write is run. */
	constructor(
		running: BackgroundCheck | undefined,
		readonly storePath: string,
		readonly checkHere: () => string | undefined,
		readonly run: (write: () => void) => void,
	) {
		this.#running = running;
	}

	/** Resolves once the check finds the store sound; else throws StoreDamagedError. */
	async sound(): Promise<void> {
		if (this.#running) this.#take(await this.#running.answer);
		this.#throwIfDamaged();
	}

	/**
	 * Runs the writes that waited, once the check has found the store sound (the store closes: the command
	 * has given its answer first); drops them when the check found damage or has not answered.
	 */
	flush(): void {
		const waiting = this.#waiting.splice(0);
		if (this.#running || this.#found) return;
		for (const write of waiting) this.run(write);
	}

	/** A write now, or (while the check runs) when the store closes after the check has found it sound. */
	whenSound(write: () => void): void {
		if (this.#running) this.#waiting.push(write);
		else {
			this.#throwIfDamaged();
			this.run(write);
		}
	}

	/** Before a write that cannot wait: the check's word, the check run here if the child has not given it yet. */
	beforeWriting(): void {
		if (this.#running) this.#take(undefined);
		this.#throwIfDamaged();
	}

	/** Lets the child go (the store closes); writes still waiting are dropped. */
	stop(): void {
		this.#running?.stop();
		this.#running = undefined;
		this.#waiting.length = 0;
	}

	#take(answer: CheckAnswer): void {
		if (!this.#running) return;
		this.#running.stop();
		this.#running = undefined;
		this.#found = answer ? checkReport(answer) : this.checkHere();
	}

	#throwIfDamaged(): void {
		if (this.#found) throw new StoreDamagedError(this.storePath, this.#found);
	}
}
