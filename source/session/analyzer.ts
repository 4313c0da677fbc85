import type {GcEvent} from '../memory/gc.js';
import type {TrackAnalysis} from './events.js';

export type TrackContext = {path: string; sampleRate: number};

/**
 * Receives one track's samples chunk by chunk, in order, and summarises them.
 * push() takes ownership of the chunk (it may be transferred to another thread); the promise settles
 * when the chunk has been consumed and its memory can be counted as released. It may resolve with the
 * chunk's ArrayBuffer (transferred back from a worker) for the session to fill again: reusing buffers
 * keeps memory flat on long tracks.
 */
export interface TrackAnalyzer {
	push(samples: Float32Array): Promise<ArrayBuffer | void>;
	finish(): Promise<TrackAnalysis | undefined>;
	/** Drops the track: pending work is abandoned and the analyser is free for another track. */
	abort(): void;
}

/** A set of analysers the session draws from, one per track in work. */
export interface AnalyzerPool {
	open(track: TrackContext): Promise<TrackAnalyzer>;
	/** Forces a garbage collection wherever the pool keeps memory (its worker threads). */
	forceGc(): Promise<void>;
	/** GC events from the pool's threads. */
	onGc(listener: (event: GcEvent) => void): () => void;
	close(): Promise<void>;
}

/**
 * The simplest analyser: counts samples and measures level on the session's own thread.
 * It lets the engine run, be tested and be benchmarked without the feature extractors.
 */
export class LevelAnalyzerPool implements AnalyzerPool {
	constructor(private readonly delayMs = 0) {}

	async open(): Promise<TrackAnalyzer> {
		let samples = 0;
		let sumSquares = 0;
		let peak = 0;
		const {delayMs} = this;
		return {
			async push(chunk) {
				for (const value of chunk) {
					sumSquares += value * value;
					const magnitude = Math.abs(value);
					if (magnitude > peak) peak = magnitude;
				}
				samples += chunk.length;
				if (delayMs > 0) await new Promise(resolve => setTimeout(resolve, delayMs));
				return chunk.buffer as ArrayBuffer;
			},
			async finish() {
				const rms = samples > 0 ? Math.sqrt(sumSquares / samples) : 0;
				return {samples, rmsDb: 20 * Math.log10(rms || 1e-10), peak};
			},
			abort() {},
		};
	}

	async forceGc(): Promise<void> {}

	onGc(): () => void {
		return () => {};
	}

	async close(): Promise<void> {}
}
