/**
 * Mutual proximity (Schnitzer et al.): rescales a distance by how unusual it is for *both* tracks. Some
 * tracks ("hubs") are near everything in a high-dimensional space and crowd every radio; mutual
 * proximity turns d(x, y) into the probability that a random distance from x or from y is smaller:
 *
 *     MP(x, y) = 1 − P(D_x > d) · P(D_y > d)
 *
 * with D_x modelled as a normal distribution of x's distances to the library (mean and deviation from a
 * fixed sample of other tracks). The result is in [0, 1]; smaller is closer.
 */
import {trackDistance, type Prepared} from './distance.js';
import {createRng, DEFAULT_RNG_SEED} from '../random.js';

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

/** erfc(a) for a ≥ 0, Abramowitz & Stegun 7.1.26: accurate relative to its value far into the tail. */
function erfcPositive(a: number): number {
	const t = 1 / (1 + 0.327_591_1 * a);
	const poly = t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
	return poly * Math.exp(-a * a);
}

/** P(D ≤ d) for D ~ Normal(mean, std), keeping precision for d far below the mean (near neighbours). */
export function normalCdf(d: number, mean: number, std: number): number {
	if (!(std > 1e-12)) return d < mean ? 0 : 1;
	const z = (d - mean) / (std * Math.SQRT2);
	const tail = 0.5 * erfcPositive(Math.abs(z));
	return z < 0 ? tail : 1 - tail;
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
