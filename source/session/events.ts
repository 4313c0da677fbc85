import type {TrackAnalysis} from '../analysis/types.js';
import type {TrackTags} from '../audio/ffmpeg-header.js';
import type {ChunkReason} from './memory/chunk-plan.js';
import type {Epoch} from './epochs.js';
import type {GcEvent} from '../memory/gc.js';
import type {MemorySample} from '../memory/monitor.js';
import type {TotalMemory} from '../memory/total.js';
import type {Limits} from '../config/limits.js';
import type {CueRef} from '../library/track.js';

export type SessionEvent =
	| {type: 'started'; root: string; limits: Limits; total: TotalMemory; ffmpeg: {path: string; source: string; version: string}; workers: number}
	| {type: 'scan'; found: number; done: boolean}
	| {type: 'queue'; total: number; toAnalyse: number; unchanged: number; failedBefore: number}
	/** `cue`: a CUE track of the album image at `path` begins (each of its tracks starts like a track). */
	| {type: 'track-start'; path: string; index: number; total: number; sizeBytes: number; cue?: CueRef}
	| {type: 'track-info'; path: string; durationSeconds: number | undefined; tags: TrackTags; codec: string | undefined}
	| {
			type: 'chunk';
			path: string;
			index: number;
			seconds: number;
			bytes: number;
			reason: ChunkReason;
			limitPercent: number;
			budgetBytes: number;
			/** Audio seconds of this track decoded so far, this chunk included. */
			positionSeconds: number;
			/** How long reading waited for the consumer (or the budget) before this chunk: backpressure. */
			waitedMs: number;
	  }
	| {type: 'memory'; sample: MemorySample}
	| {type: 'gc'; gc: GcEvent}
	| {
			type: 'gc-forced';
			reason: 'threshold' | 'command';
			/** The working set against the budget when the GC was forced. */
			budgetUsedPercent: number;
			/** The main thread's V8 heap and external memory before and after: what the GC freed. */
			heapBeforeBytes: number;
			heapAfterBytes: number;
	  }
	| {type: 'limits'; limits: Limits; changed: Array<keyof Limits>; workers: number}
	| {type: 'limits-rejected'; errors: string[]}
	/** A settings epoch ended (a change of limits, or the end of the run): what its settings cost. */
	| {type: 'epoch'; epoch: Epoch}
	| {type: 'paused'}
	| {type: 'resumed'}
	/** The analysis is held at its next chunk while something beside it has the budget's room (memory/room.ts), and let go. */
	| {type: 'held'}
	| {type: 'unheld'}
	| {type: 'track-skipped'; path: string}
	| {
			type: 'track-done';
			path: string;
			durationSeconds: number;
			chunks: number;
			analysisMs: number;
			partial: boolean;
			tags: TrackTags;
			analysis: TrackAnalysis | undefined;
			/** The CUE track of the album image at `path` this is. */
			cue?: CueRef;
	  }
	| {type: 'track-failed'; path: string; message: string}
	| {type: 'log'; level: 'info' | 'warn' | 'error'; message: string}
	| {type: 'stopping'}
	| {type: 'finished'; summary: SessionSummary};

export type SessionSummary = {
	tracks: number;
	failed: number;
	/** Tracks the store already held, unchanged: not analysed again. */
	unchanged: number;
	/** Tracks that failed before and have not changed: not retried (--retry-failed retries them). */
	failedBefore: number;
	/** Tracks the store forgot because they are gone from the library. */
	pruned: number;
	audioSeconds: number;
	wallSeconds: number;
	/** Highest resident memory of the whole process tree, as sampled. */
	peakRssBytes: number;
	/** Highest working set (what counts against the budget), as sampled. */
	peakWorkingSetBytes: number;
	/** Node's own high-water mark of resident memory, exact (from the kernel). */
	nodeMaxRssBytes: number;
	chunks: number;
	backpressureWaits: number;
	forcedGcs: number;
	stopped: boolean;
	/** The settings epochs of the run, in order (none when nothing was analysed). */
	epochs: readonly Epoch[];
	/** Why the run stopped on its own, when it did (the store could not be written). */
	error?: string;
};

export type SessionEventType = SessionEvent['type'];
export type EventOf<T extends SessionEventType> = Extract<SessionEvent, {type: T}>;
export type SessionListener = (event: SessionEvent) => void;

/** Anything that reports session events: what the reporters subscribe to. */
export type SessionEventSource = {on(listener: SessionListener): () => void};
