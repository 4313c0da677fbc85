import type {FittedShape} from './floor.js';
import {sameLevers} from './floor.js';

/** Milliseconds from a fixed point: performance.now in a run, a hand-moved clock in tests. */
export type Clock = () => number;

/**
 * What the floor's growth changes is said once the floor has stopped moving for this long: in the
 * first seconds of a run it climbs in steps as the first tracks are analysed, and each step could
 * otherwise bring a message of its own. The shape changes at once; only the message waits.
 */
export const FLOOR_SETTLE_MS = 10_000;

/**
 * When to say what the levers are: one message when what runs changes (or, the first time, when it
 * is cut), at once when the user changed the limits, once the floor has settled when the meter moved
 * it, and at the end of the run when still unsaid. What the message says is the caller's (`say`).
 */
export class ShapeAnnouncer {
	#announced: FittedShape | undefined;
	/** When the meter last changed the levers without a message yet. */
	#unsaidSince: number | undefined;

	constructor(
		private readonly say: (shape: FittedShape, first: boolean) => void,
		private readonly now: Clock,
	) {}

	/** The shape was fitted again; true when what runs changed (the run is to be reshaped). */
	refitted(shape: FittedShape, byUser: boolean): boolean {
		const previous = this.#announced;
		if (previous && sameLevers(previous, shape)) {
			this.#unsaidSince = undefined;
			return false;
		}
		if (!previous && !shape.cut) {
			this.#announced = shape;
			this.#unsaidSince = undefined;
			return true;
		}
		if (byUser) this.#announce(shape);
		else this.#unsaidSince = this.now();
		return true;
	}

	/** A sample came in: say the shape now if the floor has stayed put long enough. */
	sampled(shape: FittedShape): void {
		if (this.#unsaidSince !== undefined && this.now() - this.#unsaidSince >= FLOOR_SETTLE_MS) this.#announce(shape);
	}

	/** The run ends: say the shape, if that is still unsaid. */
	flush(shape: FittedShape): void {
		if (this.#unsaidSince !== undefined) this.#announce(shape);
	}

	#announce(shape: FittedShape): void {
		this.#unsaidSince = undefined;
		if (this.#announced && sameLevers(this.#announced, shape)) return;
		const first = !this.#announced;
		this.#announced = shape;
		this.say(shape, first);
	}
}
