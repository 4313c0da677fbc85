import type {Mode} from './key-names.js';

/** Mean and standard deviation of a per-frame feature over a track. */
export type FeatureSummary = {mean: number; std: number};

/** MFCC 0–12, each summarised over the track. */
export const MFCC_SUMMARIES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
export type MfccSummaryIndex = (typeof MFCC_SUMMARIES)[number];

/** The per-frame features summarised over a track. */
export type SummaryName = 'rms' | 'rmsDb' | 'loudness' | 'zcr' | 'centroid' | 'rolloff' | 'flatness' | 'flux' | `mfcc${MfccSummaryIndex}`;

/**
 * What the analysis says about one track: the result the analysers produce, the session reports and
 * the store keeps (its `featuresVersion` and `vector` in columns of their own, the rest as JSON). `vector` is the fixed-length description used for similarity; its fields are documented beside
 * FEATURES_VERSION (analysis/vector.ts), which changes whenever their meaning does (stored tracks with
 * another version are analysed again).
 */
export type TrackAnalysis = {
	featuresVersion: number;
	bpm: number;
	bpmConfidence: number;
	/** e.g. "A minor". */
	key: string;
	keyTonic: number;
	mode: Mode;
	keyConfidence: number;
	/** Camelot wheel code, e.g. "8A" for A minor, "8B" for C major. */
	camelot: string;
	loudnessDb: number;
	/**
	 * Per-frame features as mean/std: rms, rmsDb, loudness (all frames), and over non-silent frames
	 * only: zcr (crossings/s), centroid and rolloff (Hz), flatness, flux, mfcc0…mfcc12.
	 */
	summaries: Record<SummaryName, FeatureSummary>;
	/** Mean chroma, 12 bins from C, normalised to a maximum of 1 (long frames, see analysis/chroma.ts). */
	chroma: number[];
	vector: number[];
	/** How far the best key's profile correlation stands above the runner-up's. */
	keyMargin?: number;
	/** Key-invariant tonal descriptors: interval-class strengths (1–6 semitones), triad shares, chroma entropy. */
	tonal?: {intervals: number[]; triads: number[]; entropy: number};
	/** Onsets per second. */
	onsetRate?: number;
	/**
	 * Timbre as one Gaussian over MFCC 0–19 of the non-silent frames (playlists/similarity/timbre.ts
	 * compares two): mean (20) and covariance, upper triangle row by row (210). Stored as float32.
	 */
	timbre?: {mean: number[]; covariance: number[]};
	/** Onset pattern (analysis/onset-pattern.ts): 6 bands × 9 modulation frequencies, log magnitudes. Stored as float32. */
	onsetPattern?: number[];
	/** Share of frames gated out as digital silence (below −80 dBFS). */
	silentShare?: number;
	/** The decoder that read the audio: `ffmpeg`, or the second decoder for a file ffmpeg refused. */
	decoder?: string;
	/** Why ffmpeg did not read it, when another decoder did. */
	ffmpegError?: string;
};
