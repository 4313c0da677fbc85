import type {GcEvent} from '../memory/gc.js';
import type {TrackFeatureOptions} from './track-features.js';
import type {TrackAnalysis} from './types.js';

/** Messages from the pool to an analysis worker. */
export type ToWorker =
	| {type: 'open'; track: number; path: string; options: TrackFeatureOptions}
	/** A chunk of samples: the ArrayBuffer is transferred, not copied. */
	| {type: 'push'; track: number; seq: number; buffer: ArrayBuffer; byteOffset: number; length: number}
	| {type: 'finish'; track: number}
	| {type: 'abort'; track: number}
	| {type: 'gc'; id: number};

/** Messages from an analysis worker to the pool. */
export type FromWorker =
	/** A chunk consumed: its ArrayBuffer comes back (transferred) for the session to fill again. */
	| {type: 'pushed'; track: number; seq: number; buffer: ArrayBuffer}
	| {type: 'result'; track: number; analysis: TrackAnalysis}
	| {type: 'failed'; track: number; message: string}
	| {type: 'gc-event'; event: GcEvent}
	| {type: 'gc-done'; id: number};
