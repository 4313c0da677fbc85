import type {MemorySample} from '../memory/monitor.js';
import type {TreeMemory} from '../memory/working-set.js';
import {DEFAULT_COSTS, type FixedCosts} from './floor.js';

/** A decoder counts as measured once ffmpeg has mapped its codecs: below this it is still starting. */
const STARTED_DECODER_BYTES = 4 * 2 ** 20;
/** Samples with a decoder at work before its cost is taken as known. */
const DECODER_SAMPLES = 2;
/** A measured cost moves the floor again only when it grows by more than this share (no churn). */
const GROWTH_TO_REFIT = 0.15;

/**
 * Measures the run's fixed costs from its first memory samples: node at rest from the first sample
 * (taken before any worker or decoder starts), one decoder from the largest ffmpeg child seen at
 * work. A worker thread cannot be told apart inside node's own figure, so its cost stays the
 * estimate. Reports through `changed` when the costs are first known, and when they grow markedly.
 */
export class FloorMeter {
	#costs: FixedCosts = {...DEFAULT_COSTS};
	#base: number | undefined;
	#decoderPeak = 0;
	#decoderSamples = 0;

	constructor(private readonly changed: (costs: FixedCosts) => void) {}

	get costs(): FixedCosts {
		return this.#costs;
	}

	get measured(): boolean {
		return this.#costs.measured;
	}

	/** Takes one sample into account. */
	observe(sample: MemorySample, tree: TreeMemory): void {
		this.#base ??= sample.workingSetBytes;
		const decoders = [...tree.children.values()].filter(bytes => bytes >= STARTED_DECODER_BYTES);
		if (decoders.length === 0) return;
		this.#decoderSamples++;
		const peak = Math.max(this.#decoderPeak, ...decoders);
		const grew = peak > this.#decoderPeak * (1 + GROWTH_TO_REFIT);
		this.#decoderPeak = peak;
		if (!this.#costs.measured ? this.#decoderSamples >= DECODER_SAMPLES : grew) this.#publish();
	}

	/** The first track ended before its decoder was measured twice: take what was seen. */
	settle(): void {
		if (!this.#costs.measured && this.#base !== undefined) this.#publish();
	}

	#publish(): void {
		this.#costs = {
			baseBytes: this.#base ?? DEFAULT_COSTS.baseBytes,
			perWorkerBytes: DEFAULT_COSTS.perWorkerBytes,
			perDecoderBytes: this.#decoderPeak > 0 ? this.#decoderPeak : DEFAULT_COSTS.perDecoderBytes,
			measured: true,
		};
		this.changed(this.#costs);
	}
}
