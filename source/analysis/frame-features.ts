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
 * - `mfcc`: 26 triangular mel filters (Meyda's bins) over the power spectrum, log(x + 1), DCT-II × 2, first 20;
 * - `mel`: those 26 log mel bands (the MFCC input), for onset patterns;
 * - `chroma` (optional): Meyda's 12-band chroma filter bank, normalised to its maximum;
 * - `flux`: ours, the half-wave rectified difference of the amplitude spectrum with the previous frame's;
 * - `onset`: ours, the mean half-wave rectified difference of the log mel bands (the MFCC input) with
 *   the previous frame's — the onset-strength value used for tempo (librosa's definition, on 26 bands).
 *
 * This module holds what both share: the frame's features and the extractor interface. The maths on a
 * spectrum is in spectrum.ts, the extractors in fast-extractor.ts and meyda-extractor.ts, and
 * extractors.ts picks one by name.
 */
/** 'fast' (the default) or 'meyda' (the reference, about ten times slower). */
export const EXTRACTOR_ENGINES = ['fast', 'meyda'] as const;
export type ExtractorEngine = (typeof EXTRACTOR_ENGINES)[number];

/** MFCCs per frame: 0–12 are summarised one by one, all 20 feed the timbre Gaussian. */
export const MFCC_COUNT = 20;
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
	/** The 26 log mel bands the MFCCs are computed from. */
	mel: Float64Array;
	/** The mel band powers before the log (for cepstra with a true log, see analysis/cepstrum.ts). */
	melPower: Float64Array;
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
