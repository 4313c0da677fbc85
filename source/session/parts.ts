/**
 * Where a decoded stream is cut into tracks: an album image's CUE tracks, each from its start to the
 * next one's, or the whole file as one part. Counts samples of the one stream; a chunk is never
 * asked to cross a boundary, so a boundary always ends a chunk.
 */
import type {CueSpan} from '../audio/cue-sheet.js';

export class Parts {
	/** Sample where each part starts, and where it ends (Infinity: the end of the stream). */
	readonly #starts: number[];
	readonly #ends: number[];
	#index = 0;
	#position = 0;

	constructor(
		readonly spans: readonly CueSpan[] | undefined,
		sampleRate: number,
	) {
		const list = spans ?? [];
		this.#starts = spans ? list.map(span => Math.round(span.startSeconds * sampleRate)) : [0];
		this.#ends = spans ? list.map(span => (span.endSeconds === undefined ? Infinity : Math.round(span.endSeconds * sampleRate))) : [Infinity];
	}

	/** The CUE track now being read (undefined for a whole file, or past the last part). */
	get span(): CueSpan | undefined {
		return this.spans?.[this.#index];
	}

	get index(): number {
		return this.#index;
	}

	get count(): number {
		return this.#starts.length;
	}

	/** Samples read from the stream so far. */
	get position(): number {
		return this.#position;
	}

	/** True while the stream is before the current part (a pregap before track 1): those samples are dropped. */
	get beforePart(): boolean {
		return this.#position < this.#starts[this.#index]!;
	}

	/** True once the last part has ended: the rest of the stream is not wanted. */
	get done(): boolean {
		return this.#index >= this.#starts.length;
	}

	/** The most samples the next read may ask for: up to the next boundary. */
	limit(requested: number): number {
		if (this.done) return requested;
		const boundary = this.beforePart ? this.#starts[this.#index]! : this.#ends[this.#index]!;
		return Math.max(1, Math.min(requested, boundary - this.#position));
	}

	/** Counts samples read; true when they reached the current part's end. */
	advance(samples: number): boolean {
		this.#position += samples;
		return !this.done && this.#position >= this.#ends[this.#index]!;
	}

	/** Moves on to the next part. */
	next(): void {
		this.#index++;
	}
}
