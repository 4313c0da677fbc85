import {constants, PerformanceObserver, type PerformanceEntry} from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export type GcKind = 'minor' | 'major' | 'incremental' | 'weakcb' | 'unknown';

export type GcEvent = {
	kind: GcKind;
	durationMs: number;
	forced: boolean;
	/** A young-generation collection the session runs after each chunk (see collectYoungGarbage). */
	routine: boolean;
	thread: 'main' | 'worker';
};

export function gcKindName(kind: number | undefined): GcKind {
	switch (kind) {
		case constants.NODE_PERFORMANCE_GC_MINOR:
			return 'minor';
		case constants.NODE_PERFORMANCE_GC_MAJOR:
			return 'major';
		case constants.NODE_PERFORMANCE_GC_INCREMENTAL:
			return 'incremental';
		case constants.NODE_PERFORMANCE_GC_WEAKCB:
			return 'weakcb';
		default:
			return 'unknown';
	}
}

/** When this thread ran its routine collections, to tell them apart from the others. */
const routineWindows: Array<[number, number]> = [];

export function gcEventFromEntry(entry: PerformanceEntry, thread: GcEvent['thread'] = 'main'): GcEvent {
	const detail = (entry as PerformanceEntry & {detail?: {kind?: number; flags?: number}}).detail;
	const forced = ((detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;
	const routine = forced && routineWindows.some(([start, end]) => entry.startTime >= start - 1 && entry.startTime <= end + 1);
	return {kind: gcKindName(detail?.kind), durationMs: entry.duration, forced, routine, thread};
}

/** Reports every V8 garbage collection of this thread. Returns a function that stops observing. */
export function observeGc(listener: (event: GcEvent) => void, thread: GcEvent['thread'] = 'main'): () => void {
	const observer = new PerformanceObserver(list => {
		for (const entry of list.getEntries()) listener(gcEventFromEntry(entry, thread));
	});
	observer.observe({entryTypes: ['gc']});
	return () => observer.disconnect();
}

type GcFunction = (options?: {type?: 'major' | 'minor'; execution?: 'sync' | 'async'}) => void;
let cachedGc: GcFunction | undefined;

function gcFunction(): GcFunction {
	if (!cachedGc) {
		const existing = (globalThis as {gc?: GcFunction}).gc;
		if (typeof existing === 'function') {
			cachedGc = existing;
		} else {
			v8.setFlagsFromString('--expose-gc');
			cachedGc = vm.runInNewContext('gc') as GcFunction;
		}
	}
	return cachedGc;
}

/**
 * A real, forced garbage collection. Uses `gc` when node runs with --expose-gc; otherwise turns the
 * flag on at run time and takes `gc` from a fresh context (V8 installs it in contexts made after the flag).
 */
export function forceGc(): void {
	gcFunction()();
}

/** Pipe-read buffers a scavenge leaves behind, beyond this, call for a full collection. */
export const LEFT_BUFFERS_BYTES = 2 * 2 ** 20;

/**
 * Scavenges whose leftovers are judged together. Between two of them the chunk buffers in work come and
 * go (two decoders' 30 s chunks are 2.6 MiB each, lent to the workers and given back): one reading
 * above the mark says little, every reading of a stretch above it says the buffers stay.
 */
export const LEFT_WINDOW = 8;

/**
 * Whether the ArrayBuffers still held after the last LEFT_WINDOW scavenges have all grown past what a
 * full collection last left by LEFT_BUFFERS_BYTES: V8 may promote or pretenure the pipe-read buffers
 * (Node 24's V8 does, Node 20's does not), and then only a full collection frees them. Pure.
 */
export function buffersNeedFullGc(recentLeftBytes: readonly number[], afterFullBytes: number | undefined): boolean {
	if (afterFullBytes === undefined || recentLeftBytes.length < LEFT_WINDOW) return false;
	return Math.min(...recentLeftBytes.slice(-LEFT_WINDOW)) - afterFullBytes >= LEFT_BUFFERS_BYTES;
}

let buffersAfterFull: number | undefined;
/** The reading after a full collection also counts as what it left: V8 frees dead buffers' memory a moment later. */
let settling = true;
const recentLeft: number[] = [];

/**
 * A young-generation collection (a scavenge, about a millisecond). Every pipe read from ffmpeg arrives
 * in a fresh buffer; V8 counts those as external memory and frees them late, so an hour-long track
 * would end with tens of megabytes of dead buffers. One scavenge per chunk frees them at once and
 * keeps peak memory independent of track length. Where the V8 in use has moved those buffers out of
 * the young generation, the ArrayBuffers left after the scavenges grow, and a full collection (a few
 * milliseconds on this small heap) is run instead: measured, not assumed from the Node version.
 */
export function collectYoungGarbage(): void {
	const start = performance.now();
	const gc = gcFunction();
	gc({type: 'minor', execution: 'sync'});
	const left = process.memoryUsage().arrayBuffers;
	if (settling) {
		buffersAfterFull = Math.min(buffersAfterFull ?? left, left);
		settling = false;
	}
	recentLeft.push(left);
	if (recentLeft.length > LEFT_WINDOW) recentLeft.shift();
	if (buffersNeedFullGc(recentLeft, buffersAfterFull)) {
		gc();
		buffersAfterFull = process.memoryUsage().arrayBuffers;
		settling = true;
		recentLeft.length = 0;
	}
	routineWindows.push([start, performance.now()]);
	if (routineWindows.length > 32) routineWindows.shift();
}
