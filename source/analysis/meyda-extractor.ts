import {createRequire} from 'node:module';
import {MEL_BANDS, MFCC_COUNT, type FrameExtractor, type FrameExtractorOptions, type FrameFeatures} from './frame-features.js';
import {checkOptions, emptyFeatures, logMelBands, melFilters, rectifiedDifference, type SparseFilter} from './spectrum.js';

/** Meyda's API as we use it (its default export is typed through its CommonJS shape). */
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

let loaded: MeydaApi | undefined;

/** Meyda, loaded on first use: only the reference extractor needs it, and it costs a worker its load time and memory. */
function meyda(): MeydaApi {
	loaded ??= createRequire(import.meta.url)('meyda') as MeydaApi;
	return loaded;
}

const MEYDA_FEATURES = ['rms', 'zcr', 'spectralCentroid', 'spectralRolloff', 'spectralFlatness', 'loudness', 'mfcc', 'amplitudeSpectrum'];

/**
 * Meyda keeps its settings and filter banks in one global object. Its mel and chroma banks are not
 * rebuilt when the buffer size changes (the mel check compares lengths that always agree), so frames of
 * another size would be filtered with stale banks (NaN or wrong values): drop the banks on every change.
 */
export function configureMeyda(sampleRate: number, frameSize: number): void {
	const Meyda = meyda();
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

/** The reference: one `Meyda.extract` call per frame, plus our flux and onset from its spectrum. */
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
		const result = meyda().extract(this.#features, frame) as {
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
		logMelBands(amp, this.#filters, this.#mel, this.#out.melPower);
		out.mel.set(this.#mel);
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
