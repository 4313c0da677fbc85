/**
 * Identical consecutive messages said once, with a count: "memory over the threshold (×34)". The live
 * view folds a repeat into the line before it; a stream (the plain output) prints the first one at
 * once and the count when the run of repeats ends.
 */

export function withCount(text: string, count: number): string {
	return count > 1 ? `${text} (×${count})` : text;
}

/** For a stream: push() returns the lines to write now, flush() what is left at the end. */
export class RepeatFolder {
	#last: string | undefined;
	#count = 0;

	push(text: string): string[] {
		if (text === this.#last) {
			this.#count++;
			return [];
		}
		const out = this.flush();
		this.#last = text;
		this.#count = 1;
		return [...out, text];
	}

	flush(): string[] {
		const out = this.#last !== undefined && this.#count > 1 ? [withCount(this.#last, this.#count)] : [];
		this.#last = undefined;
		this.#count = 0;
		return out;
	}
}
