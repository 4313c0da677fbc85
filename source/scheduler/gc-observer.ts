import {constants, PerformanceObserver, type PerformanceEntry} from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export type GcKind = 'minor' | 'major' | 'incremental' | 'weakcb' | 'unknown';

export type GcEvent = {kind: GcKind; durationMs: number; forced: boolean; thread: 'main' | 'worker'};

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

export function gcEventFromEntry(entry: PerformanceEntry, thread: GcEvent['thread'] = 'main'): GcEvent {
	const detail = (entry as PerformanceEntry & {detail?: {kind?: number; flags?: number}}).detail;
	return {
		kind: gcKindName(detail?.kind),
		durationMs: entry.duration,
		forced: ((detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0,
		thread,
	};
}

/** Reports every V8 garbage collection of this thread. Returns a function that stops observing. */
export function observeGc(listener: (event: GcEvent) => void, thread: GcEvent['thread'] = 'main'): () => void {
	const observer = new PerformanceObserver(list => {
		for (const entry of list.getEntries()) listener(gcEventFromEntry(entry, thread));
	});
	observer.observe({entryTypes: ['gc']});
	return () => observer.disconnect();
}

let cachedGc: (() => void) | undefined;

/**
 * A real, forced garbage collection. Uses `gc` when node runs with --expose-gc; otherwise turns the
 * flag on at run time and takes `gc` from a fresh context (V8 installs it in contexts made after the flag).
 */
export function forceGc(): void {
	if (!cachedGc) {
		const existing = (globalThis as {gc?: () => void}).gc;
		if (typeof existing === 'function') {
			cachedGc = existing;
		} else {
			v8.setFlagsFromString('--expose-gc');
			cachedGc = vm.runInNewContext('gc') as () => void;
		}
	}
	cachedGc();
}
