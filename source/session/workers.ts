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
