/**
 * Turns to be analysed: a track whose decoder has started waits here until fewer tracks than `limit()`
 * are being analysed. The limit is read again at every wake, so a change of the budget applies to the
 * next track that asks.
 */
export class AnalysisSlots {
	#taken = 0;
	#waiters: Array<() => void> = [];

	constructor(private readonly limit: () => number) {}

	get taken(): number {
		return this.#taken;
	}

	/** Waits for a free place (or until `cancelled()` says to stop waiting), then takes it. */
	async acquire(cancelled: () => boolean): Promise<void> {
		while (this.#taken >= this.limit() && !cancelled()) {
			await new Promise<void>(resolve => this.#waiters.push(resolve));
		}
		this.#taken++;
	}

	release(): void {
		this.#taken--;
		this.#waiters.shift()?.();
	}

	/** Lets every waiter look again: a skipped or stopped track leaves the queue at once. */
	wakeAll(): void {
		for (const wake of this.#waiters.splice(0)) wake();
	}
}
