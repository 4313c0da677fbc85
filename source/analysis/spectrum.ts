/**
 * The maths both frame extractors share, on a frame or its amplitude spectrum, built to give Meyda's
 * values exactly (see frame-features.ts for what each feature is).
 */
import {BARK_BANDS, MEL_BANDS, MFCC_COUNT, type FrameExtractorOptions, type FrameFeatures} from './frame-features.js';

export function emptyFeatures(): FrameFeatures {
	return {
		rms: 0,
		zcr: 0,
		centroidHz: 0,
		rolloffHz: 0,
		flatness: 0,
		loudness: 0,
		mfcc: new Float64Array(MFCC_COUNT),
		mel: new Float64Array(MEL_BANDS),
		melPower: new Float64Array(MEL_BANDS),
		chroma: new Float64Array(12),
		flux: 0,
		onset: 0,
	};
}

export function isPowerOfTwo(value: number): boolean {
	return Number.isInteger(value) && value > 0 && (value & (value - 1)) === 0;
}

export function checkOptions({sampleRate, frameSize}: FrameExtractorOptions): void {
	if (!isPowerOfTwo(frameSize)) throw new Error(`frame size must be a power of two, got ${frameSize}`);
	if (!(sampleRate > 0)) throw new Error(`sample rate must be positive, got ${sampleRate}`);
}

/** Meyda's Hann window: 0.5 − 0.5 cos(2πi/(N − 1)), in float32 as Meyda keeps it. */
export function hannWindow(size: number): Float32Array {
	const window = new Float32Array(size);
	for (let i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1));
	return window;
}

/** Mel filters as Meyda builds them (createMelFilterBank), kept sparse: each filter's first bin and weights. */
export type SparseFilter = {start: number; weights: Float64Array};

export function melFilters(bands: number, sampleRate: number, frameSize: number): SparseFilter[] {
	const toMel = (hz: number) => 1125 * Math.log(1 + hz / 700);
	const toHz = (mel: number) => 700 * (Math.exp(mel / 1125) - 1);
	const step = (toMel(sampleRate / 2) - toMel(0)) / (bands + 1);
	const edges: number[] = [];
	for (let i = 0; i < bands + 2; i++) {
		// Meyda keeps these in a Float32Array: round the same way so that the bins agree exactly.
		const mel = Math.fround(i * step);
		const hz = Math.fround(toHz(mel));
		edges.push(Math.floor(((frameSize + 1) * hz) / sampleRate));
	}
	const bins = frameSize / 2;
	const filters: SparseFilter[] = [];
	for (let j = 0; j < bands; j++) {
		const [low, mid, high] = [edges[j]!, edges[j + 1]!, edges[j + 2]!];
		const start = Math.min(low, bins);
		const end = Math.min(high, bins);
		const weights = new Float64Array(Math.max(0, end - start));
		for (let i = low; i < mid && i < bins; i++) weights[i - start] = (i - low) / (mid - low);
		for (let i = mid; i < high && i < bins; i++) weights[i - start] = (high - i) / (high - mid);
		filters.push({start, weights});
	}
	return filters;
}

/** Bark band limits as Meyda's loudness extractor derives them for an N/2-bin spectrum. */
export function barkLimits(sampleRate: number, frameSize: number, bands = BARK_BANDS): Int32Array {
	const bins = frameSize / 2;
	const bark = new Float32Array(frameSize);
	for (let i = 0; i < frameSize; i++) {
		const hz = (i * sampleRate) / frameSize;
		bark[i] = 13 * Math.atan(hz / 1315.8) + 3.5 * Math.atan((hz / 7518) ** 2);
	}
	const limits = new Int32Array(bands + 1);
	const top = bark[bins - 1]!;
	let bandEnd = top / bands;
	let band = 1;
	for (let i = 0; i < bins; i++) {
		while (bark[i]! > bandEnd) {
			limits[band++] = i;
			bandEnd = (band * top) / bands;
		}
	}
	limits[bands] = bins - 1;
	return limits;
}

/** Cosine table for an unnormalised DCT-II (the `dct` package Meyda uses, scale 2), first `count` rows. */
export function dctTable(size: number, count: number): Float64Array {
	const table = new Float64Array(size * count);
	for (let k = 0; k < count; k++) {
		for (let n = 0; n < size; n++) table[k * size + n] = 2 * Math.cos((Math.PI / size) * (n + 0.5) * k);
	}
	return table;
}

/** Meyda's chroma filter bank (createChromaFilterBank with its defaults), dense rows of N/2 + 1 bins. */
export function chromaFilterBank(sampleRate: number, frameSize: number, bands = 12): Float64Array[] {
	const bins = Math.floor(frameSize / 2) + 1;
	const octaves = (hz: number) => Math.log2((16 * hz) / 440);
	const frequencyBins = Array.from({length: frameSize}, (_, i) => bands * octaves((sampleRate * i) / frameSize));
	frequencyBins[0] = frequencyBins[1]! - 1.5 * bands;
	// Meyda writes Math.max(v − previous) with the 1 passed to map() as thisArg: the width is the plain difference.
	const widths = frequencyBins.slice(1).map((value, i) => value - frequencyBins[i]!);
	widths.push(1);
	const half = Math.round(bands / 2);
	let weights = Array.from({length: bands}, (_, i) =>
		frequencyBins.map((frequency, j) => {
			const peak = ((10 * bands + half + frequency - i) % bands) - half;
			return Math.exp(-0.5 * ((2 * peak) / widths[j]!) ** 2);
		}),
	);
	const norms = new Float64Array(frameSize);
	for (const row of weights) row.forEach((value, j) => (norms[j]! += value * value));
	weights = weights.map(row => row.map((value, j) => value / (Math.sqrt(norms[j]!) || 1)));
	const centerOctave = 5;
	const octaveWidth = 2;
	weights = weights.map(row => row.map((value, j) => value * Math.exp(-0.5 * ((frequencyBins[j]! / bands - centerOctave) / octaveWidth) ** 2)));
	weights = [...weights.slice(3), ...weights.slice(0, 3)];
	return weights.map(row => Float64Array.from(row.slice(0, bins)));
}

/** Scalar spectral features from an amplitude spectrum (N/2 bins), as Meyda computes them. */
export function spectralShape(amp: Float64Array | Float32Array, sampleRate: number, frameSize: number, out: FrameFeatures): void {
	const bins = amp.length;
	let sum = 0;
	let weighted = 0;
	let logSum = 0;
	// The log of a product of eight amplitudes rather than eight logs: the same sum, an eighth of the
	// Math.log calls (amplitudes of float samples stay far from double overflow or underflow; a zero bin
	// gives −∞ either way, and a flatness of 0 as in Meyda).
	let product = 1;
	for (let k = 0; k < bins; k++) {
		const a = amp[k]!;
		sum += a;
		weighted += k * a;
		product *= a;
		if ((k & 7) === 7) {
			logSum += Math.log(product);
			product = 1;
		}
	}
	if ((bins & 7) !== 0) logSum += Math.log(product);
	out.centroidHz = sum > 0 ? ((weighted / sum) * sampleRate) / frameSize : 0;
	out.flatness = sum > 0 ? (Math.exp(logSum / bins) * bins) / sum : 0;
	// Meyda's rolloff: the "Nyquist bin" width is sampleRate / (2 (bins − 1)).
	const threshold = 0.99 * sum;
	let energy = sum;
	let n = bins - 1;
	while (energy > threshold && n >= 0) {
		energy -= amp[n]!;
		n--;
	}
	out.rolloffHz = (n + 1) * (sampleRate / (2 * (bins - 1)));
}

/** log(1 + mel-filtered power): the MFCC input, as Meyda's melBands extractor computes it. */
export function logMelBands(amp: Float64Array | Float32Array, filters: SparseFilter[], out: Float64Array, power?: Float64Array): void {
	for (let b = 0; b < filters.length; b++) {
		const {start, weights} = filters[b]!;
		let sum = 0;
		for (let i = 0; i < weights.length; i++) {
			const a = amp[start + i]!;
			sum += weights[i]! * a * a;
		}
		out[b] = Math.log(sum + 1);
		if (power) power[b] = sum;
	}
}

/**
 * Σ max(0, current − previous). Without a branch per value: whether a spectral bin rose since the last
 * frame is a coin toss for the processor's branch predictor, and the mispredictions cost more than the
 * sum. (d + |d|) / 2 is exactly d for d > 0 and +0 otherwise, so the sum is the same to the bit; only a
 * value that is not a number would spread into the sum where the branch left it out, and then the sum is
 * taken again that way.
 */
export function rectifiedDifference(current: ArrayLike<number>, previous: ArrayLike<number>): number {
	let sum = 0;
	for (let i = 0; i < current.length; i++) {
		const d = current[i]! - previous[i]!;
		sum += (d + Math.abs(d)) * 0.5;
	}
	if (!Number.isNaN(sum)) return sum;
	sum = 0;
	for (let i = 0; i < current.length; i++) {
		const d = current[i]! - previous[i]!;
		if (d > 0) sum += d;
	}
	return sum;
}
