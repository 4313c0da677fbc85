/**
 * Timbre as a distribution: each track's MFCC frames modelled as one Gaussian (mean and full covariance,
 * streamed by the analysis), two tracks compared by the symmetrised Kullback–Leibler divergence
 * (as Musly and the MIREX systems after Mandel & Ellis do):
 *
 *     SKL(p, q) = ½ [KL(p‖q) + KL(q‖p)] = ¼ [tr(Σq⁻¹Σp) + tr(Σp⁻¹Σq) + δᵀ(Σp⁻¹ + Σq⁻¹)δ] − d/2,   δ = μp − μq
 *
 * The log-determinants cancel, so each track needs only its mean, covariance and inverse covariance.
 * Both matrices are kept as upper triangles (d(d+1)/2 numbers) in float32: at 40,000 tracks that is
 * 1.7 KB a track instead of 6.4 KB for full float64 matrices. A track's model is made on first use.
 */

/** Compact models of a library's tracks: row t of each array is track t. */
export type TimbreModels = {
	n: number;
	d: number;
	mean: Float64Array;
	/** Covariance, upper triangle row by row, off-diagonal entries doubled (ready for tr(AB) as a dot product). */
	covariance: Float32Array;
	/** Inverse covariance, upper triangle row by row. */
	inverse: Float32Array;
	/** 1 once track t's rows are filled: models are made on first use, so one query does not pay for the library. */
	ready: Uint8Array;
	source: ReadonlyArray<Gaussian>;
};

type Gaussian = {mean: readonly number[]; covariance: readonly number[]};

/** Coefficients of the stored 20 kept in the model: MFCC 0 (the frame's energy) is left to loudness. */
export const TIMBRE_FROM = 1;

/**
 * Inverts a symmetric positive definite matrix (full, row-major) by Cholesky; returns false when it is
 * not positive definite.
 */
export function invertSymmetric(matrix: Float64Array, d: number, out: Float64Array): boolean {
	const l = new Float64Array(d * d);
	for (let i = 0; i < d; i++) {
		for (let j = 0; j <= i; j++) {
			let sum = matrix[i * d + j]!;
			for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
			if (i === j) {
				if (!(sum > 0)) return false;
				l[i * d + i] = Math.sqrt(sum);
			} else {
				l[i * d + j] = sum / l[j * d + j]!;
			}
		}
	}
	// L⁻¹ (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹.
	const li = new Float64Array(d * d);
	for (let i = 0; i < d; i++) {
		li[i * d + i] = 1 / l[i * d + i]!;
		for (let j = 0; j < i; j++) {
			let sum = 0;
			for (let k = j; k < i; k++) sum -= l[i * d + k]! * li[k * d + j]!;
			li[i * d + j] = sum / l[i * d + i]!;
		}
	}
	for (let i = 0; i < d; i++) {
		for (let j = 0; j <= i; j++) {
			let sum = 0;
			for (let k = i; k < d; k++) sum += li[k * d + i]! * li[k * d + j]!;
			out[i * d + j] = sum;
			out[j * d + i] = sum;
		}
	}
	return true;
}

/**
 * Models from the stored Gaussians (mean of `stored` coefficients, covariance as an upper triangle),
 * keeping coefficients from TIMBRE_FROM on. A small ridge (1e-3 of the mean variance) keeps nearly
 * singular covariances (a sine, digital silence) invertible. Undefined when a track has no Gaussian.
 */
export function timbreModels(gaussians: ReadonlyArray<Gaussian | undefined>): TimbreModels | undefined {
	const n = gaussians.length;
	if (n === 0 || gaussians.some(g => !g || g.mean.length <= TIMBRE_FROM)) return undefined;
	const stored = gaussians[0]!.mean.length;
	if (gaussians.some(g => g!.mean.length !== stored || g!.covariance.length !== (stored * (stored + 1)) / 2)) return undefined;
	const d = stored - TIMBRE_FROM;
	const packed = (d * (d + 1)) / 2;
	return {
		n,
		d,
		mean: new Float64Array(n * d),
		covariance: new Float32Array(n * packed),
		inverse: new Float32Array(n * packed),
		ready: new Uint8Array(n),
		source: gaussians as ReadonlyArray<Gaussian>,
	};
}

let scratch = {length: 0, full: new Float64Array(0), inverse: new Float64Array(0)};

/** Fills track t's model from its stored Gaussian (once). */
export function ensureTimbreModel(models: TimbreModels, t: number): void {
	if (models.ready[t]) return;
	const {d} = models;
	const stored = d + TIMBRE_FROM;
	const packed = (d * (d + 1)) / 2;
	const g = models.source[t]!;
	if (scratch.length !== d * d) scratch = {length: d * d, full: new Float64Array(d * d), inverse: new Float64Array(d * d)};
	const {full, inverse} = scratch;
	for (let i = 0; i < d; i++) models.mean[t * d + i] = Number.isFinite(g.mean[i + TIMBRE_FROM]!) ? g.mean[i + TIMBRE_FROM]! : 0;
	// Unpack the kept block of the stored upper triangle.
	let p = 0;
	let trace = 0;
	for (let i = 0; i < stored; i++) {
		for (let j = i; j < stored; j++, p++) {
			if (i < TIMBRE_FROM || j < TIMBRE_FROM) continue;
			const value = Number.isFinite(g.covariance[p]!) ? g.covariance[p]! : 0;
			full[(i - TIMBRE_FROM) * d + (j - TIMBRE_FROM)] = value;
			full[(j - TIMBRE_FROM) * d + (i - TIMBRE_FROM)] = value;
			if (i === j) trace += value;
		}
	}
	const ridge = Math.max(1e-6, (1e-3 * trace) / d);
	for (let i = 0; i < d; i++) full[i * d + i]! += ridge;
	if (!invertSymmetric(full, d, inverse)) {
		// Not positive definite even with the ridge: a diagonal model.
		inverse.fill(0);
		for (let i = 0; i < d; i++) inverse[i * d + i] = 1 / Math.max(full[i * d + i]!, ridge);
	}
	let q = t * packed;
	for (let i = 0; i < d; i++) {
		for (let j = i; j < d; j++, q++) {
			models.covariance[q] = (i === j ? 1 : 2) * full[i * d + j]!;
			models.inverse[q] = inverse[i * d + j]!;
		}
	}
	models.ready[t] = 1;
}

/** Symmetrised Kullback–Leibler divergence between the Gaussians of tracks a and b (≥ 0). */
export function timbreDivergence(models: TimbreModels, a: number, b: number, scratch: Float64Array = new Float64Array(models.d)): number {
	ensureTimbreModel(models, a);
	ensureTimbreModel(models, b);
	const {d, mean, covariance, inverse} = models;
	const packed = (d * (d + 1)) / 2;
	const pa = a * packed;
	const pb = b * packed;
	let trace = 0;
	for (let k = 0; k < packed; k++) trace += covariance[pa + k]! * inverse[pb + k]! + covariance[pb + k]! * inverse[pa + k]!;
	const delta = scratch;
	for (let i = 0; i < d; i++) delta[i] = mean[a * d + i]! - mean[b * d + i]!;
	let quadratic = 0;
	let k = 0;
	for (let i = 0; i < d; i++) {
		const di = delta[i]!;
		quadratic += (inverse[pa + k]! + inverse[pb + k]!) * di * di;
		k++;
		let row = 0;
		for (let j = i + 1; j < d; j++, k++) row += (inverse[pa + k]! + inverse[pb + k]!) * delta[j]!;
		quadratic += 2 * di * row;
	}
	return Math.max(0, 0.25 * (trace + quadratic) - d / 2);
}
