/**
 * Distances between track vectors.
 *
 * Every dimension is first standardised over the library (z-score: minus the mean, over the standard
 * deviation), so that a dimension measured in hertz does not drown one measured in decibels. Each
 * dimension belongs to a weight group (tempo, loudness, brightness, timbre, tonality, rhythm, …) and is
 * multiplied by the square root of its group's weight, so that a weight scales the group's share of the
 * *squared* distance:
 *
 *     d(a, b)² = Σ_i  w(group(i)) · (z_a[i] − z_b[i])²
 *
 * With every weight at 1 (the default), every standardised dimension counts the same, so a group
 * counts in proportion to its number of dimensions — which suits a vector where MFCC timbre statistics,
 * the most telling features, also hold most dimensions. A weight of 0 removes a group; 2 doubles its
 * squared contribution. Groups missing from the weights count with weight 1.
 *
 * The cosine option scales each standardised, weighted vector to unit length; then the squared Euclidean
 * distance is 2·(1 − cos), so clustering and nearest-neighbour code work unchanged for both metrics.
 */
import type {FeatureWeights} from '../../library/playlist-options.js';

export type Metric = 'euclidean' | 'cosine';

/** Row-major n × d matrix of numbers. */
export type Matrix = {n: number; d: number; data: Float64Array};

export type Prepared = {
	matrix: Matrix;
	metric: Metric;
	/** Per-dimension mean and standard deviation over the library (before weighting). */
	mean: Float64Array;
	std: Float64Array;
	/** Per-dimension multiplier applied after z-scoring: √weight. */
	scale: Float64Array;
	/** Group name of each dimension. */
	groups: readonly string[];
};

export type PrepareOptions = {
	/** Group of each vector index (same length as the vectors); default: every index in group "other". */
	groups?: readonly string[];
	/** Weight of each group; missing groups count 1. */
	weights?: Readonly<FeatureWeights>;
	metric?: Metric;
	/** Clip z-scores to ±clip, so that one outlier value cannot dominate a distance. Default 5; 0 = off. */
	clip?: number;
};

/** Per-dimension mean and (population) standard deviation, ignoring values that are not finite. */
export function columnStats(vectors: ReadonlyArray<ArrayLike<number>>, d: number): {mean: Float64Array; std: Float64Array} {
	const mean = new Float64Array(d);
	const m2 = new Float64Array(d);
	const count = new Float64Array(d);
	for (const vector of vectors) {
		for (let j = 0; j < d; j++) {
			const value = vector[j]!;
			if (!Number.isFinite(value)) continue;
			// Welford's update: stable for large libraries.
			count[j]!++;
			const delta = value - mean[j]!;
			mean[j]! += delta / count[j]!;
			m2[j]! += delta * (value - mean[j]!);
		}
	}
	const std = new Float64Array(d);
	for (let j = 0; j < d; j++) std[j] = count[j]! > 0 ? Math.sqrt(m2[j]! / count[j]!) : 0;
	return {mean, std};
}

/** One z-score, clipped to ±clip when clip > 0; 0 for a constant dimension or a value that is not finite. */
export function zScore(value: number, mean: number, std: number, clip: number): number {
	const z = std > 1e-12 && Number.isFinite(value) ? (value - mean) / std : 0;
	return clip > 0 ? (z > clip ? clip : z < -clip ? -clip : z) : z;
}

/**
 * z-scores: (value − mean) / std per dimension. A constant dimension, and a value that is not finite,
 * give 0 (the library's mean), so one bad number cannot poison distances.
 */
export function zScores(vectors: ReadonlyArray<ArrayLike<number>>, options: {clip?: number} = {}): Matrix & {mean: Float64Array; std: Float64Array} {
	const n = vectors.length;
	const d = n > 0 ? vectors[0]!.length : 0;
	const {mean, std} = columnStats(vectors, d);
	const data = new Float64Array(n * d);
	const clip = options.clip ?? 0;
	for (let i = 0; i < n; i++) {
		const vector = vectors[i]!;
		if (vector.length !== d) throw new RangeError(`vector ${i} has ${vector.length} values, expected ${d}`);
		for (let j = 0; j < d; j++) data[i * d + j] = zScore(vector[j]!, mean[j]!, std[j]!, clip);
	}
	return {n, d, data, mean, std};
}

/** √weight per dimension from the group of each dimension. Negative or non-finite weights count 0. */
export function dimensionScales(groups: readonly string[], weights: Readonly<Partial<Record<string, number>>> = {}): Float64Array {
	const scale = new Float64Array(groups.length);
	for (let j = 0; j < groups.length; j++) {
		const weight = weights[groups[j]!] ?? 1;
		scale[j] = Number.isFinite(weight) && weight > 0 ? Math.sqrt(weight) : 0;
	}
	return scale;
}

/** Standardises, weights and (for cosine) normalises the vectors of a library, once, for all distances. */
export function prepareVectors(vectors: ReadonlyArray<ArrayLike<number>>, options: PrepareOptions = {}): Prepared {
	const z = zScores(vectors, {clip: options.clip ?? 5});
	const {n, d, data} = z;
	const groups = options.groups ?? Array.from({length: d}, () => 'other');
	if (groups.length !== d) throw new RangeError(`${groups.length} group names for vectors of ${d} values`);
	const scale = dimensionScales(groups, options.weights);
	const metric = options.metric ?? 'euclidean';
	for (let i = 0; i < n; i++) {
		const row = i * d;
		let norm = 0;
		for (let j = 0; j < d; j++) {
			const value = data[row + j]! * scale[j]!;
			data[row + j] = value;
			norm += value * value;
		}
		if (metric === 'cosine' && norm > 0) {
			const inverse = 1 / Math.sqrt(norm);
			for (let j = 0; j < d; j++) data[row + j]! *= inverse;
		}
	}
	return {matrix: {n, d, data}, metric, mean: z.mean, std: z.std, scale, groups};
}

/** Squared Euclidean distance between row i of `a` and row j of `b` (both with d columns). */
export function squaredDistance(a: Float64Array | Float32Array, i: number, b: Float64Array | Float32Array, j: number, d: number): number {
	let sum = 0;
	const ai = i * d;
	const bj = j * d;
	for (let k = 0; k < d; k++) {
		const delta = a[ai + k]! - b[bj + k]!;
		sum += delta * delta;
	}
	return sum;
}

/** Distance between two prepared tracks: Euclidean, or 1 − cos for the cosine metric. */
export function trackDistance(prepared: Prepared, i: number, j: number): number {
	const {data, d} = prepared.matrix;
	const squared = squaredDistance(data, i, data, j, d);
	return prepared.metric === 'cosine' ? squared / 2 : Math.sqrt(squared);
}

/** Weighted Euclidean distance between two plain vectors: √Σ w_i (a_i − b_i)². */
export function weightedEuclidean(a: ArrayLike<number>, b: ArrayLike<number>, weights?: ArrayLike<number>): number {
	let sum = 0;
	for (let i = 0; i < a.length; i++) {
		const delta = a[i]! - b[i]!;
		sum += (weights ? weights[i]! : 1) * delta * delta;
	}
	return Math.sqrt(sum);
}

/** Cosine distance 1 − cos(a, b); 1 when either vector is all zeros. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
	let dot = 0;
	let na = 0;
	let nb = 0;
	for (let i = 0; i < a.length; i++) {
		dot += a[i]! * b[i]!;
		na += a[i]! * a[i]!;
		nb += b[i]! * b[i]!;
	}
	if (na === 0 || nb === 0) return 1;
	return 1 - dot / Math.sqrt(na * nb);
}

/** Indices of the dimensions in a group (or in any of several groups). */
export function groupIndices(groups: readonly string[], ...names: string[]): number[] {
	const wanted = new Set(names);
	const indices: number[] = [];
	for (let j = 0; j < groups.length; j++) if (wanted.has(groups[j]!)) indices.push(j);
	return indices;
}
