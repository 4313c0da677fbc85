import type {MemorySample} from '../../memory/monitor.js';

/** Forced GCs are at least this far apart: a collection that freed nothing will not free more soon. */
export const GC_MIN_INTERVAL_MS = 5000;
/** A GC is worth forcing when the heap has grown by this much since the last one… */
export const GC_MIN_GARBAGE_BYTES = 8 * 2 ** 20;
/** …and by at least this share of the budget. */
export const GC_MIN_BUDGET_SHARE = 0.05;

/** What the rule remembers: when it last forced a GC, and what the heap held right after it. */
export type GcMemo = {lastAt: number; liveBytes: number | undefined};

/**
 * Whether a forced GC can help: the V8 heap (with the ArrayBuffers it owns) must have grown enough
 * since the last collection to make a difference to the budget, and the last forced one must be a few
 * seconds back. The heap is often a tenth of the working set; forcing it again and again only pauses.
 * Pure.
 */
export function gcWorthForcing(sample: Pick<MemorySample, 'heapUsedBytes' | 'externalBytes' | 'budgetBytes'>, memo: GcMemo, now: number): boolean {
	if (now - memo.lastAt < GC_MIN_INTERVAL_MS) return false;
	const heap = sample.heapUsedBytes + sample.externalBytes;
	const garbage = heap - (memo.liveBytes ?? 0);
	return garbage >= Math.max(GC_MIN_GARBAGE_BYTES, sample.budgetBytes * GC_MIN_BUDGET_SHARE);
}
