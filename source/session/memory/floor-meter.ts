import type {MemorySample} from '../../memory/monitor.js';
import type {TreeMemory} from '../../memory/working-set.js';
import {DEFAULT_COSTS, fixedBytes, type FixedCosts} from './floor.js';

/** A decoder counts as measured once ffmpeg has mapped its codecs: below this it is still starting. */
const STARTED_DECODER_BYTES = 4 * 2 ** 20;
/** Samples with a decoder at work before the costs are first taken as known (about a second). */
const DECODER_SAMPLES = 4;
/** Measured costs move the floor again only when they move it by more than this share (no churn). */
const GROWTH_TO_REFIT = 0.05;
/** Shapes the growth is judged on: the smallest, and a usual full one. */
const REFERENCE_SHAPES = [
	{decoders: 1, workers: 1},
	{decoders: 3, workers: 2},
];

/** What the session knows beside a sample: workers running, decoded audio handed out and not consumed. */
export type MeterContext = {workers: number; inFlightBytes: number};

type Peaks = Omit<FixedCosts, 'measured'>;

/** A running maximum: a cost seen once is a cost the run can have again. */
const higher = (known: number | undefined, seen: number) => Math.max(known ?? -Infinity, seen);

/**
 * Measures the run's fixed costs from its memory samples, each as the largest seen so far: node at
 * rest from the first sample (taken before any worker or decoder starts); the decoders from the ffmpeg
 * children at work (the first one's whole share, each further one's private memory); a worker from
 * what node's own figure grew by since the first sample, less the decoded audio in flight (never
 * below the estimate); and a margin, what the working set held beyond all of these. Reports through
 * `changed` when the costs are first known, and whenever they move the floor markedly; a cost
 * compared with what was last reported, so that slow growth is reported too.
 */
export class FloorMeter {
	#costs: FixedCosts = {...DEFAULT_COSTS};
	#peaks: Partial<Peaks> = {};
	#baseSelf: number | undefined;
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
		const peaks = this.#peaks;
		peaks.baseBytes ??= sample.workingSetBytes;
		this.#baseSelf ??= tree.selfBytes;
		const decoders = [...tree.children.values()].filter(child => child.bytes >= STARTED_DECODER_BYTES);
		if (decoders.length === 0) return;
		this.#decoderSamples++;
		peaks.extraDecoderBytes = higher(peaks.extraDecoderBytes, Math.max(...decoders.map(child => child.privateBytes)));
		const decoderShares = decoders.reduce((sum, child) => sum + child.bytes, 0);
		peaks.firstDecoderBytes = higher(peaks.firstDecoderBytes, decoderShares - (decoders.length - 1) * peaks.extraDecoderBytes);
		if (context.workers > 0) {
			const grown = tree.selfBytes - this.#baseSelf - context.inFlightBytes;
			peaks.firstWorkerBytes = higher(peaks.firstWorkerBytes, grown - (context.workers - 1) * DEFAULT_COSTS.extraWorkerBytes);
		}
		const running = this.#candidate({...peaks, marginBytes: 0});
		const beyond = sample.workingSetBytes - context.inFlightBytes - fixedBytes(running, {decoders: decoders.length, workers: context.workers});
		peaks.marginBytes = higher(peaks.marginBytes, Math.max(0, beyond));
		const candidate = this.#candidate(peaks);
		if (!this.#costs.measured ? this.#decoderSamples >= DECODER_SAMPLES : this.#movesFloor(candidate)) this.#publish(candidate);
	}

	/** The first track ended before its decoder was measured for long: take what was seen. */
	settle(): void {
		if (!this.#costs.measured && this.#peaks.baseBytes !== undefined) this.#publish(this.#candidate(this.#peaks));
	}

	/** The costs as measured so far, with the estimates where nothing was measured (a worker never below its estimate). */
	#candidate(peaks: Partial<Peaks>): FixedCosts {
		return {
			baseBytes: peaks.baseBytes ?? DEFAULT_COSTS.baseBytes,
			firstWorkerBytes: Math.max(DEFAULT_COSTS.firstWorkerBytes, peaks.firstWorkerBytes ?? 0),
			extraWorkerBytes: DEFAULT_COSTS.extraWorkerBytes,
			firstDecoderBytes: peaks.firstDecoderBytes ?? DEFAULT_COSTS.firstDecoderBytes,
			extraDecoderBytes: peaks.extraDecoderBytes ?? DEFAULT_COSTS.extraDecoderBytes,
			marginBytes: peaks.marginBytes ?? 0,
			measured: true,
		};
	}

	#movesFloor(candidate: FixedCosts): boolean {
		return REFERENCE_SHAPES.some(shape => fixedBytes(candidate, shape) > fixedBytes(this.#costs, shape) * (1 + GROWTH_TO_REFIT));
	}

	#publish(costs: FixedCosts): void {
		this.#costs = costs;
		this.changed(costs);
	}
}
