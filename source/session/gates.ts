/** Open/closed gate: pause() makes waiters wait until resume(). */
export class PauseGate {
	#waiting: Promise<void> | undefined;
	#open: (() => void) | undefined;

	get paused(): boolean {
		return this.#waiting !== undefined;
	}

	pause(): void {
		this.#waiting ??= new Promise(resolve => {
			this.#open = resolve;
		});
	}

	resume(): void {
		this.#open?.();
		this.#waiting = undefined;
		this.#open = undefined;
	}

	async wait(): Promise<void> {
		while (this.#waiting) await this.#waiting;
	}
}

/** `gate`'s commands, with `announce` told each time it closes or opens. */
export function announcedGate(gate: PauseGate, announce: (paused: boolean) => void): {pause(): void; resume(): void} {
	return {
		pause() {
			gate.pause();
			announce(true);
		},
		resume() {
			gate.resume();
			announce(false);
		},
	};
}

/** Waits while any of `gates` is paused (the user's pause, a hold for room). */
export function openWhenAll(...gates: PauseGate[]): {wait(): Promise<void>} {
	return {
		async wait() {
			while (gates.some(gate => gate.paused)) for (const gate of gates) await gate.wait();
		},
	};
}

/**
 * Counts decoded bytes waiting to be consumed across all tracks in work. acquire() waits while taking
 * more would exceed the allowance, except that one chunk may always be in flight (no deadlock when
 * memory is already over budget). release() wakes the waiters.
 */
export class PcmGate {
	#inFlight = 0;
	#waiters: Array<() => void> = [];

	constructor(private allowance: () => number) {}

	get inFlightBytes(): number {
		return this.#inFlight;
	}

	/** Resolves with the milliseconds spent waiting. */
	async acquire(bytes: number, cancelled: () => boolean = () => false): Promise<number> {
		const start = performance.now();
		while (this.#inFlight > 0 && this.#inFlight + bytes > this.allowance() && !cancelled()) {
			await new Promise<void>(resolve => {
				this.#waiters.push(resolve);
				// Memory may fall without a release (a GC elsewhere): look again now and then.
				setTimeout(resolve, 250).unref();
			});
		}
		this.#inFlight += bytes;
		return performance.now() - start;
	}

	release(bytes: number): void {
		this.#inFlight = Math.max(0, this.#inFlight - bytes);
		this.wake();
	}

	/** Lets waiters look at the allowance again (after a limit change, or to cancel). */
	wake(): void {
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const wake of waiters) wake();
	}
}
