import type {Limits} from '../../config/limits.js';
import {usagePercent, WARNING_PERCENT, type MemoryState} from '../../memory/budget.js';

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
	/**
	 * Audio left before the end of the track (or of the CUE track), when it is known: a chunk that
	 * would leave less than the minimum after it takes that rest along, or leaves the minimum.
	 */
	remainingSeconds?: number;
};

/**
 * Why a chunk has its length: the rule that chose it, or `end` when the track (or the CUE track) ended
 * before the chunk was full: the rest of it, which may be shorter than the minimum.
 */
export type ChunkReason = 'fixed' | 'start' | 'memory' | 'warning' | 'shrunk' | 'end';

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
 * - otherwise what memory allows, clamped; halved above the warning level, halved again after a forced GC;
 * - never below minChunkSeconds, nor leaving a rest of the track shorter than it when the rest is known.
 */
export function planChunk(input: ChunkPlanInput): ChunkPlan {
	const plan = plannedChunk(input);
	return {...plan, seconds: noShortRest(plan.seconds, input.remainingSeconds, input.limits)};
}

function plannedChunk({limits, memory, bytesPerSecond, firstChunk, shrinkRequested}: ChunkPlanInput): ChunkPlan {
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

/**
 * The chunk length adjusted so that what follows it in the track is not shorter than the minimum: the
 * rest is taken along when the chunk can hold it (up to max), else the chunk leaves exactly the
 * minimum. Only a track shorter than the minimum is read in a shorter chunk.
 */
export function noShortRest(seconds: number, remainingSeconds: number | undefined, limits: Pick<Limits, 'minChunkSeconds' | 'maxChunkSeconds'>): number {
	if (remainingSeconds === undefined || !Number.isFinite(remainingSeconds)) return seconds;
	const rest = remainingSeconds - seconds;
	if (rest <= 0 || rest >= limits.minChunkSeconds) return seconds;
	// In hundredths, as chunks are planned: up to the end (reading stops there), or short of the minimum.
	if (remainingSeconds <= limits.maxChunkSeconds) return Math.ceil(remainingSeconds * 100) / 100;
	return Math.max(limits.minChunkSeconds, Math.floor((remainingSeconds - limits.minChunkSeconds) * 100) / 100);
}

/** The reason a chunk read reports: the plan's, or `end` when the track ended before the chunk was full. */
export function readReason(plan: ChunkPlan, readSeconds: number): ChunkReason {
	// Hundredths: a chunk is planned in them, and read in whole samples.
	return readSeconds < plan.seconds - 0.01 ? 'end' : plan.reason;
}
