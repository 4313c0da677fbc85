/**
 * Timbre as a distribution: each track's MFCC frames modelled as one Gaussian (mean and full covariance,
 * streamed by the analysis), two tracks compared by the symmetrised Kullback–Leibler divergence
 * (as Musly and the MIREX systems after Mandel & Ellis do):
 *
 *     SKL(p, q) = ½ [KL(p‖q) + KL(q‖p)] = ¼ [tr(Σq⁻¹Σp) + tr(Σp⁻¹Σq) + δᵀ(Σp⁻¹ + Σq⁻¹)δ] − d/2,   δ = μp − μq
 *
 * The log-determinants cancel, so each track needs only its mean, covariance and inverse covariance. The
 * mean and covariance are read from the stored Gaussian itself (the kept block of its upper triangle is
 * the stored triangle's tail, see TIMBRE_FROM); a model adds only the inverse, as an upper triangle in
 * float32 (off-diagonal entries doubled, ready for tr(AB) and the quadratic form as dot products), and the
 * small ridge that keeps the inverse defined, whose share of the trace is added apart:
 * tr((Σp + ρp I)(Σq + ρq I)⁻¹) = tr(Σp Σq'⁻¹) + ρp tr(Σq'⁻¹). At 40,000 tracks that is 0.8 KB a track
 * beside the stored Gaussian. A track's model is made on first use.
 */

/** Compact models of a library's tracks: row t of each array is track t. */
export type TimbreModels = {
	n: number;
	d: number;
	/** Inverse covariance (ridge included), upper triangle row by row, off-diagonal entries doubled. */
	inverse: Float32Array;
	/** Each track's stored mean and covariance from TIMBRE_FROM on, as views (no copy); set with its model. */
	mean: Array<Float32Array | Float64Array>;
	covariance: Array<Float32Array | Float64Array>;
	/** The ridge added to each track's covariance diagonal, and the trace of its inverse. */
	ridge: Float64Array;
	inverseTrace: Float64Array;
	/** 1 once track t's rows are filled: models are made on first use, so one query does not pay for the library. */
	ready: Uint8Array;
	/** Each track's Gaussian as stored; a track with values that are not finite gets a cleaned copy. */
	source: Array<Gaussian>;
};

type Gaussian = {mean: ArrayLike<number>; covariance: ArrayLike<number>};

/** Coefficients of the stored 20 kept in the model: MFCC 0 (the frame's energy) is left to loudness. */
export const TIMBRE_FROM = 1;

let factors = {l: new Float64Array(0), li: new Float64Array(0)};

/**
 * Inverts a symmetric positive definite matrix (full, row-major) by Cholesky; returns false when it is
 * not positive definite.
 */
export function invertSymmetric(matrix: Float64Array, d: number, out: Float64Array): boolean {
	// Every entry read below is written first: the factors need no clearing, so one pair serves every call.
	if (factors.l.length !== d * d) factors = {l: new Float64Array(d * d), li: new Float64Array(d * d)};
	const {l, li} = factors;
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
		inverse: new Float32Array(n * packed),
		mean: new Array<Float32Array | Float64Array>(n),
		covariance: new Array<Float32Array | Float64Array>(n),
		ridge: new Float64Array(n),
		inverseTrace: new Float64Array(n),
		ready: new Uint8Array(n),
		source: gaussians.slice() as Gaussian[],
	};
}

let scratch = {length: 0, full: new Float64Array(0), inverse: new Float64Array(0)};

/** Where the kept block starts in the stored upper triangle: rows before TIMBRE_FROM come first. */
function keptOffset(stored: number): number {
	let offset = 0;
	for (let i = 0; i < TIMBRE_FROM; i++) offset += stored - i;
	return offset;
}

function allFinite(values: ArrayLike<number>): boolean {
	for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
	return true;
}

/** The values from `start` on: a view of a typed array (the store's float32 blocks), else a float64 copy. */
function viewFrom(values: ArrayLike<number>, start: number): Float32Array | Float64Array {
	if (values instanceof Float32Array || values instanceof Float64Array) return values.subarray(start);
	return Float64Array.from(Array.prototype.slice.call(values, start) as number[]);
}

/** Fills track t's model from its stored Gaussian (once). */
export function ensureTimbreModel(models: TimbreModels, t: number): void {
	if (models.ready[t]) return;
	const {d} = models;
	const stored = d + TIMBRE_FROM;
	const packed = (d * (d + 1)) / 2;
	let g = models.source[t]!;
	if (!allFinite(g.mean) || !allFinite(g.covariance)) {
		g = {mean: Array.from(g.mean, v => (Number.isFinite(v) ? v : 0)), covariance: Array.from(g.covariance, v => (Number.isFinite(v) ? v : 0))};
		models.source[t] = g;
	}
	if (scratch.length !== d * d) scratch = {length: d * d, full: new Float64Array(d * d), inverse: new Float64Array(d * d)};
	const {full, inverse} = scratch;
	// Unpack the kept block of the stored upper triangle.
	let p = keptOffset(stored);
	let trace = 0;
	for (let i = 0; i < d; i++) {
		for (let j = i; j < d; j++, p++) {
			const value = g.covariance[p]!;
			full[i * d + j] = value;
			full[j * d + i] = value;
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
	let inverseTrace = 0;
	for (let i = 0; i < d; i++) {
		for (let j = i; j < d; j++, q++) {
			models.inverse[q] = (i === j ? 1 : 2) * inverse[i * d + j]!;
			if (i === j) inverseTrace += models.inverse[q]!;
		}
	}
	models.mean[t] = viewFrom(g.mean, TIMBRE_FROM);
	models.covariance[t] = viewFrom(g.covariance, keptOffset(stored));
	models.ridge[t] = ridge;
	models.inverseTrace[t] = inverseTrace;
	models.ready[t] = 1;
}

/** Symmetrised Kullback–Leibler divergence between the Gaussians of tracks a and b (≥ 0). */
export function timbreDivergence(models: TimbreModels, a: number, b: number, scratch: Float64Array = new Float64Array(models.d)): number {
	ensureTimbreModel(models, a);
	ensureTimbreModel(models, b);
	const {d, inverse} = models;
	const packed = (d * (d + 1)) / 2;
	const pa = a * packed;
	const pb = b * packed;
	const ca = models.covariance[a]!;
	const cb = models.covariance[b]!;
	let trace = models.ridge[a]! * models.inverseTrace[b]! + models.ridge[b]! * models.inverseTrace[a]!;
	for (let k = 0; k < packed; k++) trace += ca[k]! * inverse[pb + k]! + cb[k]! * inverse[pa + k]!;
	const delta = scratch;
	const ma = models.mean[a]!;
	const mb = models.mean[b]!;
	for (let i = 0; i < d; i++) delta[i] = ma[i]! - mb[i]!;
	let quadratic = 0;
	let k = 0;
	for (let i = 0; i < d; i++) {
		const di = delta[i]!;
		let row = 0;
		for (let j = i; j < d; j++, k++) row += (inverse[pa + k]! + inverse[pb + k]!) * delta[j]!;
		quadratic += di * row;
	}
	return Math.max(0, 0.25 * (trace + quadratic) - d / 2);
}
