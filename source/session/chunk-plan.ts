import type {Limits} from '../config/limits.js';
import {usagePercent, WARNING_PERCENT, type MemoryState} from '../memory/budget.js';

/** The seed tool's rule: a quarter of what is available, a quarter of the budget, then a 0.25 safety factor. */
export const AVAILABLE_SHARE = 0.25;
export const BUDGET_SHARE = 0.25;
export const SAFETY_FACTOR = 0.25;

export type ChunkPlanInput = {
	limits: Limits;
	memory: MemoryState;
	/** Decoded bytes per second of audio (4 bytes per float32 sample × sample rate). */
	bytesPerSecond: number;
	/** The first chunk of a track starts from chunkSeconds. */
	firstChunk: boolean;
	/** The monitor saw usage above the GC threshold and asked for a smaller next chunk. */
	shrinkRequested: boolean;
};

export type ChunkReason = 'fixed' | 'start' | 'memory' | 'warning' | 'shrunk';

export type ChunkPlan = {seconds: number; reason: ChunkReason};

export function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

/** The chunk length that the memory rule allows, before clamping. */
export function memoryAllowedSeconds(memory: MemoryState, bytesPerSecond: number): number {
	const available = Math.max(0, memory.availableBytes);
	const bytes = Math.min(available * AVAILABLE_SHARE, memory.budgetBytes * BUDGET_SHARE) * SAFETY_FACTOR;
	return bytes / bytesPerSecond;
}

/**
 * Picks the length of the next chunk. Pure: the same limits and memory state give the same answer.
 * - monitoring off: chunkSeconds, clamped to [min, max];
 * - first chunk of a track: the smaller of chunkSeconds and what memory allows;
 * - otherwise what memory allows, clamped; halved above the warning level, halved again after a forced GC.
 */
export function planChunk({limits, memory, bytesPerSecond, firstChunk, shrinkRequested}: ChunkPlanInput): ChunkPlan {
	const {minChunkSeconds: min, maxChunkSeconds: max} = limits;
	if (!limits.monitoringEnabled) return {seconds: clamp(limits.chunkSeconds, min, max), reason: 'fixed'};

	const allowed = memoryAllowedSeconds(memory, bytesPerSecond);
	let seconds = firstChunk ? Math.min(limits.chunkSeconds, allowed) : allowed;
	let reason: ChunkReason = firstChunk && limits.chunkSeconds <= allowed ? 'start' : 'memory';
	seconds = clamp(seconds, min, max);
	if (usagePercent(memory) >= WARNING_PERCENT) {
		seconds /= 2;
		reason = 'warning';
	}
	if (shrinkRequested) {
		seconds /= 2;
		reason = 'shrunk';
	}
	return {seconds: Math.max(min, roundSeconds(seconds)), reason};
}

/** Whole hundredths of a second, so that chunk sizes read cleanly and stay sample-exact at common rates. */
function roundSeconds(seconds: number): number {
	return Math.round(seconds * 100) / 100;
}
