/**
 * Key-invariant tonal descriptors of a 12-bin chroma (after bliss-rs): transposing the music rotates the
 * chroma and leaves these unchanged, so tracks in different keys but of the same harmonic colour stay close.
 */

/** Interval-class strengths: for k = 1..6 semitones, Σ c[i]·c[i+k] (k = 6 counted once), as shares of their sum. */
export function intervalClasses(chroma: ArrayLike<number>): number[] {
	const out = [0, 0, 0, 0, 0, 0];
	for (let k = 1; k <= 6; k++) {
		let sum = 0;
		for (let i = 0; i < 12; i++) sum += chroma[i]! * chroma[(i + k) % 12]!;
		out[k - 1] = k === 6 ? sum / 2 : sum;
	}
	return shares(out);
}

/** Triad types by their intervals above the root: major, minor, diminished, augmented. */
const TRIADS = [
	[4, 7],
	[3, 7],
	[3, 6],
	[4, 8],
] as const;

/** How strongly each triad type is present (geometric mean of its three notes, over all roots), as shares. */
export function triadShares(chroma: ArrayLike<number>): number[] {
	const out = TRIADS.map(([a, b]) => {
		let sum = 0;
		for (let root = 0; root < 12; root++) sum += Math.cbrt(chroma[root]! * chroma[(root + a) % 12]! * chroma[(root + b) % 12]!);
		return sum;
	});
	return shares(out);
}

/** Entropy of the chroma as a distribution, in [0, 1] (1 = flat: noise or atonal, low = few pitch classes). */
export function chromaEntropy(chroma: ArrayLike<number>): number {
	let total = 0;
	for (let i = 0; i < 12; i++) total += Math.max(0, chroma[i]!);
	if (!(total > 0)) return 1;
	let entropy = 0;
	for (let i = 0; i < 12; i++) {
		const p = Math.max(0, chroma[i]!) / total;
		if (p > 0) entropy -= p * Math.log(p);
	}
	return entropy / Math.log(12);
}

function shares(values: number[]): number[] {
	const total = values.reduce((sum, value) => sum + value, 0);
	return total > 0 ? values.map(value => value / total) : values.map(() => 1 / values.length);
}
