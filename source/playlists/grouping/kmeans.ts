/**
 * k-means with k-means++ seeding and restarts (playlists with `--k N`, and the neighbour index's coarse
 * cells). Pure functions over a prepared matrix (see distance.ts); every random choice comes from the seeded generator passed in.
 */
import {squaredDistance, type Matrix} from '../similarity/distance.js';
import type {Rng} from '../random.js';

export type KMeansResult = {
	k: number;
	/** Cluster of each row (of `rows` when given, else of the matrix), 0 … k−1. */
	labels: Int32Array;
	/** k × d centroids, row-major. */
	centroids: Float64Array;
	/** Sum of squared distances from each row to its centroid. */
	inertia: number;
	iterations: number;
};

export type KMeansOptions = {
	rng: Rng;
	/** Independent starts; the one with the lowest inertia wins. Default 4. */
	restarts?: number;
	maxIterations?: number;
	/** Stop once at most this share of rows changes cluster in an iteration. Default 0 (until stable). */
	tolerance?: number;
	/** Cluster only these rows of the matrix (labels follow their order). */
	rows?: readonly number[];
	/** Extra starting centroids (k × d) tried besides the k-means++ restarts, e.g. a fit on a sample. */
	initial?: Float64Array;
};

function allRows(n: number): number[] {
	return Array.from({length: n}, (_, index) => index);
}

/** Picks one index with probability proportional to its weight. */
function pickWeighted(weights: Float64Array, total: number, rng: Rng): number {
	let target = rng.next() * total;
	for (let index = 0; index < weights.length; index++) {
		target -= weights[index]!;
		if (target < 0) return index;
	}
	// Rounding: the last index with a positive weight.
	for (let index = weights.length - 1; index >= 0; index--) if (weights[index]! > 0) return index;
	return weights.length - 1;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii), greedy variant: each new centre is the best of
 * 2 + ⌊ln k⌋ candidates drawn in proportion to the squared distance to the nearest chosen centre.
 */
export function kmeansPlusPlus(matrix: Matrix, k: number, rng: Rng, rows: readonly number[] = allRows(matrix.n)): Float64Array {
	const {d, data} = matrix;
	const m = rows.length;
	const centroids = new Float64Array(k * d);
	if (m === 0) return centroids;
	const setCentre = (c: number, row: number) => centroids.set(data.subarray(row * d, row * d + d), c * d);
	setCentre(0, rows[rng.int(m)]!);
	const closest = new Float64Array(m);
	let potential = 0;
	for (let p = 0; p < m; p++) {
		closest[p] = squaredDistance(data, rows[p]!, centroids, 0, d);
		potential += closest[p]!;
	}
	const trials = 2 + Math.floor(Math.log(k));
	const candidateClosest = new Float64Array(m);
	const bestClosest = new Float64Array(m);
	for (let c = 1; c < k; c++) {
		if (potential <= 0) {
			// Every row coincides with a chosen centre: any row will do.
			setCentre(c, rows[rng.int(m)]!);
			continue;
		}
		let bestRow = -1;
		let bestPotential = Infinity;
		for (let trial = 0; trial < trials; trial++) {
			const candidate = rows[pickWeighted(closest, potential, rng)]!;
			let sum = 0;
			for (let p = 0; p < m; p++) {
				const distance = squaredDistance(data, rows[p]!, data, candidate, d);
				candidateClosest[p] = distance < closest[p]! ? distance : closest[p]!;
				sum += candidateClosest[p]!;
			}
			if (sum < bestPotential) {
				bestPotential = sum;
				bestRow = candidate;
				bestClosest.set(candidateClosest);
			}
		}
		setCentre(c, bestRow);
		closest.set(bestClosest);
		potential = bestPotential;
	}
	return centroids;
}

/** Nearest centroid of each row, and the squared distance to it. */
export function assign(
	matrix: Matrix,
	centroids: Float64Array,
	k: number,
	rows: readonly number[] = allRows(matrix.n),
): {labels: Int32Array; distances: Float64Array} {
	const {d, data} = matrix;
	const labels = new Int32Array(rows.length);
	const distances = new Float64Array(rows.length);
	for (let p = 0; p < rows.length; p++) {
		const row = rows[p]! * d;
		let best = 0;
		let bestDistance = Infinity;
		for (let c = 0; c < k; c++) {
			// Partial sums: give up on a centroid as soon as it is farther than the best so far.
			const centre = c * d;
			let distance = 0;
			for (let j = 0; j < d; j++) {
				const delta = data[row + j]! - centroids[centre + j]!;
				distance += delta * delta;
				if ((j & 7) === 7 && distance >= bestDistance) break;
			}
			if (distance < bestDistance) {
				bestDistance = distance;
				best = c;
			}
		}
		labels[p] = best;
		distances[p] = bestDistance;
	}
	return {labels, distances};
}

/**
 * Lloyd iterations from the given centroids (updated in place) until no row changes cluster (or at most
 * `tolerance` × rows do).
 */
export function lloyd(
	matrix: Matrix,
	centroids: Float64Array,
	k: number,
	options: {rows?: readonly number[]; maxIterations?: number; tolerance?: number} = {},
): {labels: Int32Array; inertia: number; iterations: number} {
	const {d, data} = matrix;
	const rows = options.rows ?? allRows(matrix.n);
	const maxIterations = options.maxIterations ?? 100;
	const m = rows.length;
	const enough = Math.floor((options.tolerance ?? 0) * m);
	let labels: Int32Array = new Int32Array(m).fill(-1);
	let distances: Float64Array = new Float64Array(m);
	const sums = new Float64Array(k * d);
	const counts = new Int32Array(k);
	let iterations = 0;
	for (; iterations < maxIterations; iterations++) {
		const assigned = assign(matrix, centroids, k, rows);
		let changed = 0;
		for (let p = 0; p < m; p++) if (assigned.labels[p] !== labels[p]) changed++;
		labels = assigned.labels;
		distances = assigned.distances;
		if (changed <= enough) break;
		sums.fill(0);
		counts.fill(0);
		for (let p = 0; p < m; p++) {
			const c = labels[p]!;
			counts[c]!++;
			const row = rows[p]! * d;
			for (let j = 0; j < d; j++) sums[c * d + j]! += data[row + j]!;
		}
		for (let c = 0; c < k; c++) {
			if (counts[c]! > 0) {
				for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j]! / counts[c]!;
				continue;
			}
			// An empty cluster takes the row farthest from its centroid among clusters with more than one row.
			let farthest = -1;
			for (let p = 0; p < m; p++) {
				if (counts[labels[p]!]! > 1 && (farthest === -1 || distances[p]! > distances[farthest]!)) farthest = p;
			}
			if (farthest === -1) continue;
			counts[labels[farthest]!]!--;
			counts[c] = 1;
			labels[farthest] = c;
			distances[farthest] = 0;
			centroids.set(data.subarray(rows[farthest]! * d, rows[farthest]! * d + d), c * d);
		}
	}
	let inertia = 0;
	for (let p = 0; p < m; p++) inertia += distances[p]!;
	return {labels, inertia, iterations};
}

/** k-means with k-means++ starts; the best of several restarts (lowest inertia). */
export function kmeans(matrix: Matrix, k: number, options: KMeansOptions): KMeansResult {
	const rows = options.rows ?? allRows(matrix.n);
	const clampedK = Math.max(1, Math.min(k, rows.length));
	const restarts = Math.max(options.initial ? 0 : 1, options.restarts ?? 4);
	let best: KMeansResult | undefined;
	if (options.initial && options.initial.length === clampedK * matrix.d) {
		const centroids = options.initial.slice();
		const result = lloyd(matrix, centroids, clampedK, {rows, maxIterations: options.maxIterations, tolerance: options.tolerance});
		best = {k: clampedK, centroids, ...result};
	}
	for (let restart = 0; restart < restarts; restart++) {
		const centroids = kmeansPlusPlus(matrix, clampedK, options.rng, rows);
		const result = lloyd(matrix, centroids, clampedK, {rows, maxIterations: options.maxIterations, tolerance: options.tolerance});
		if (!best || result.inertia < best.inertia - 1e-9) best = {k: clampedK, centroids, ...result};
	}
	return best!;
}

/**
 * Repairs the typical k-means local minimum where two true groups share one centroid while another
 * group is cut in two: merges the pair of clusters whose merge costs least inertia and splits (2-means)
 * the cluster whose split saves most, when the saving is larger, then runs Lloyd again. Kept only when
 * the total inertia drops; at most `maxMoves` times.
 */
export function splitMergeRefine(
	matrix: Matrix,
	fit: KMeansResult,
	options: {rng: Rng; rows?: readonly number[]; maxMoves?: number; maxIterations?: number; tolerance?: number},
): KMeansResult {
	const {d, data} = matrix;
	const rows = options.rows ?? allRows(matrix.n);
	let best = fit;
	for (let move = 0; move < (options.maxMoves ?? 4); move++) {
		const {k, centroids, labels} = best;
		if (k < 3) break;
		const members: number[][] = Array.from({length: k}, () => []);
		for (let p = 0; p < rows.length; p++) members[labels[p]!]!.push(rows[p]!);
		// Cheapest merge: inertia grows by na·nb/(na+nb)·|ca − cb|².
		let merge = {cost: Infinity, a: -1, b: -1};
		for (let a = 0; a < k; a++) {
			for (let b = a + 1; b < k; b++) {
				const na = members[a]!.length;
				const nb = members[b]!.length;
				if (na === 0 || nb === 0) continue;
				const cost = ((na * nb) / (na + nb)) * squaredDistance(centroids, a, centroids, b, d);
				if (cost < merge.cost) merge = {cost, a, b};
			}
		}
		// Best split among the other clusters.
		let split: {gain: number; c: number; centroids?: Float64Array} = {gain: -Infinity, c: -1};
		for (let c = 0; c < k; c++) {
			if (c === merge.a || c === merge.b || members[c]!.length < 4) continue;
			let inertia = 0;
			for (const row of members[c]!) inertia += squaredDistance(data, row, centroids, c, d);
			const halves = kmeans(matrix, 2, {rng: options.rng, rows: members[c]!, restarts: 1, maxIterations: 20});
			const gain = inertia - halves.inertia;
			if (gain > split.gain) split = {gain, c, centroids: halves.centroids};
		}
		if (merge.a < 0 || split.c < 0 || split.gain <= merge.cost) break;
		const next = new Float64Array(k * d);
		let slot = 0;
		for (let c = 0; c < k; c++) {
			if (c === merge.a || c === merge.b || c === split.c) continue;
			next.set(centroids.subarray(c * d, c * d + d), slot++ * d);
		}
		const na = members[merge.a]!.length;
		const nb = members[merge.b]!.length;
		for (let j = 0; j < d; j++) next[slot * d + j] = (na * centroids[merge.a * d + j]! + nb * centroids[merge.b * d + j]!) / (na + nb);
		slot++;
		next.set(split.centroids!, slot * d);
		const result = lloyd(matrix, next, k, {rows, maxIterations: options.maxIterations, tolerance: options.tolerance});
		if (result.inertia >= best.inertia - 1e-9) break;
		best = {k, centroids: next, ...result};
	}
	return best;
}
