import {formatBytes} from '../../util/units.js';
import {clamp} from './chunk-plan.js';

/**
 * The floor: what a run needs while it runs, before the budget has any say: node at rest, its workers
 * at work, its decoder pipelines, the decoded audio in flight, and a margin for what the working set
 * was seen to hold beyond all that. A budget under the floor is a fact to state once, with what was
 * cut to fit; pure functions here, measured figures from floor-meter.ts.
 */

export type FixedCosts = {
	/** Node at rest with the store open, before any worker or decoder. */
	baseBytes: number;
	/**
	 * What node grows by with one track in analysis, beside the audio in flight: the worker thread at
	 * work, and the main thread's own working memory (its heap, spare chunk buffers, the malloc heap).
	 */
	firstWorkerBytes: number;
	/** Each further worker thread at work. */
	extraWorkerBytes: number;
	/** One decoder pipeline alone: the ffmpeg child at work, the library pages it maps included. */
	firstDecoderBytes: number;
	/** Each further decoder: its private memory (the library pages are shared, and divided among them). */
	extraDecoderBytes: number;
	/**
	 * What the working set was seen to hold beyond all the above: decoders overlapping as one track
	 * ends and the next starts, a cgroup's page cache beside the processes' own memory.
	 */
	marginBytes: number;
	/** The costs come from this run's own samples, not from the defaults. */
	measured: boolean;
};

const MiB = 2 ** 20;

/**
 * Estimates until the run has measured its own (Node 20, Linux, PSS of the process tree, dev corpus;
 * see bench/results.md): node at rest 26–30 MiB, one worker at work 35–55 MiB more, an ffmpeg decoder
 * 30–51 MiB alone (less when other programs on the machine map the same libraries) of which 10 MiB
 * is its own. A further worker is not measured in a run that never starts one: 20 MiB, an idle
 * isolate (9 MiB) and its young generation at work.
 */
export const DEFAULT_COSTS: FixedCosts = {
	baseBytes: 60 * MiB,
	firstWorkerBytes: 30 * MiB,
	extraWorkerBytes: 20 * MiB,
	firstDecoderBytes: 45 * MiB,
	extraDecoderBytes: 12 * MiB,
	marginBytes: 0,
	measured: false,
};

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
	/** The floor of the requested shape. */
	requestedFloorBytes: number;
	/** The floor of the shape chosen. */
	floorBytes: number;
	/** Even the smallest shape does not fit: the working set will stay above the budget. */
	overBudget: boolean;
	/** Decoders, workers or chunks were cut to fit. */
	cut: boolean;
};

/** Node, its workers and its decoders: the floor of a shape without the audio in flight. */
export function fixedBytes(costs: FixedCosts, shape: Pick<RunShape, 'decoders' | 'workers'>): number {
	const workers = shape.workers > 0 ? costs.firstWorkerBytes + (shape.workers - 1) * costs.extraWorkerBytes : 0;
	const decoders = shape.decoders > 0 ? costs.firstDecoderBytes + (shape.decoders - 1) * costs.extraDecoderBytes : 0;
	return costs.baseBytes + workers + decoders + costs.marginBytes;
}

/** Decoded audio a shape may hold at once: the chunk being analysed and the next one, per worker. */
export function chunkRoomBytes(shape: RunShape, bytesPerSecond: number): number {
	return 2 * shape.workers * shape.maxChunkSeconds * bytesPerSecond;
}

/** What a shape needs while it runs: its fixed cost and the audio it may hold in flight. */
export function floorOf(costs: FixedCosts, shape: RunShape, bytesPerSecond: number): number {
	return fixedBytes(costs, shape) + chunkRoomBytes(shape, bytesPerSecond);
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
	const requestedFloorBytes = floorOf(costs, requested, bytesPerSecond);
	const fits = (shape: RunShape) => floorOf(costs, shape, bytesPerSecond) <= budgetBytes;
	const candidates: RunShape[] = [requested];
	for (let count = workers; count >= 1; count--) candidates.push({decoders: count, workers: count, maxChunkSeconds});
	const chosen = candidates.find(fits);
	const result = (shape: RunShape, overBudget: boolean): FittedShape => ({
		...shape,
		requested,
		requestedFloorBytes,
		floorBytes: floorOf(costs, shape, bytesPerSecond),
		overBudget,
		cut: shape.decoders < requested.decoders || shape.workers < requested.workers || shape.maxChunkSeconds < maxChunkSeconds,
	});
	if (chosen) return result(chosen, false);
	// One decoder and one worker: chunks as long as what is left allows.
	const smallest: RunShape = {decoders: 1, workers: 1, maxChunkSeconds};
	const left = budgetBytes - fixedBytes(costs, smallest);
	const seconds = clamp(Math.floor(left / (2 * bytesPerSecond)), minChunkSeconds, maxChunkSeconds);
	const shape = {...smallest, maxChunkSeconds: seconds};
	return result(shape, !fits(shape));
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What a statically linked ffmpeg at work measures (PSS, 12.6 MiB on the dev corpus), where a
 * distribution's, mapping some 220 shared libraries, measures 30–51 MiB.
 */
export const STATIC_FFMPEG_BYTES = 13 * MiB;

/**
 * The one message a cut shape gets: "budget 128 MiB is under this machine's floor of 150 MiB with
 * 3 decoders: running 1 decoder, 1 worker, 5 s chunks". Undefined when nothing was cut. When even the
 * smallest shape is over the budget and a static ffmpeg would bring it under, the message says so: it is
 * the one lever left, and the user's to pull (`costs`: the run's measured costs, when its decoders were ffmpeg).
 */
export function floorMessage(budgetBytes: number, shape: FittedShape, costs?: FixedCosts): string | undefined {
	if (!shape.cut) return undefined;
	const budget = formatBytes(budgetBytes);
	const floor = `this machine's floor of ${formatBytes(shape.requestedFloorBytes)} with ${count(shape.requested.decoders, 'decoder')}`;
	const running = `running ${count(shape.decoders, 'decoder')}, ${count(shape.workers, 'worker')}, ${shape.maxChunkSeconds} s chunks`;
	const hint = costs ? staticFfmpegHint(budgetBytes, shape, costs) : '';
	const over = shape.overBudget ? `; even so the run needs about ${formatBytes(shape.floorBytes)}: memory will stay above the budget${hint}` : '';
	return `budget ${budget} is under ${floor}: ${running}${over}`;
}

function staticFfmpegHint(budgetBytes: number, shape: FittedShape, costs: FixedCosts): string {
	const saved = costs.firstDecoderBytes - STATIC_FFMPEG_BYTES;
	if (!costs.measured || saved < STATIC_FFMPEG_BYTES || shape.floorBytes - saved > budgetBytes) return '';
	return `; ffmpeg is ${formatBytes(costs.firstDecoderBytes)} of it: a statically linked one (about ${formatBytes(STATIC_FFMPEG_BYTES)}, set ffmpegPath) would fit the budget`;
}

/**
 * Whether two shapes pull the same levers: as many decoders and workers, and the budget held or not.
 * A new message is due only when these change; a chunk length that follows a moving floor is not news.
 */
export function sameLevers(a: FittedShape, b: FittedShape): boolean {
	return a.decoders === b.decoders && a.workers === b.workers && a.overBudget === b.overBudget;
}
