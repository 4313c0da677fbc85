import type {Limits} from '../config/limits.js';
import {clamp} from './chunk-plan.js';

/**
 * How many analysis workers a budget can carry: each costs about a V8 isolate plus two chunks in flight.
 * Always at least one, never more than asked for.
 */
export function workersForBudget(requested: number, budgetBytes: number, chunkBytes: number, baseBytes = BASE_PROCESS_BYTES): number {
	const perWorker = WORKER_OVERHEAD_BYTES + 2 * chunkBytes;
	const fit = Math.floor((budgetBytes - baseBytes) / perWorker);
	return clamp(fit, 1, requested);
}

/** Measured on Node 20: the main process with Ink and SQLite loaded, and one idle worker isolate with Meyda. */
export const BASE_PROCESS_BYTES = 90 * 1024 * 1024;
export const WORKER_OVERHEAD_BYTES = 30 * 1024 * 1024;

/**
 * Tracks in work at once: one per worker the budget allows, and one more whose decoder starts while
 * the others are analysed (when the budget has room for it), so that no worker waits for ffmpeg to
 * start and open the next file.
 */
export function pipelinesForBudget(limits: Pick<Limits, 'workers' | 'maxChunkSeconds'>, budgetBytes: number, bytesPerSecond: number): number {
	const chunkBytes = limits.maxChunkSeconds * bytesPerSecond;
	const workers = workersForBudget(limits.workers, budgetBytes, chunkBytes);
	const room = workersForBudget(limits.workers + 1, budgetBytes, chunkBytes) > workers;
	return workers + (room ? 1 : 0);
}
