import type {TotalMemory} from './total.js';

/**
 * The memory budget: the limit's share of total RAM, in whole bytes. Every figure that says "budget"
 * (the scheduler, the monitor, the panels, the reporters) comes from here.
 */
export function budgetBytes(total: Pick<TotalMemory, 'totalBytes'>, limitPercent: number): number {
	return Math.floor((total.totalBytes * limitPercent) / 100);
}

/** Above this share of the budget chunks are halved; the gauges turn from yellow to orange here too. */
export const WARNING_PERCENT = 70;

/** What the chunk scheduler reasons about: the budget, what is used, and what is left. */
export type MemoryState = {
	/** The memory budget: limit % × total RAM. */
	budgetBytes: number;
	/** What the process tree (node and its ffmpeg children) uses now. */
	usedBytes: number;
	/** Memory still available to us: the smaller of what is left in the budget and what the system has free. */
	availableBytes: number;
};

/** Memory in use as a percentage of the budget (100 when there is no budget at all). */
export function usagePercent(memory: MemoryState): number {
	return memory.budgetBytes > 0 ? (memory.usedBytes / memory.budgetBytes) * 100 : 100;
}
