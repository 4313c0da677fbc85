/**
 * Cuts a stream of sample chunks into overlapping frames of `frameSize` samples every `hopSize` samples,
 * whatever the chunk boundaries: frames that span two (or more) chunks are assembled from the carried
 * tail of the earlier ones. The frames seen are the same for one 30 s chunk or for many uneven ones.
 * Frames inside a chunk are views on it (no copy); the callback must not keep them.
 */
export class Framer {
	#tail = new Float32Array(0);
	/** Absolute index of the first sample in #tail. */
	#tailStart = 0;
	/** Absolute index of the next frame's first sample. */
	#next = 0;
	/** Samples seen so far. */
	#total = 0;
	#scratch: Float32Array;

	constructor(
		readonly frameSize: number,
		readonly hopSize: number,
		private readonly onFrame: (frame: Float32Array) => void,
	) {
		if (!(frameSize > 0 && hopSize > 0)) throw new Error('frame and hop sizes must be positive');
		this.#scratch = new Float32Array(frameSize);
	}

	get samples(): number {
		return this.#total;
	}

	push(chunk: Float32Array): void {
		const {frameSize, hopSize} = this;
		const chunkStart = this.#total;
		this.#total += chunk.length;

		if (this.#tail.length > 0) {
			// Frames that start in the tail: join the tail with the head of this chunk.
			const headLength = Math.min(chunk.length, frameSize - 1);
			const head = new Float32Array(this.#tail.length + headLength);
			head.set(this.#tail);
			head.set(chunk.subarray(0, headLength), this.#tail.length);
			const headStart = this.#tailStart;
			while (this.#next < chunkStart && this.#next + frameSize <= headStart + head.length) {
				const offset = this.#next - headStart;
				this.#scratch.set(head.subarray(offset, offset + frameSize));
				this.onFrame(this.#scratch);
				this.#next += hopSize;
			}
			if (this.#next < chunkStart) {
				// The chunk was too short to complete the frame: everything waits for the next one.
				this.#tail = head.slice(this.#next - headStart);
				this.#tailStart = this.#next;
				return;
			}
		}
		while (this.#next + frameSize <= this.#total) {
			const offset = this.#next - chunkStart;
			this.onFrame(chunk.subarray(offset, offset + frameSize));
			this.#next += hopSize;
		}
		if (this.#next < this.#total) {
			this.#tail = chunk.slice(this.#next - chunkStart);
			this.#tailStart = this.#next;
		} else {
			this.#tail = new Float32Array(0);
		}
	}
}
