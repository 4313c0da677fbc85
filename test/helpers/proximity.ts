/**
 * Mutual proximity over the vector distance alone, with each track's distance profile from a fixed sample:
 * the textbook form that similarity.ts applies to its fused distance, kept for the tests and benchmarks
 * that hold it to its definition.
 */
import {trackDistance, type Prepared} from '../../source/playlists/similarity/distance.js';
import {normalCdf} from '../../source/playlists/similarity/proximity.js';
import {createRng, DEFAULT_RNG_SEED} from '../../source/playlists/random.js';

export type DistanceProfiles = {mean: Float64Array; std: Float64Array};

/** Mean and standard deviation of each track's distances to a sample of other tracks. */
export function distanceProfiles(prepared: Prepared, sampleSize = 200): DistanceProfiles {
	const n = prepared.matrix.n;
	const mean = new Float64Array(n);
	const std = new Float64Array(n);
	const rng = createRng(DEFAULT_RNG_SEED ^ 0x3c6e_f372);
	const count = Math.min(sampleSize, n - 1);
	for (let i = 0; i < n; i++) {
		let sum = 0;
		let squares = 0;
		for (let s = 0; s < count; s++) {
			let j = rng.int(n - 1);
			if (j >= i) j++;
			const distance = trackDistance(prepared, i, j);
			sum += distance;
			squares += distance * distance;
		}
		if (count > 0) {
			mean[i] = sum / count;
			std[i] = Math.sqrt(Math.max(0, squares / count - mean[i]! ** 2));
		}
	}
	return {mean, std};
}

/**
 * Mutual proximity distance between tracks x and y at distance d:
 * 1 − (1 − F_x(d))(1 − F_y(d)) = F_x + F_y − F_x·F_y, written so near neighbours keep their order.
 */
export function mutualProximity(profiles: DistanceProfiles, x: number, y: number, d: number): number {
	const fx = normalCdf(d, profiles.mean[x]!, profiles.std[x]!);
	const fy = normalCdf(d, profiles.mean[y]!, profiles.std[y]!);
	return fx + fy - fx * fy;
}
