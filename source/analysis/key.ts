import {camelot, keyLabel, type Mode} from './key-names.js';

/** Krumhansl–Kessler probe-tone profiles, index 0 = tonic. */
export const KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88] as const;
export const KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17] as const;

export type KeyEstimate = {
	tonic: number;
	mode: Mode;
	/** Correlation of the chroma with the best profile, clipped to [0, 1]. */
	confidence: number;
	/** How far the best key's correlation stands above the runner-up's (0 = a tie). */
	margin: number;
	label: string;
	camelot: string;
};

function pearson(a: ArrayLike<number>, b: ArrayLike<number>, rotation: number): number {
	let meanA = 0;
	let meanB = 0;
	for (let i = 0; i < 12; i++) {
		meanA += a[i]!;
		meanB += b[i]!;
	}
	meanA /= 12;
	meanB /= 12;
	let ab = 0;
	let aa = 0;
	let bb = 0;
	for (let i = 0; i < 12; i++) {
		// Pitch class i of the chroma against profile degree (i − tonic).
		const x = a[i]! - meanA;
		const y = b[(i - rotation + 12) % 12]! - meanB;
		ab += x * y;
		aa += x * x;
		bb += y * y;
	}
	return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** All 24 correlations: index tonic for major, 12 + tonic for minor. */
export function keyCorrelations(chroma: ArrayLike<number>): number[] {
	const out: number[] = [];
	for (let tonic = 0; tonic < 12; tonic++) out.push(pearson(chroma, KK_MAJOR, tonic));
	for (let tonic = 0; tonic < 12; tonic++) out.push(pearson(chroma, KK_MINOR, tonic));
	return out;
}

/** The key whose rotated Krumhansl–Kessler profile correlates best with a 12-bin chroma (C first). */
export function estimateKey(chroma: ArrayLike<number>): KeyEstimate {
	if (chroma.length !== 12) throw new Error(`chroma must have 12 bins, got ${chroma.length}`);
	const correlations = keyCorrelations(chroma);
	let best = 0;
	for (let i = 1; i < 24; i++) if (correlations[i]! > correlations[best]!) best = i;
	let second = -Infinity;
	for (let i = 0; i < 24; i++) if (i !== best && correlations[i]! > second) second = correlations[i]!;
	const tonic = best % 12;
	const mode: Mode = best < 12 ? 'major' : 'minor';
	const r = correlations[best]!;
	return {
		tonic,
		mode,
		confidence: Math.max(0, Math.min(1, r)),
		margin: Math.max(0, r - second),
		label: keyLabel(tonic, mode),
		camelot: camelot(tonic, mode),
	};
}
