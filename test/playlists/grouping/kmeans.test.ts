import test from 'ava';
import type {Matrix} from '../../../source/playlists/similarity/distance.js';
import {assign, kmeans, kmeansPlusPlus, lloyd, splitMergeRefine} from '../../../source/playlists/grouping/kmeans.js';
import {createRng} from '../../../source/playlists/random.js';

/** Well-separated Gaussian blobs: `k` centres far apart in d dimensions, `size` points each. */
function blobs(k: number, size: number, options: {d?: number; separation?: number; seed?: number} = {}): {matrix: Matrix; truth: number[]} {
	const d = options.d ?? 6;
	const rng = createRng(options.seed ?? 1);
	const centres = Array.from({length: k}, () => Array.from({length: d}, () => rng.normal() * (options.separation ?? 8)));
	const data = new Float64Array(k * size * d);
	const truth: number[] = [];
	for (let c = 0; c < k; c++) {
		for (let p = 0; p < size; p++) {
			const row = c * size + p;
			for (let j = 0; j < d; j++) data[row * d + j] = centres[c]![j]! + rng.normal();
			truth.push(c);
		}
	}
	return {matrix: {n: k * size, d, data}, truth};
}

/** Share of points whose cluster's majority truth label is their own. */
function purity(labels: ArrayLike<number>, truth: number[]): number {
	const counts = new Map<number, Map<number, number>>();
	for (let i = 0; i < truth.length; i++) {
		const inner = counts.get(labels[i]!) ?? new Map<number, number>();
		inner.set(truth[i]!, (inner.get(truth[i]!) ?? 0) + 1);
		counts.set(labels[i]!, inner);
	}
	let majority = 0;
	for (const inner of counts.values()) majority += Math.max(...inner.values());
	return majority / truth.length;
}

test('k-means recovers well-separated clusters', t => {
	const {matrix, truth} = blobs(4, 50);
	const result = kmeans(matrix, 4, {rng: createRng(7)});
	t.is(result.k, 4);
	t.is(purity(result.labels, truth), 1);
	t.is(new Set(result.labels).size, 4);
});

test('k-means is deterministic for a given seed', t => {
	const {matrix} = blobs(5, 40, {separation: 2});
	const a = kmeans(matrix, 5, {rng: createRng(123)});
	const b = kmeans(matrix, 5, {rng: createRng(123)});
	t.deepEqual([...a.labels], [...b.labels]);
	t.deepEqual([...a.centroids], [...b.centroids]);
	t.is(a.inertia, b.inertia);
});

test('k-means++ spreads its starting centres over the clusters', t => {
	const {matrix, truth} = blobs(6, 30, {separation: 12});
	let allDistinct = 0;
	for (let seed = 1; seed <= 20; seed++) {
		const centroids = kmeansPlusPlus(matrix, 6, createRng(seed));
		const {labels} = assign(matrix, centroids, 6);
		// Each starting centre is a data point; the clusters it falls in should all differ.
		const startClusters = new Set<number>();
		for (let c = 0; c < 6; c++) {
			const row = [...labels.keys()].find(
				i => labels[i] === c && matrix.data.subarray(i * matrix.d, i * matrix.d + matrix.d).every((value, j) => value === centroids[c * matrix.d + j]),
			);
			if (row !== undefined) startClusters.add(truth[row]!);
		}
		if (startClusters.size === 6) allDistinct++;
	}
	t.true(allDistinct >= 18, `k-means++ covered every cluster in ${allDistinct} of 20 seeds`);
});

test('restarts keep the lowest inertia: more restarts are never worse', t => {
	const {matrix} = blobs(8, 25, {separation: 3, seed: 5});
	for (let seed = 1; seed <= 5; seed++) {
		const one = kmeans(matrix, 8, {rng: createRng(seed), restarts: 1});
		const many = kmeans(matrix, 8, {rng: createRng(seed), restarts: 8});
		// The first restart of `many` is `one` (same generator state), so the best of 8 is at most it.
		t.true(many.inertia <= one.inertia + 1e-9, `seed ${seed}: ${many.inertia} vs ${one.inertia}`);
	}
});

test('k is clamped to the number of rows, and duplicates do not break k-means', t => {
	const matrix: Matrix = {n: 3, d: 2, data: new Float64Array([1, 1, 1, 1, 1, 1])};
	const result = kmeans(matrix, 5, {rng: createRng(1)});
	t.is(result.k, 3);
	t.is(result.labels.length, 3);
	t.is(result.inertia, 0);
});

test('split-merge repairs a local minimum: two groups under one centroid, one group cut in two', t => {
	const {matrix, truth} = blobs(4, 50, {separation: 10, seed: 9});
	const {d, data} = matrix;
	const meanOf = (rows: number[]) => Array.from({length: d}, (_, j) => rows.reduce((sum, row) => sum + data[row * d + j]!, 0) / rows.length);
	const group = (c: number) => [...truth.keys()].filter(row => truth[row] === c);
	// Start: groups 0 and 1 share a centroid; group 2 gets two (its two halves); group 3 its own.
	const start = new Float64Array([...meanOf([...group(0), ...group(1)]), ...meanOf(group(2).slice(0, 25)), ...meanOf(group(2).slice(25)), ...meanOf(group(3))]);
	const stuck = {k: 4, centroids: start, ...lloyd(matrix, start, 4)};
	t.true(purity(stuck.labels, truth) < 1, 'Lloyd alone stays in the local minimum');
	const repaired = splitMergeRefine(matrix, stuck, {rng: createRng(1)});
	t.is(purity(repaired.labels, truth), 1);
	t.is(new Set(repaired.labels).size, 4);
	t.true(repaired.inertia < stuck.inertia);
	// A good fit is left as it is.
	const good = kmeans(matrix, 4, {rng: createRng(2)});
	t.deepEqual([...splitMergeRefine(matrix, good, {rng: createRng(1)}).labels], [...good.labels]);
});
