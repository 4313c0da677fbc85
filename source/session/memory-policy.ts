import type {Limits} from '../config/limits.js';
import type {MemoryMonitor} from '../memory/monitor.js';
import {BUDGET_SHARE, planChunk, type ChunkPlan} from './chunk-plan.js';

export type MemoryPolicyHost = {
	monitor: MemoryMonitor;
	limits(): Limits;
	/** Decoded bytes per second of audio. */
	bytesPerSecond: number;
	/** Decoded bytes handed out and not yet consumed. */
	inFlightBytes(): number;
	/** A forced GC over the threshold (main thread and workers), reported as such. */
	forceGc(): Promise<void>;
	warn(message: string): void;
};

/**
 * How the session keeps inside its memory budget, chunk by chunk: the length of the next chunk (the
 * chunk rule, halved after a forced GC), how many decoded bytes may wait for analysis (backpressure),
 * and the check every `monitorIntervalChunks` chunks that forces a GC above the threshold. The number
 * of tracks in work is the other lever (workers.ts).
 */
export class MemoryPolicy {
	#shrinkNext = false;

	constructor(private readonly host: MemoryPolicyHost) {}

	/** The next chunk's length, from the limits and the latest memory sample. */
	nextChunk(firstChunk: boolean): ChunkPlan {
		const plan = planChunk({
			limits: this.host.limits(),
			memory: this.host.monitor.state(),
			bytesPerSecond: this.host.bytesPerSecond,
			firstChunk,
			shrinkRequested: this.#shrinkNext,
		});
		this.#shrinkNext = false;
		return plan;
	}

	/**
	 * Decoded audio waiting for analysis may take the chunk rule's share of the budget, and never more
	 * than memory has left beside what is already in flight.
	 */
	pcmAllowance(): number {
		const state = this.host.monitor.state();
		return Math.min(state.budgetBytes * BUDGET_SHARE, state.availableBytes + this.host.inFlightBytes());
	}

	/** After the session's `chunks`-th chunk: every monitorIntervalChunks, a forced GC above the threshold. */
	async afterChunk(chunks: number): Promise<void> {
		const limits = this.host.limits();
		if (chunks % limits.monitorIntervalChunks !== 0 || !limits.monitoringEnabled) return;
		const sample = await this.host.monitor.sample();
		if (sample.budgetUsedPercent >= limits.gcThresholdPercent) {
			this.#shrinkNext = true;
			await this.host.forceGc();
			this.host.warn(`memory at ${sample.budgetUsedPercent.toFixed(0)}% of the budget: forced a GC, next chunk halved`);
		}
	}
}
