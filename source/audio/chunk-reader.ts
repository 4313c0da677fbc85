import type {Readable} from 'node:stream';

export const BYTES_PER_SAMPLE = 4;

/**
 * Cuts a byte stream of little-endian float32 samples into chunks of a requested length, on demand.
 * The stream is read only while a chunk is being filled: between requests it stays paused, so the
 * producer (ffmpeg) blocks on a full pipe. That pause is the backpressure.
 * Pipe reads arrive in arbitrary sizes, not multiples of 4 bytes: bytes are copied into the chunk at
 * their offset, and what does not fit waits in a small carry-over for the next chunk.
 */
export class ChunkReader {
	#carry: Buffer | undefined;
	#ended = false;
	#error: Error | undefined;
	#target: Uint8Array | undefined;
	#filled = 0;
	#wake: (() => void) | undefined;
	#discarding = false;
	/** Bytes read from the stream that did not make a whole sample at its end. */
	strayBytes = 0;
	totalBytes = 0;

	constructor(private readonly stream: Readable) {
		stream.pause();
		stream.on('data', (data: Buffer) => this.#onData(data));
		stream.on('end', () => {
			this.#ended = true;
			this.#wake?.();
		});
		stream.on('error', error => {
			this.#error = error;
			this.#wake?.();
		});
	}

	/** True while a chunk is being filled, i.e. while waiting on the producer rather than on us. */
	get reading(): boolean {
		return this.#target !== undefined;
	}

	get ended(): boolean {
		return this.#ended && !this.#carry;
	}

	/**
	 * Reads the next `samples` samples. Resolves with fewer at the end of the stream, and with
	 * undefined once nothing is left. The returned array starts at offset 0 of its own ArrayBuffer, so
	 * it can be transferred to a worker. `reuse`, a buffer handed back after an earlier chunk was
	 * consumed, is filled again when it is large enough: reusing a few buffers keeps memory flat,
	 * where a fresh multi-megabyte buffer per chunk waits for the GC and fragments the heap. A new
	 * buffer is made `capacity` samples long (at least `samples`), so that it fits later, longer chunks
	 * too and is never dropped for being too short.
	 */
	async next(samples: number, reuse?: ArrayBuffer, capacity = samples): Promise<Float32Array | undefined> {
		if (this.#target) throw new Error('ChunkReader.next() called while a read is in progress');
		const byteLength = samples * BYTES_PER_SAMPLE;
		const buffer = reuse && reuse.byteLength >= byteLength ? reuse : new ArrayBuffer(Math.max(capacity, samples) * BYTES_PER_SAMPLE);
		const target = new Uint8Array(buffer, 0, byteLength);
		this.#target = target;
		this.#filled = 0;
		if (this.#carry) {
			const carry = this.#carry;
			this.#carry = undefined;
			this.#take(carry);
		}
		while (this.#filled < target.length && !this.#ended && !this.#error && !this.#discarding) {
			await new Promise<void>(resolve => {
				this.#wake = resolve;
				this.stream.resume();
			});
			this.#wake = undefined;
		}
		this.#target = undefined;
		if (this.#discarding) return undefined;
		this.stream.pause();
		if (this.#error) throw this.#error;
		let bytes = this.#filled;
		if (this.#ended && !this.#carry) {
			// A stream that stops mid-sample (a killed or broken decoder) leaves 1-3 stray bytes: drop them.
			const whole = bytes - (bytes % BYTES_PER_SAMPLE);
			this.strayBytes += bytes - whole;
			bytes = whole;
		}
		if (bytes === 0) return undefined;
		return new Float32Array(target.buffer, 0, bytes / BYTES_PER_SAMPLE);
	}

	/**
	 * Stops framing: whatever arrives from now on is thrown away and the stream flows to its end,
	 * so that a stopped producer can exit. A read in progress resolves with undefined.
	 */
	discard(): void {
		this.#discarding = true;
		this.#carry = undefined;
		this.stream.resume();
		this.#wake?.();
	}

	#onData(data: Buffer): void {
		if (this.#discarding) return;
		this.totalBytes += data.length;
		if (!this.#target) {
			// Data that arrives after a pause took effect: keep it for the next chunk.
			this.#carry = this.#carry ? Buffer.concat([this.#carry, data]) : data;
			this.stream.pause();
			return;
		}
		this.#take(data);
		if (this.#filled === this.#target.length) {
			this.stream.pause();
			this.#wake?.();
		}
	}

	#take(data: Buffer): void {
		const target = this.#target!;
		const room = target.length - this.#filled;
		const used = Math.min(room, data.length);
		target.set(data.subarray(0, used), this.#filled);
		this.#filled += used;
		if (used < data.length) {
			// Copy the rest: a subarray would keep the whole pipe read alive.
			const rest = Buffer.from(data.subarray(used));
			this.#carry = this.#carry ? Buffer.concat([this.#carry, rest]) : rest;
		}
	}
}
