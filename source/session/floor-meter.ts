import type {MemorySample} from '../memory/monitor.js';
import type {TreeMemory} from '../memory/working-set.js';
import {DEFAULT_COSTS, type FixedCosts} from './floor.js';

/** A decoder counts as measured once ffmpeg has mapped its codecs: below this it is still starting. */
const STARTED_DECODER_BYTES = 4 * 2 ** 20;
/** Samples with a decoder at work before its cost is taken as known. */
const DECODER_SAMPLES = 2;
/** A measured cost moves the floor again only when it grows by more than this share (no churn). */
const GROWTH_TO_REFIT = 0.15;

/** What the session knows beside a sample: workers running, decoded audio handed out and not consumed. */
export type MeterContext = {workers: number; inFlightBytes: number};

/**
 * Measures the run's fixed costs from its memory samples: node at rest from the first sample (taken
 * before any worker or decoder starts), one decoder from the largest ffmpeg child seen at work, one
 * worker from what node's own figure grew by since the first sample, less the decoded audio in
 * flight, shared among the workers (never below the estimate: a worker at work, with its heap and
 * buffers, is what the budget has to carry). Reports through `changed` when the costs are first
 * known, and when they grow markedly.
 */
export class FloorMeter {
	#costs: FixedCosts = {...DEFAULT_COSTS};
	#base: number | undefined;
	#baseSelf: number | undefined;
	#decoderPeak = 0;
	#workerPeak = 0;
	#decoderSamples = 0;

	constructor(private readonly changed: (costs: FixedCosts) => void) {}

	get costs(): FixedCosts {
		return this.#costs;
	}

	get measured(): boolean {
		return this.#costs.measured;
	}

	/** Takes one sample into account. */
	observe(sample: MemorySample, tree: TreeMemory, context: MeterContext = {workers: 0, inFlightBytes: 0}): void {
		this.#base ??= sample.workingSetBytes;
		this.#baseSelf ??= tree.selfBytes;
		const decoders = [...tree.children.values()].filter(bytes => bytes >= STARTED_DECODER_BYTES);
		if (decoders.length === 0) return;
		this.#decoderSamples++;
		const peak = Math.max(this.#decoderPeak, ...decoders);
		let grew = peak > this.#decoderPeak * (1 + GROWTH_TO_REFIT);
		this.#decoderPeak = peak;
		if (context.workers > 0) {
			const perWorker = (tree.selfBytes - this.#baseSelf - context.inFlightBytes) / context.workers;
			const known = Math.max(this.#workerPeak, DEFAULT_COSTS.perWorkerBytes);
			if (perWorker > known * (1 + GROWTH_TO_REFIT)) grew = true;
			this.#workerPeak = Math.max(this.#workerPeak, perWorker);
		}
		if (!this.#costs.measured ? this.#decoderSamples >= DECODER_SAMPLES : grew) this.#publish();
	}

	/** The first track ended before its decoder was measured twice: take what was seen. */
	settle(): void {
		if (!this.#costs.measured && this.#base !== undefined) this.#publish();
	}

	#publish(): void {
		this.#costs = {
			baseBytes: this.#base ?? DEFAULT_COSTS.baseBytes,
			perWorkerBytes: Math.max(DEFAULT_COSTS.perWorkerBytes, this.#workerPeak),
			perDecoderBytes: this.#decoderPeak > 0 ? this.#decoderPeak : DEFAULT_COSTS.perDecoderBytes,
			measured: true,
		};
		this.changed(this.#costs);
	}
}
