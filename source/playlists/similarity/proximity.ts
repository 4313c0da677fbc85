/**
 * Mutual proximity (Schnitzer et al.): rescales a distance by how unusual it is for *both* tracks. Some
 * tracks ("hubs") are near everything in a high-dimensional space and crowd every radio; mutual
 * proximity turns d(x, y) into the probability that a random distance from x or from y is smaller:
 *
 *     MP(x, y) = 1 − P(D_x > d) · P(D_y > d)
 *
 * with D_x modelled as a normal distribution of x's distances to the library (mean and deviation from a
 * fixed sample of other tracks). The result is in [0, 1]; smaller is closer. similarity.ts applies it to
 * the fused distance with profiles of its own; this is its normal distribution.
 */

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
