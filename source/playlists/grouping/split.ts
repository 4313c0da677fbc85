/** Keeping playlists a usable size: oversized groups split into coherent parts, singletons merged. */
import {squaredDistance, type Matrix} from '../similarity/distance.js';
import {kmeans} from './kmeans.js';
import type {Rng} from '../random.js';

/** Mean of the given rows. */
export function centroidOf(matrix: Matrix, rows: readonly number[]): Float64Array {
	const {d, data} = matrix;
	const centre = new Float64Array(d);
	for (const row of rows) for (let j = 0; j < d; j++) centre[j]! += data[row * d + j]!;
	if (rows.length > 0) for (let j = 0; j < d; j++) centre[j]! /= rows.length;
	return centre;
}

/**
 * Splits a group larger than maxLength into parts of at most maxLength tracks, by k-means on its own
 * tracks (k = ⌈size / maxLength⌉, again on any part still too large), so each part holds tracks that
 * belong together. Identical vectors that k-means cannot separate are cut into equal runs.
 * Parts come back in a stable order (by their first track).
 */
export function splitOversized(matrix: Matrix, members: readonly number[], maxLength: number, rng: Rng): number[][] {
	if (members.length <= maxLength) return [[...members]];
	const parts = Math.ceil(members.length / maxLength);
	const first = members[0]!;
	if (members.every(row => squaredDistance(matrix.data, row, matrix.data, first, matrix.d) === 0)) {
		// Nothing to tell the tracks apart: equal runs.
		const size = Math.ceil(members.length / parts);
		return Array.from({length: parts}, (_, index) => members.slice(index * size, (index + 1) * size)).filter(run => run.length > 0);
	}
	const fit = kmeans(matrix, parts, {rng, rows: members, restarts: 2, maxIterations: 50});
	const groups: number[][] = Array.from({length: fit.k}, () => []);
	for (let p = 0; p < members.length; p++) groups[fit.labels[p]!]!.push(members[p]!);
	const nonEmpty = groups.filter(group => group.length > 0);
	return nonEmpty.flatMap(group => splitOversized(matrix, group, maxLength, rng)).sort((a, b) => Math.min(...a) - Math.min(...b));
}

/**
 * Merges groups smaller than minSize into the group whose centroid is nearest (when `apart` is false),
 * or gathers them into one group of their own (when true). Returns the new groups and, when gathered,
 * the index of the gathered group.
 */
export function mergeSmallGroups(
	matrix: Matrix,
	groups: readonly number[][],
	options: {minSize?: number; apart?: boolean} = {},
): {groups: number[][]; apartIndex: number | undefined} {
	const minSize = options.minSize ?? 2;
	const large = groups.filter(group => group.length >= minSize).map(group => [...group]);
	const small = groups.filter(group => group.length > 0 && group.length < minSize);
	if (small.length === 0) return {groups: large, apartIndex: undefined};
	if (large.length === 0) return {groups: [small.flat()], apartIndex: undefined};
	if (options.apart) {
		const gathered = small.flat().sort((a, b) => a - b);
		// A single stray track cannot form a playlist of its own: it joins its nearest group after all.
		if (gathered.length >= minSize) return {groups: [...large, gathered], apartIndex: large.length};
	}
	const centres = large.map(group => centroidOf(matrix, group));
	for (const row of small.flat()) {
		let best = 0;
		let bestDistance = Infinity;
		for (let g = 0; g < centres.length; g++) {
			const distance = squaredDistance(matrix.data, row, centres[g]!, 0, matrix.d);
			if (distance < bestDistance) {
				bestDistance = distance;
				best = g;
			}
		}
		large[best]!.push(row);
	}
	return {groups: large, apartIndex: undefined};
}
