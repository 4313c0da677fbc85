import type {Limits} from '../../config/limits.js';
import type {MemoryMonitor, MemorySample} from '../../memory/monitor.js';
import {BUDGET_SHARE, planChunk, type ChunkPlan} from './chunk-plan.js';
import {fitShape, floorMessage, type FittedShape, type FixedCosts} from './floor.js';
import {FloorMeter} from './floor-meter.js';
import {gcWorthForcing, type GcMemo} from './gc-rule.js';
import {ShapeAnnouncer, type Clock} from './shape-announcer.js';

export type MemoryPolicyHost = {
	monitor: MemoryMonitor;
	limits(): Limits;
	/** Decoded bytes per second of audio. */
	bytesPerSecond: number;
	/** Decoded bytes handed out and not yet consumed. */
	inFlightBytes(): number;
	/** A forced GC over the threshold (main thread and workers), reported as such. */
	forceGc(): Promise<void>;
	/** The shape of the run changed: more or fewer tracks may be in work now. */
	reshaped(): void;
	log(level: 'info' | 'warn', message: string): void;
	/** Whether a track in work is read by the second decoder (a node child): the decoders measured are then not ffmpeg alone. */
	secondDecoderInWork?(): boolean;
	/** When a message is due and a GC was last forced is judged on this clock; performance.now unless given. */
	now?: Clock;
};

/** Leaving the over-threshold state takes this many points below the threshold (no flapping). */
const HYSTERESIS_PERCENT = 10;
/** The warning that memory is over the threshold is given at most this often. */
const WARNING_EVERY_MS = 60_000;

/**
 * How the session keeps inside its memory budget. The levers, in order: the shape of the run (fewer
 * decoders and workers, then shorter chunks; floor.ts), the length of each chunk (the chunk rule,
 * halved above the threshold), how many decoded bytes may wait for analysis (backpressure), and last
 * a forced GC, only when the V8 heap holds enough to matter and not more than once every few seconds.
 */
export class MemoryPolicy {
	#shrinkNext = false;
	#meter: FloorMeter;
	#shape: FittedShape;
	#announcer: ShapeAnnouncer;
	#now: Clock;
	/** The user changed the limits before the floor was measured: the measurement answers them, at once. */
	#userChangeUnanswered = false;
	#over = false;
	#lastWarning = -Infinity;
	#gc: GcMemo = {lastAt: -Infinity, liveBytes: undefined};
	/** The floor meter has measured the second decoder: what it found of the decoders is no measure of ffmpeg. */
	#secondDecoderMeasured = false;

	constructor(private readonly host: MemoryPolicyHost) {
		this.#now = host.now ?? (() => performance.now());
		this.#announcer = new ShapeAnnouncer((shape, first) => this.#say(shape, first), this.#now);
		this.#meter = new FloorMeter(costs => this.#costsChanged(costs));
		this.#shape = this.#fit(this.#meter.costs);
	}

	/** The shape the budget allows now: tracks decoding and analysed at once, the longest chunk. */
	get shape(): FittedShape {
		return this.#shape;
	}

	/** Tracks in work at once: one until the floor is measured, then what the shape allows. */
	get decoders(): number {
		return this.#meter.measured ? this.#shape.decoders : 1;
	}

	get workers(): number {
		return this.#shape.workers;
	}

	/** The fixed cost of the run as it is shaped now; 0 until measured. */
	get floorBytes(): number {
		return this.#meter.measured ? this.#shape.floorBytes : 0;
	}

	/** Feeds a memory sample to the floor meter. */
	observe(sample: MemorySample): void {
		if (this.host.secondDecoderInWork?.()) this.#secondDecoderMeasured = true;
		this.#meter.observe(sample, this.host.monitor.tree, {workers: this.#shape.workers, inFlightBytes: this.host.inFlightBytes()});
		this.#announcer.sampled(this.#shape);
	}

	/** The run ends: say what the levers are, if that is still unsaid. */
	flush(): void {
		this.#announcer.flush(this.#shape);
	}

	/** A track has ended: the floor is known by now, measured or not. */
	trackEnded(): void {
		this.#meter.settle();
	}

	/** The limits changed: fit the shape again, and say so when that changes what runs. */
	limitsChanged(): void {
		if (this.#meter.measured) this.#refit(this.#meter.costs, true);
		else {
			this.#shape = this.#fit(this.#meter.costs);
			this.#userChangeUnanswered = true;
		}
	}

	/** The next chunk's length, from the limits, the shape, the latest memory sample and the audio left in the track. */
	nextChunk(firstChunk: boolean, remainingSeconds?: number): ChunkPlan {
		const limits = this.host.limits();
		const maxChunkSeconds = Math.min(limits.maxChunkSeconds, this.#shape.maxChunkSeconds);
		const plan = planChunk({
			limits: {...limits, maxChunkSeconds, chunkSeconds: Math.min(limits.chunkSeconds, maxChunkSeconds)},
			memory: this.host.monitor.state(),
			bytesPerSecond: this.host.bytesPerSecond,
			firstChunk,
			shrinkRequested: this.#shrinkNext,
			remainingSeconds,
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

	/**
	 * After the session's `chunks`-th chunk, every monitorIntervalChunks: above the threshold the next
	 * chunk is halved, and a GC is forced only when the heap holds enough garbage to matter.
	 */
	async afterChunk(chunks: number): Promise<void> {
		const limits = this.host.limits();
		if (chunks % limits.monitorIntervalChunks !== 0 || !limits.monitoringEnabled) return;
		const sample = await this.host.monitor.reading();
		const percent = sample.budgetUsedPercent;
		if (percent < limits.gcThresholdPercent) {
			if (percent < limits.gcThresholdPercent - HYSTERESIS_PERCENT) this.#over = false;
			return;
		}
		this.#shrinkNext = true;
		const now = this.#now();
		if (gcWorthForcing(sample, this.#gc, now)) {
			this.#gc.lastAt = now;
			await this.host.forceGc();
		}
		// Over the budget for want of room above the floor was said once already; otherwise say it once
		// per stretch above the threshold, and not more than once a minute.
		if (!this.#over && !this.#shape.overBudget && now - this.#lastWarning >= WARNING_EVERY_MS) {
			this.#lastWarning = now;
			this.host.log(
				'warn',
				`memory at ${percent.toFixed(0)}% of the budget: shorter chunks until it falls below ${limits.gcThresholdPercent - HYSTERESIS_PERCENT}%`,
			);
		}
		this.#over = true;
	}

	/** After any forced GC: what the heap holds now is live. */
	gcDone(liveBytes: number): void {
		this.#gc.liveBytes = liveBytes;
	}

	#fit(costs: FixedCosts): FittedShape {
		const limits = this.host.limits();
		return fitShape({
			budgetBytes: this.host.monitor.state().budgetBytes,
			costs,
			workers: limits.workers,
			minChunkSeconds: limits.minChunkSeconds,
			maxChunkSeconds: limits.maxChunkSeconds,
			bytesPerSecond: this.host.bytesPerSecond,
		});
	}

	#costsChanged(costs: FixedCosts): void {
		const byUser = this.#userChangeUnanswered;
		this.#userChangeUnanswered = false;
		this.#refit(costs, byUser);
	}

	/** Fits the shape again, and reshapes the run when what runs changed; the announcer says it when due. */
	#refit(costs = this.#meter.costs, byUser = false): void {
		this.#shape = this.#fit(costs);
		if (this.#announcer.refitted(this.#shape, byUser)) this.host.reshaped();
	}

	/** Says what runs now, against the budget and the floor. */
	#say(shape: FittedShape, first: boolean): void {
		const budget = this.host.monitor.state().budgetBytes;
		// The static ffmpeg's hint is reckoned from the decoders' costs: only when they are ffmpeg's.
		const message = floorMessage(budget, shape, this.#secondDecoderMeasured ? undefined : this.#meter.costs);
		if (message) this.host.log('warn', message);
		else if (!first)
			this.host.log('info', `budget carries the full run again: ${shape.decoders} decoders, ${shape.workers} workers, chunks up to ${shape.maxChunkSeconds} s`);
	}
}
