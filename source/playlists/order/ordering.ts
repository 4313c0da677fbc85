/**
 * Play order for smooth transitions. The cost of playing b after a is a weighted sum of three parts:
 *
 * - tempo: |log₂(bpm_b / bpm_a)| over log₂(1.08), so 8 % apart costs 1, capped at 2 (16 % apart) so that a
 *   playlist spanning a wide range still prefers the smaller jumps; a double or half tempo counts as the
 *   same pulse plus 1 (estimators often halve or double, and half/double time mixes well);
 * - key (×1.5), on the Camelot wheel: same key 0, a neighbour (±1, same letter) or the relative major/minor
 *   (same number, other letter) 0.25, a diagonal neighbour 0.6, anything else 1; unknown 0.5;
 * - timbre (×0.5): distance in the timbre dimensions of the prepared vectors, over the median distance
 *   between tracks of the library (so a typical pair costs about 1), capped at 2. Tracks of one playlist
 *   already sound alike, so timbre weighs least.
 *
 * The order is a short path over that cost (path-order.ts): nearest-neighbour chains from every track of a
 * short playlist, improved by 2-opt and or-opt.
 */
import {groupIndices, type Prepared} from '../similarity/distance.js';
import {quantile} from '../library.js';
import {shortPath} from './path-order.js';
import {createRng, DEFAULT_RNG_SEED} from '../random.js';

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
/** A double or half tempo costs one unit (an 8 % step) more than its residue: close, but a direct step is closer. */
export const OCTAVE_PENALTY = 1;
/** Tempo steps cost up to two units (16 % apart), so a wide playlist still prefers the smaller jumps. */
export const TEMPO_CAP = 2;
/** Weights of key and timbre against tempo in the transition cost (chosen on the dev corpus, bench/results.md). */
export const KEY_WEIGHT = 1.5;
export const TIMBRE_WEIGHT = 0.5;

/** Tempo part of the transition cost, from log₂ tempi (NaN when unknown). */
export function tempoCost(log2A: number, log2B: number): number {
	if (!Number.isFinite(log2A) || !Number.isFinite(log2B)) return 0.5;
	const ratio = Math.abs(log2A - log2B);
	const direct = ratio / TEMPO_TOLERANCE;
	const octave = Math.abs(ratio - 1) / TEMPO_TOLERANCE + OCTAVE_PENALTY;
	return Math.min(TEMPO_CAP, direct, octave);
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
		KEY_WEIGHT * keyCost(model.camelotNumber[i]!, model.camelotLetter[i]!, model.camelotNumber[j]!, model.camelotLetter[j]!) +
		TIMBRE_WEIGHT * Math.min(2, timbreDistance(model.timbre, model.timbreDims, i, j) / model.timbreScale)
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
	/** Starting tracks tried when none is fixed, in larger playlists (a short one tries every track). Default 6. */
	starts?: number;
	/** Largest playlist given improvement passes (each is O(n²)). Default 2000. */
	twoOptLimit?: number;
	maxPasses?: number;
};

/** Playlists up to this size try every track as the first one. */
const EVERY_START_UP_TO = 64;

/**
 * Orders tracks (library indices) for smooth transitions: nearest-neighbour chains over the transition
 * cost, improved by 2-opt and or-opt (see path-order.ts). Deterministic.
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
	const position = options.start === undefined ? -1 : members.indexOf(options.start);
	let starts: number[] | undefined;
	if (position < 0 && m > EVERY_START_UP_TO) {
		// Tracks spread over the tempo range: the slowest, the fastest and some between.
		const byTempo = [...members.keys()].sort((p, q) => (model.log2Bpm[members[p]!]! || 0) - (model.log2Bpm[members[q]!]! || 0) || p - q);
		const count = Math.min(m, options.starts ?? 6);
		starts = [...new Set(Array.from({length: count}, (_, s) => byTempo[Math.round((s * (m - 1)) / Math.max(1, count - 1))]!))];
	}
	const maxPasses = useMatrix ? (options.maxPasses ?? (m <= 500 ? 50 : 3)) : 0;
	const order = shortPath(m, cost, {starts, fixedFirst: position >= 0 ? position : undefined, maxPasses});
	return order.map(p => members[p]!);
}
