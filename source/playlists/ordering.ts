/**
 * Play order for smooth transitions. The cost of playing b after a is the sum of three parts, each in
 * [0, 1] (timbre up to 2):
 *
 * - tempo: |log₂(bpm_b / bpm_a)| over log₂(1.08), so 8 % apart costs 1; a double or half tempo counts as
 *   the same pulse plus 0.15 (estimators often halve or double, and half/double time mixes well);
 * - key, on the Camelot wheel: same key 0, a neighbour (±1, same letter) or the relative major/minor
 *   (same number, other letter) 0.25, a diagonal neighbour 0.6, anything else 1; unknown 0.5;
 * - timbre: distance in the timbre dimensions of the prepared vectors, over the median distance between
 *   tracks of the library (so a typical pair costs about 1), capped at 2.
 *
 * The order is a nearest-neighbour chain over that cost, from the best of a few starting tracks,
 * improved by 2-opt (reversing segments while that lowers the total).
 */
import {groupIndices, type Prepared} from './distance.js';
import {quantile} from './library.js';
import {createRng, DEFAULT_RNG_SEED} from './random.js';

export type TransitionModel = {
	n: number;
	log2Bpm: Float64Array;
	/** Camelot number 1–12, 0 when unknown. */
	camelotNumber: Int8Array;
	/** 0 for A (minor), 1 for B (major), −1 when unknown. */
	camelotLetter: Int8Array;
	timbre: Float64Array;
	timbreDims: number;
	timbreScale: number;
};

export const TEMPO_TOLERANCE = Math.log2(1.08);
export const OCTAVE_PENALTY = 0.15;

/** Tempo part of the transition cost, from log₂ tempi (NaN when unknown). */
export function tempoCost(log2A: number, log2B: number): number {
	if (!Number.isFinite(log2A) || !Number.isFinite(log2B)) return 0.5;
	const ratio = Math.abs(log2A - log2B);
	const direct = ratio / TEMPO_TOLERANCE;
	const octave = Math.abs(ratio - 1) / TEMPO_TOLERANCE + OCTAVE_PENALTY;
	return Math.min(1, direct, octave);
}

/** Parses a Camelot code ("8A", "12B"); undefined when it is not one. */
export function parseCamelot(code: string | undefined): {number: number; letter: 'A' | 'B'} | undefined {
	const match = /^\s*(\d{1,2})\s*([ABab])\s*$/.exec(code ?? '');
	if (!match) return undefined;
	const number = Number(match[1]);
	if (number < 1 || number > 12) return undefined;
	return {number, letter: match[2]!.toUpperCase() as 'A' | 'B'};
}

/** Key part of the transition cost, from Camelot numbers (0 = unknown) and letters (−1 = unknown). */
export function keyCost(numberA: number, letterA: number, numberB: number, letterB: number): number {
	if (numberA === 0 || numberB === 0 || letterA < 0 || letterB < 0) return 0.5;
	const step = Math.min((numberA - numberB + 12) % 12, (numberB - numberA + 12) % 12);
	if (step === 0) return letterA === letterB ? 0 : 0.25;
	if (step === 1) return letterA === letterB ? 0.25 : 0.6;
	return 1;
}

/** Camelot compatibility as commonly used by DJs: same key, ±1 on the wheel, or relative major/minor. */
export function camelotCompatible(a: string, b: string): boolean {
	const x = parseCamelot(a);
	const y = parseCamelot(b);
	if (!x || !y) return false;
	return keyCost(x.number, x.letter === 'A' ? 0 : 1, y.number, y.letter === 'A' ? 0 : 1) <= 0.25;
}

/** Tempi within 8 %, directly or at double/half tempo. */
export function tempoCompatible(a: number, b: number): boolean {
	if (!(a > 0) || !(b > 0)) return false;
	const ratio = Math.abs(Math.log2(a / b));
	return ratio <= TEMPO_TOLERANCE || Math.abs(ratio - 1) <= TEMPO_TOLERANCE;
}

/** The per-track data the transition cost needs, from the library's tempi, keys and prepared vectors. */
export function transitionModel(bpm: ArrayLike<number>, camelotCodes: readonly string[], prepared: Prepared): TransitionModel {
	const n = bpm.length;
	const log2Bpm = new Float64Array(n);
	const camelotNumber = new Int8Array(n);
	const camelotLetter = new Int8Array(n).fill(-1);
	for (let i = 0; i < n; i++) {
		log2Bpm[i] = bpm[i]! > 0 ? Math.log2(bpm[i]!) : Number.NaN;
		const code = parseCamelot(camelotCodes[i]);
		if (code) {
			camelotNumber[i] = code.number;
			camelotLetter[i] = code.letter === 'A' ? 0 : 1;
		}
	}
	let dims = groupIndices(prepared.groups, 'timbre');
	if (dims.length === 0) dims = prepared.groups.map((_, index) => index);
	const {data, d} = prepared.matrix;
	const timbreDims = dims.length;
	const timbre = new Float64Array(n * timbreDims);
	for (let i = 0; i < n; i++) for (let t = 0; t < timbreDims; t++) timbre[i * timbreDims + t] = data[i * d + dims[t]!]!;
	// Typical distance between two tracks of the library, from a fixed sample of pairs.
	const rng = createRng(DEFAULT_RNG_SEED ^ n);
	const samples: number[] = [];
	for (let s = 0; s < Math.min(400, (n * (n - 1)) / 2); s++) {
		const i = rng.int(n);
		let j = rng.int(n - 1);
		if (j >= i) j++;
		samples.push(timbreDistance(timbre, timbreDims, i, j));
	}
	samples.sort((a, b) => a - b);
	const median = quantile(samples, 0.5);
	return {n, log2Bpm, camelotNumber, camelotLetter, timbre, timbreDims, timbreScale: median > 1e-12 ? median : 1};
}

function timbreDistance(timbre: Float64Array, dims: number, i: number, j: number): number {
	let sum = 0;
	for (let t = 0; t < dims; t++) {
		const delta = timbre[i * dims + t]! - timbre[j * dims + t]!;
		sum += delta * delta;
	}
	return Math.sqrt(sum);
}

/** Cost of playing track j right after track i. Symmetric. */
export function transitionCost(model: TransitionModel, i: number, j: number): number {
	return (
		tempoCost(model.log2Bpm[i]!, model.log2Bpm[j]!) +
		keyCost(model.camelotNumber[i]!, model.camelotLetter[i]!, model.camelotNumber[j]!, model.camelotLetter[j]!) +
		Math.min(2, timbreDistance(model.timbre, model.timbreDims, i, j) / model.timbreScale)
	);
}

/** Total transition cost of an order. */
export function pathCost(model: TransitionModel, order: readonly number[]): number {
	let total = 0;
	for (let p = 1; p < order.length; p++) total += transitionCost(model, order[p - 1]!, order[p]!);
	return total;
}

export type OrderOptions = {
	/** A track (library index, one of the members) that must play first. */
	start?: number;
	/** Starting tracks tried when none is fixed. Default 6. */
	starts?: number;
	/** Largest playlist given 2-opt passes (it is O(n²) per pass). Default 2000. */
	twoOptLimit?: number;
	maxPasses?: number;
};

/**
 * Orders tracks (library indices) for smooth transitions: a greedy nearest-neighbour chain over the
 * transition cost, then 2-opt. Deterministic.
 */
export function orderForTransitions(model: TransitionModel, members: readonly number[], options: OrderOptions = {}): number[] {
	const m = members.length;
	if (m <= 2) {
		if (options.start !== undefined && m === 2 && members[1] === options.start) return [members[1]!, members[0]!];
		return [...members];
	}
	const useMatrix = m <= (options.twoOptLimit ?? 2000);
	let cost: (p: number, q: number) => number;
	if (useMatrix) {
		const matrix = new Float32Array(m * m);
		for (let p = 0; p < m; p++) {
			for (let q = p + 1; q < m; q++) {
				const value = transitionCost(model, members[p]!, members[q]!);
				matrix[p * m + q] = value;
				matrix[q * m + p] = value;
			}
		}
		cost = (p, q) => matrix[p * m + q]!;
	} else {
		cost = (p, q) => transitionCost(model, members[p]!, members[q]!);
	}

	const chain = (start: number): {order: number[]; total: number} => {
		const used = new Uint8Array(m);
		const order = [start];
		used[start] = 1;
		let total = 0;
		let current = start;
		for (let step = 1; step < m; step++) {
			let best = -1;
			let bestCost = Infinity;
			for (let q = 0; q < m; q++) {
				if (used[q]) continue;
				const value = cost(current, q);
				if (value < bestCost) {
					bestCost = value;
					best = q;
				}
			}
			used[best] = 1;
			order.push(best);
			total += bestCost;
			current = best;
		}
		return {order, total};
	};

	let startPositions: number[];
	if (options.start !== undefined) {
		const position = members.indexOf(options.start);
		startPositions = [position >= 0 ? position : 0];
	} else {
		// Tracks spread over the tempo range: the slowest, the fastest and some between.
		const byTempo = [...members.keys()].sort((p, q) => (model.log2Bpm[members[p]!]! || 0) - (model.log2Bpm[members[q]!]! || 0) || p - q);
		const count = Math.min(m, options.starts ?? 6);
		startPositions = [...new Set(Array.from({length: count}, (_, s) => byTempo[Math.round((s * (m - 1)) / Math.max(1, count - 1))]!))];
	}
	let best: {order: number[]; total: number} | undefined;
	for (const start of startPositions) {
		const candidate = chain(start);
		if (!best || candidate.total < best.total - 1e-9) best = candidate;
	}
	const order = best!.order;

	if (useMatrix) {
		// 2-opt on an open path: reverse order[i..j] when the two changed edges cost less.
		const first = options.start !== undefined ? 1 : 0;
		const maxPasses = options.maxPasses ?? (m <= 500 ? 8 : 3);
		for (let pass = 0; pass < maxPasses; pass++) {
			let improved = false;
			for (let i = first; i < m - 1; i++) {
				const before = i > 0 ? order[i - 1]! : -1;
				for (let j = i + 1; j < m; j++) {
					const after = j < m - 1 ? order[j + 1]! : -1;
					const a = order[i]!;
					const b = order[j]!;
					const old = (before >= 0 ? cost(before, a) : 0) + (after >= 0 ? cost(b, after) : 0);
					const next = (before >= 0 ? cost(before, b) : 0) + (after >= 0 ? cost(a, after) : 0);
					if (next < old - 1e-9) {
						for (let x = i, y = j; x < y; x++, y--) [order[x], order[y]] = [order[y]!, order[x]!];
						improved = true;
					}
				}
			}
			if (!improved) break;
		}
	}
	return order.map(position => members[position]!);
}
