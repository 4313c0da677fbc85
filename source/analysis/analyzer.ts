import type {GcEvent} from '../memory/gc.js';
import type {TrackAnalysis} from './types.js';

export type TrackContext = {path: string; sampleRate: number};

/**
 * Receives one track's samples chunk by chunk, in order, and summarises them. finish() resolves with
 * the track's analysis, or undefined from an analyser that describes nothing (the engine alone, in
 * benchmarks and tests).
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
