/**
 * Per-frame audio features. Two extractors compute the same values on the same frame:
 * - `MeydaFrameExtractor`: the reference, one `Meyda.extract` call per frame;
 * - `FastFrameExtractor`: the same definitions computed with fft.js, a sparse mel matrix and our own DCT,
 *   about ten times faster (test/analysis/frame-features.test.ts checks it matches Meyda frame by frame).
 *
 * What is computed, as Meyda defines it (know what you compute):
 * - the frame is multiplied by a Hann window (Meyda's, denominator N − 1) before *everything*, rms and
 *   zcr included: `rms` is the RMS of the windowed frame (≈ 0.61 × the raw RMS for steady signals) and
 *   `zcr` counts sign changes of the windowed frame (a count per frame, not a rate);
 * - the amplitude spectrum has N/2 bins (the Nyquist bin is left out);
 * - `centroidHz` is Meyda's amplitude-weighted centroid (a bin index) converted to Hz;
 * - `rolloffHz` is the frequency under which 99 % of the amplitude sum lies (Meyda's formula, in Hz);
 * - `flatness` is the geometric over the arithmetic mean of the amplitude spectrum;
 * - `loudness` is the total of 24 Bark-band specific loudnesses (band amplitude sum ^ 0.23);
 * - `mfcc`: 26 triangular mel filters (Meyda's bins) over the power spectrum, log(x + 1), DCT-II × 2, first 13;
 * - `chroma` (optional): Meyda's 12-band chroma filter bank, normalised to its maximum;
 * - `flux`: ours, the half-wave rectified difference of the amplitude spectrum with the previous frame's;
 * - `onset`: ours, the mean half-wave rectified difference of the log mel bands (the MFCC input) with
 *   the previous frame's — the onset-strength value used for tempo (librosa's definition, on 26 bands).
 */
import FFT from 'fft.js';
import MeydaModule from 'meyda';

/** Meyda's default export is typed through its CommonJS shape; under NodeNext it needs a cast. */
type MeydaApi = {
	bufferSize: number;
	sampleRate: number;
	melBands: number;
	numberOfMFCCCoefficients: number;
	windowingFunction: string;
	melFilterBank?: unknown;
	chromaFilterBank?: unknown;
	barkScale?: unknown;
	extract(features: string[], signal: Float32Array): Record<string, unknown>;
};
const Meyda = MeydaModule as unknown as MeydaApi;

export const MFCC_COUNT = 13;
export const MEL_BANDS = 26;
export const BARK_BANDS = 24;

export type FrameFeatures = {
	rms: number;
	zcr: number;
	centroidHz: number;
	rolloffHz: number;
	flatness: number;
	loudness: number;
	mfcc: Float64Array;
	/** Filled only when the extractor was made with `chroma: true`. */
	chroma: Float64Array;
	flux: number;
	onset: number;
};

export type FrameExtractorOptions = {sampleRate: number; frameSize: number; chroma?: boolean};

export interface FrameExtractor {
	readonly frameSize: number;
	/**
	 * Features of one frame of `frameSize` samples. The returned object is reused by the next call.
	 * Frames must come in order: flux and onset compare with the previous frame.
	 */
	extract(frame: Float32Array): FrameFeatures;
	/** Forgets the previous frame (a new track). */
	reset(): void;
}

function emptyFeatures(): FrameFeatures {
	return {
		rms: 0,
		zcr: 0,
		centroidHz: 0,
		rolloffHz: 0,
		flatness: 0,
		loudness: 0,
		mfcc: new Float64Array(MFCC_COUNT),
		chroma: new Float64Array(12),
		flux: 0,
		onset: 0,
	};
}

export function isPowerOfTwo(value: number): boolean {
	return Number.isInteger(value) && value > 0 && (value & (value - 1)) === 0;
}

function checkOptions({sampleRate, frameSize}: FrameExtractorOptions): void {
	if (!isPowerOfTwo(frameSize)) throw new Error(`frame size must be a power of two, got ${frameSize}`);
	if (!(sampleRate > 0)) throw new Error(`sample rate must be positive, got ${sampleRate}`);
}

/** Meyda's Hann window: 0.5 − 0.5 cos(2πi/(N − 1)), in float32 as Meyda keeps it. */
export function hannWindow(size: number): Float32Array {
	const window = new Float32Array(size);
	for (let i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (size - 1));
	return window;
}

// ---- shared maths on an amplitude spectrum ---------------------------------------------------------

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
function spectralShape(amp: Float64Array | Float32Array, sampleRate: number, frameSize: number, out: FrameFeatures): void {
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

// ---- the reference: Meyda ---------------------------------------------------------------------------

const MEYDA_FEATURES = ['rms', 'zcr', 'spectralCentroid', 'spectralRolloff', 'spectralFlatness', 'loudness', 'mfcc', 'amplitudeSpectrum'];

/**
 * Meyda keeps its settings and filter banks in one global object. Its mel and chroma banks are not
 * rebuilt when the buffer size changes (the mel check compares lengths that always agree), so frames of
 * another size would be filtered with stale banks (NaN or wrong values): drop the banks on every change.
 */
export function configureMeyda(sampleRate: number, frameSize: number): void {
	if (Meyda.bufferSize === frameSize && Meyda.sampleRate === sampleRate && Meyda.melFilterBank !== undefined) return;
	Meyda.bufferSize = frameSize;
	Meyda.sampleRate = sampleRate;
	Meyda.melBands = MEL_BANDS;
	Meyda.numberOfMFCCCoefficients = MFCC_COUNT;
	Meyda.windowingFunction = 'hanning';
	Meyda.melFilterBank = undefined;
	Meyda.chromaFilterBank = undefined;
	Meyda.barkScale = undefined;
}

export class MeydaFrameExtractor implements FrameExtractor {
	readonly frameSize: number;
	readonly #sampleRate: number;
	readonly #features: string[];
	readonly #out = emptyFeatures();
	readonly #filters: SparseFilter[];
	#previousAmp: Float64Array;
	#previousMel: Float64Array;
	#hasPrevious = false;
	readonly #mel = new Float64Array(MEL_BANDS);

	constructor(options: FrameExtractorOptions) {
		checkOptions(options);
		this.frameSize = options.frameSize;
		this.#sampleRate = options.sampleRate;
		this.#features = options.chroma ? [...MEYDA_FEATURES, 'chroma'] : MEYDA_FEATURES;
		this.#filters = melFilters(MEL_BANDS, options.sampleRate, options.frameSize);
		this.#previousAmp = new Float64Array(options.frameSize / 2);
		this.#previousMel = new Float64Array(MEL_BANDS);
	}

	reset(): void {
		this.#hasPrevious = false;
	}

	extract(frame: Float32Array): FrameFeatures {
		if (frame.length !== this.frameSize) throw new Error(`frame of ${frame.length} samples, expected ${this.frameSize}`);
		// Another extractor (or a test) may have changed Meyda's globals since our last frame.
		configureMeyda(this.#sampleRate, this.frameSize);
		const result = Meyda.extract(this.#features, frame) as {
			rms: number;
			zcr: number;
			spectralCentroid: number;
			spectralRolloff: number;
			spectralFlatness: number;
			loudness: {total: number};
			mfcc: number[];
			chroma?: number[];
			amplitudeSpectrum: Float32Array;
		};
		const out = this.#out;
		out.rms = result.rms;
		out.zcr = result.zcr;
		// Meyda's centroid is a bin index; NaN on an all-zero spectrum.
		out.centroidHz = Number.isFinite(result.spectralCentroid) ? (result.spectralCentroid * this.#sampleRate) / this.frameSize : 0;
		out.rolloffHz = result.spectralRolloff;
		out.flatness = Number.isFinite(result.spectralFlatness) ? result.spectralFlatness : 0;
		out.loudness = result.loudness.total;
		out.mfcc.set(result.mfcc);
		if (result.chroma) out.chroma.set(result.chroma.map(value => (Number.isFinite(value) ? value : 0)));
		const amp = result.amplitudeSpectrum;
		logMelBands(amp, this.#filters, this.#mel);
		this.#diff(amp);
		return out;
	}

	#diff(amp: Float32Array): void {
		const out = this.#out;
		out.flux = this.#hasPrevious ? rectifiedDifference(amp, this.#previousAmp) : 0;
		out.onset = this.#hasPrevious ? rectifiedDifference(this.#mel, this.#previousMel) / MEL_BANDS : 0;
		this.#previousAmp.set(amp);
		this.#previousMel.set(this.#mel);
		this.#hasPrevious = true;
	}
}

/** log(1 + mel-filtered power): the MFCC input, as Meyda's melBands extractor computes it. */
function logMelBands(amp: Float64Array | Float32Array, filters: SparseFilter[], out: Float64Array): void {
	for (let b = 0; b < filters.length; b++) {
		const {start, weights} = filters[b]!;
		let sum = 0;
		for (let i = 0; i < weights.length; i++) {
			const a = amp[start + i]!;
			sum += weights[i]! * a * a;
		}
		out[b] = Math.log(sum + 1);
	}
}

/** Σ max(0, current − previous). */
export function rectifiedDifference(current: ArrayLike<number>, previous: ArrayLike<number>): number {
	let sum = 0;
	for (let i = 0; i < current.length; i++) {
		const d = current[i]! - previous[i]!;
		if (d > 0) sum += d;
	}
	return sum;
}

// ---- the fast path ----------------------------------------------------------------------------------

export class FastFrameExtractor implements FrameExtractor {
	readonly frameSize: number;
	readonly #sampleRate: number;
	readonly #chroma: boolean;
	readonly #fft: FFT;
	readonly #window: Float32Array;
	readonly #windowed: Float64Array;
	readonly #spectrum: number[];
	#amp: Float64Array;
	#previousAmp: Float64Array;
	#mel = new Float64Array(MEL_BANDS);
	#previousMel = new Float64Array(MEL_BANDS);
	#hasPrevious = false;
	readonly #filters: SparseFilter[];
	readonly #bark: Int32Array;
	readonly #dct: Float64Array;
	readonly #chromaBank: Float64Array[] | undefined;
	readonly #out = emptyFeatures();

	constructor(options: FrameExtractorOptions) {
		checkOptions(options);
		const {sampleRate, frameSize} = options;
		this.frameSize = frameSize;
		this.#sampleRate = sampleRate;
		this.#chroma = options.chroma ?? false;
		this.#fft = new FFT(frameSize);
		this.#window = hannWindow(frameSize);
		this.#windowed = new Float64Array(frameSize);
		this.#spectrum = this.#fft.createComplexArray() as number[];
		this.#amp = new Float64Array(frameSize / 2);
		this.#previousAmp = new Float64Array(frameSize / 2);
		this.#filters = melFilters(MEL_BANDS, sampleRate, frameSize);
		this.#bark = barkLimits(sampleRate, frameSize);
		this.#dct = dctTable(MEL_BANDS, MFCC_COUNT);
		this.#chromaBank = this.#chroma ? chromaFilterBank(sampleRate, frameSize) : undefined;
	}

	reset(): void {
		this.#hasPrevious = false;
	}

	extract(frame: Float32Array): FrameFeatures {
		const n = this.frameSize;
		if (frame.length !== n) throw new Error(`frame of ${frame.length} samples, expected ${n}`);
		const out = this.#out;
		const windowed = this.#windowed;
		const window = this.#window;

		// Window, RMS and zero crossings of the windowed frame in one pass.
		let squares = 0;
		let crossings = 0;
		let previous = 0;
		for (let i = 0; i < n; i++) {
			const value = frame[i]! * window[i]!;
			windowed[i] = value;
			squares += value * value;
			if (i > 0 && (previous >= 0) !== (value >= 0)) crossings++;
			previous = value;
		}
		out.rms = Math.sqrt(squares / n);
		out.zcr = crossings;

		// Amplitude spectrum, N/2 bins.
		const spectrum = this.#spectrum;
		this.#fft.realTransform(spectrum, windowed);
		const amp = this.#amp;
		const bins = n / 2;
		for (let k = 0; k < bins; k++) {
			const re = spectrum[2 * k]!;
			const im = spectrum[2 * k + 1]!;
			amp[k] = Math.sqrt(re * re + im * im);
		}
		spectralShape(amp, this.#sampleRate, n, out);

		// Loudness: Bark-band sums to the power 0.23.
		const bark = this.#bark;
		let loudness = 0;
		for (let b = 0; b < BARK_BANDS; b++) {
			let sum = 0;
			for (let k = bark[b]!; k < bark[b + 1]!; k++) sum += amp[k]!;
			loudness += Math.pow(sum, 0.23);
		}
		out.loudness = loudness;

		// MFCC: log mel bands, then the DCT's first rows.
		const mel = this.#mel;
		logMelBands(amp, this.#filters, mel);
		const dct = this.#dct;
		for (let c = 0; c < MFCC_COUNT; c++) {
			let sum = 0;
			const row = c * MEL_BANDS;
			for (let b = 0; b < MEL_BANDS; b++) sum += mel[b]! * dct[row + b]!;
			out.mfcc[c] = sum;
		}

		if (this.#chromaBank) {
			let max = 0;
			for (let c = 0; c < 12; c++) {
				const row = this.#chromaBank[c]!;
				let sum = 0;
				for (let k = 0; k < bins; k++) sum += amp[k]! * row[k]!;
				out.chroma[c] = sum;
				if (sum > max) max = sum;
			}
			if (max > 0) for (let c = 0; c < 12; c++) out.chroma[c]! /= max;
		}

		out.flux = this.#hasPrevious ? rectifiedDifference(amp, this.#previousAmp) : 0;
		out.onset = this.#hasPrevious ? rectifiedDifference(mel, this.#previousMel) / MEL_BANDS : 0;
		// Swap rather than copy: the previous spectrum becomes the next frame's scratch space.
		[this.#amp, this.#previousAmp] = [this.#previousAmp, this.#amp];
		[this.#mel, this.#previousMel] = [this.#previousMel, this.#mel];
		this.#hasPrevious = true;
		return out;
	}
}

export type ExtractorEngine = 'fast' | 'meyda';

export function createFrameExtractor(engine: ExtractorEngine, options: FrameExtractorOptions): FrameExtractor {
	return engine === 'meyda' ? new MeydaFrameExtractor(options) : new FastFrameExtractor(options);
}
