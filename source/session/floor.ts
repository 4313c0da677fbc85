import {formatBytes} from '../util/units.js';
import {clamp} from './chunk-plan.js';

/**
 * The floor: what a run costs before any audio is in flight (node at rest, each analysis worker, each
 * decoder pipeline), and the shape of the run a budget allows. A budget under the floor is a fact to
 * state once, with what was cut to fit; pure functions here, measured figures from floor-meter.ts.
 */

export type FixedCosts = {
	/** Node at rest with the store open, before any worker or decoder. */
	baseBytes: number;
	/** One analysis worker thread at rest (an isolate with its code loaded). */
	perWorkerBytes: number;
	/** One decoder pipeline: the ffmpeg child at work. */
	perDecoderBytes: number;
	/** The costs come from this run's own samples, not from the defaults. */
	measured: boolean;
};

/** Estimates until the run has measured its own (Node 20, Linux, PSS; see bench/results.md). */
export const DEFAULT_COSTS: FixedCosts = {baseBytes: 60 * 2 ** 20, perWorkerBytes: 15 * 2 ** 20, perDecoderBytes: 16 * 2 ** 20, measured: false};

/** How the run is set up: tracks decoding at once, tracks analysed at once, the longest chunk. */
export type RunShape = {decoders: number; workers: number; maxChunkSeconds: number};

export type ShapeInput = {
	budgetBytes: number;
	costs: FixedCosts;
	/** The workers setting: most tracks analysed at once. */
	workers: number;
	minChunkSeconds: number;
	maxChunkSeconds: number;
	bytesPerSecond: number;
};

export type FittedShape = RunShape & {
	/** The shape asked for: a decoder per worker and one more that starts the next track early. */
	requested: RunShape;
	/** The fixed cost of the requested shape. */
	requestedFloorBytes: number;
	/** The fixed cost of the shape chosen. */
	floorBytes: number;
	/** Even the smallest shape does not fit: the working set will stay above the budget. */
	overBudget: boolean;
	/** Decoders, workers or chunks were cut to fit. */
	cut: boolean;
};

export function floorOf(costs: FixedCosts, shape: Pick<RunShape, 'decoders' | 'workers'>): number {
	return costs.baseBytes + shape.workers * costs.perWorkerBytes + shape.decoders * costs.perDecoderBytes;
}

/** Decoded audio a shape may hold at once: the chunk being analysed and the next one, per worker. */
export function chunkRoomBytes(shape: RunShape, bytesPerSecond: number): number {
	return 2 * shape.workers * shape.maxChunkSeconds * bytesPerSecond;
}

/**
 * The largest shape the budget carries, taking the levers in order: first fewer decoders (the one that
 * starts early), then fewer workers (each with its decoder), then shorter chunks. When even one
 * decoder, one worker and the shortest chunks do not fit, that smallest shape runs and backpressure is
 * the lever left. Pure.
 */
export function fitShape(input: ShapeInput): FittedShape {
	const {budgetBytes, costs, bytesPerSecond, minChunkSeconds, maxChunkSeconds} = input;
	const workers = Math.max(1, Math.floor(input.workers));
	const requested: RunShape = {decoders: workers + 1, workers, maxChunkSeconds};
	const requestedFloorBytes = floorOf(costs, requested);
	const fits = (shape: RunShape) => floorOf(costs, shape) + chunkRoomBytes(shape, bytesPerSecond) <= budgetBytes;
	const candidates: RunShape[] = [requested];
	for (let count = workers; count >= 1; count--) candidates.push({decoders: count, workers: count, maxChunkSeconds});
	const chosen = candidates.find(fits);
	const result = (shape: RunShape, overBudget: boolean): FittedShape => ({
		...shape,
		requested,
		requestedFloorBytes,
		floorBytes: floorOf(costs, shape),
		overBudget,
		cut: shape.decoders < requested.decoders || shape.workers < requested.workers || shape.maxChunkSeconds < maxChunkSeconds,
	});
	if (chosen) return result(chosen, false);
	// One decoder and one worker: chunks as long as what is left allows.
	const smallest: RunShape = {decoders: 1, workers: 1, maxChunkSeconds};
	const left = budgetBytes - floorOf(costs, smallest);
	const seconds = clamp(Math.floor(left / (2 * bytesPerSecond)), minChunkSeconds, maxChunkSeconds);
	const shape = {...smallest, maxChunkSeconds: seconds};
	return result(shape, !fits(shape));
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The one message a cut shape gets: "budget 128 MiB is under this machine's floor of 150 MiB with
 * 3 decoders: running 1 decoder, 1 worker, 5 s chunks". Undefined when nothing was cut.
 */
export function floorMessage(budgetBytes: number, shape: FittedShape): string | undefined {
	if (!shape.cut) return undefined;
	const budget = formatBytes(budgetBytes);
	const floor = `this machine's floor of ${formatBytes(shape.requestedFloorBytes)} with ${count(shape.requested.decoders, 'decoder')}`;
	const why = budgetBytes < shape.requestedFloorBytes ? `is under ${floor}` : `leaves too little room above ${floor}`;
	const running = `running ${count(shape.decoders, 'decoder')}, ${count(shape.workers, 'worker')}, ${shape.maxChunkSeconds} s chunks`;
	const over = shape.overBudget ? `; even so the run needs about ${formatBytes(shape.floorBytes)}: memory will stay above the budget` : '';
	return `budget ${budget} ${why}: ${running}${over}`;
}

/** Whether two shapes run the same way (a new message is due only when the shape changes). */
export function sameShape(a: RunShape, b: RunShape): boolean {
	return a.decoders === b.decoders && a.workers === b.workers && a.maxChunkSeconds === b.maxChunkSeconds;
}
