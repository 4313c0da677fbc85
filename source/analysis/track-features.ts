import {PitchChroma} from './chroma.js';
import {createFrameExtractor} from './extractors.js';
import {MEL_BANDS, MFCC_COUNT, type ExtractorEngine, type FrameExtractor, type FrameFeatures} from './frame-features.js';
import {Framer} from './framer.js';
import {estimateKey} from './key.js';
import {OnsetAutocorrelation} from './onset.js';
import {OnsetPattern} from './onset-pattern.js';
import {Cepstrum} from './cepstrum.js';
import {RunningGaussian, RunningStats, RunningVectorStats} from './stats.js';
import {tempoFromAutocorrelation} from './tempo.js';
import {chromaEntropy, intervalClasses, triadShares} from './tonal.js';
import {MFCC_SUMMARIES, type FeatureSummary, type MfccSummaryIndex, type SummaryName, type TrackAnalysis} from './types.js';
import {buildVector, FEATURES_VERSION, INTERVAL_CLASSES, TRIAD_TYPES, VECTOR_MFCCS, type VectorFieldName} from './vector.js';

export type TrackFeatureOptions = {
	sampleRate: number;
	/** Feature frame in samples, a power of two (default 1024). */
	frameSize?: number;
	/** Samples between feature frames (default 512). */
	hopSize?: number;
	/** Frame extractor: 'fast' (default) or 'meyda' (the reference, about ten times slower). */
	engine?: ExtractorEngine;
	/** Long frame for chroma (default: the power of two nearest 0.37 s); its hop is half of it. */
	chromaFrameSize?: number;
};

/** Frames quieter than this RMS (−80 dBFS) are digital silence: kept for loudness, left out of the rest. */
export const SILENCE_RMS = 1e-4;
/** Meyda's RMS is of the Hann-windowed frame: about √(3/8) of the raw RMS for steady signals. */
const WINDOWED_SILENCE_RMS = SILENCE_RMS * Math.sqrt(3 / 8);

const SCALAR_GATED = ['zcr', 'centroid', 'rolloff', 'flatness', 'flux'] as const;

/**
 * Summarises one track's samples, pushed chunk by chunk in order, in bounded memory: running means and
 * deviations of each frame feature, the onset autocorrelation for tempo, and chroma sums for key and
 * tonality. Frames span chunk boundaries; the result does not depend on how the track was cut.
 */
export class TrackFeatureExtractor {
	readonly sampleRate: number;
	readonly frameSize: number;
	readonly hopSize: number;
	readonly #extractor: FrameExtractor;
	readonly #framer: Framer;
	readonly #chromaFramer: Framer;
	readonly #pitch: PitchChroma;
	readonly #onset: OnsetAutocorrelation;
	#samples = 0;
	#sumSquares = 0;
	#frames = 0;
	#silentFrames = 0;
	readonly #rms = new RunningStats();
	readonly #loudness = new RunningStats();
	readonly #levelDb = new RunningStats();
	readonly #gated = Object.fromEntries(SCALAR_GATED.map(name => [name, new RunningStats()])) as Record<(typeof SCALAR_GATED)[number], RunningStats>;
	readonly #logFlux = new RunningStats();
	readonly #mfcc = new RunningVectorStats(MFCC_COUNT);
	readonly #timbre = new RunningGaussian(MFCC_COUNT);
	readonly #pattern: OnsetPattern;
	readonly #cepstrum = new Cepstrum(MEL_BANDS, MFCC_COUNT);
	readonly #chromaSum = new Float64Array(12);
	readonly #intervals = new RunningVectorStats(6);
	readonly #triads = new RunningVectorStats(4);
	readonly #normalised = new Float64Array(12);

	constructor(options: TrackFeatureOptions) {
		this.sampleRate = options.sampleRate;
		this.frameSize = options.frameSize ?? 1024;
		this.hopSize = options.hopSize ?? 512;
		if (this.hopSize > this.frameSize) throw new Error(`hop size ${this.hopSize} is larger than the frame size ${this.frameSize}`);
		this.#extractor = createFrameExtractor(options.engine ?? 'fast', {sampleRate: this.sampleRate, frameSize: this.frameSize});
		this.#framer = new Framer(this.frameSize, this.hopSize, frame => this.#onFrame(this.#extractor.extract(frame)));
		this.#pitch = new PitchChroma({sampleRate: this.sampleRate, frameSize: options.chromaFrameSize});
		this.#chromaFramer = new Framer(this.#pitch.frameSize, this.#pitch.frameSize / 2, frame => this.#onChromaFrame(frame));
		this.#onset = new OnsetAutocorrelation(this.sampleRate / this.hopSize);
		this.#pattern = new OnsetPattern(this.sampleRate / this.hopSize);
	}

	/** The onset autocorrelation accumulated so far (for inspection and tests). */
	get onsetAutocorrelation(): OnsetAutocorrelation {
		return this.#onset;
	}

	get samples(): number {
		return this.#samples;
	}

	push(chunk: Float32Array): void {
		// Summed sample by sample into one total, so that the result does not depend on the chunking.
		let squares = this.#sumSquares;
		for (let i = 0; i < chunk.length; i++) squares += chunk[i]! * chunk[i]!;
		this.#sumSquares = squares;
		this.#samples += chunk.length;
		this.#framer.push(chunk);
		this.#chromaFramer.push(chunk);
	}

	#onFrame(features: FrameFeatures): void {
		this.#frames++;
		this.#onset.add(features.onset);
		this.#pattern.add(features.mel);
		this.#rms.add(features.rms);
		this.#loudness.add(features.loudness);
		if (features.rms < WINDOWED_SILENCE_RMS) {
			this.#silentFrames++;
			return;
		}
		this.#levelDb.add(20 * Math.log10(features.rms / Math.sqrt(3 / 8)));
		this.#gated.zcr.add((features.zcr * this.sampleRate) / (this.frameSize - 1));
		this.#gated.centroid.add(features.centroidHz);
		this.#gated.rolloff.add(features.rolloffHz);
		this.#gated.flatness.add(features.flatness);
		this.#gated.flux.add(features.flux);
		this.#logFlux.add(Math.log1p(features.flux));
		this.#mfcc.add(features.mfcc);
		this.#timbre.add(this.#cepstrum.of(features.melPower));
	}

	#onChromaFrame(frame: Float32Array): void {
		// Frames of digital silence are left out.
		const chroma = this.#pitch.extractAudible(frame, SILENCE_RMS);
		if (!chroma) return;
		let total = 0;
		for (let i = 0; i < 12; i++) total += chroma[i]!;
		if (!(total > 0)) return;
		for (let i = 0; i < 12; i++) {
			this.#chromaSum[i]! += chroma[i]!;
			this.#normalised[i] = chroma[i]! / total;
		}
		this.#intervals.add(intervalClasses(this.#normalised));
		this.#triads.add(triadShares(this.#normalised));
	}

	finish(): TrackAnalysis {
		const frameRate = this.sampleRate / this.hopSize;
		const tempo = tempoFromAutocorrelation(this.#onset.autocorrelation, frameRate);
		const chromaMax = Math.max(...this.#chromaSum);
		const chroma = Array.from(this.#chromaSum, value => (chromaMax > 0 ? value / chromaMax : 0));
		const key = estimateKey(chroma);
		const rms = this.#samples > 0 ? Math.sqrt(this.#sumSquares / this.#samples) : 0;
		const loudnessDb = 20 * Math.log10(Math.max(rms, 1e-10));
		const durationSeconds = this.#samples / this.sampleRate;

		const mfccStd = this.#mfcc.std();
		const summaries = {
			rms: this.#rms.summary(),
			rmsDb: this.#levelDb.summary(),
			loudness: this.#loudness.summary(),
			...(Object.fromEntries(SCALAR_GATED.map(name => [name, this.#gated[name].summary()])) as Record<(typeof SCALAR_GATED)[number], FeatureSummary>),
			...(Object.fromEntries(MFCC_SUMMARIES.map(i => [`mfcc${i}`, {mean: this.#mfcc.count > 0 ? this.#mfcc.mean[i]! : 0, std: mfccStd[i]!}])) as Record<
				`mfcc${MfccSummaryIndex}`,
				FeatureSummary
			>),
		} satisfies Record<SummaryName, FeatureSummary>;

		const intervals = this.#intervals.count > 0 ? Array.from(this.#intervals.mean) : intervalClasses(chroma);
		const triads = this.#triads.count > 0 ? Array.from(this.#triads.mean) : triadShares(chroma);
		const entropy = chromaEntropy(chroma);
		const onsetRate = durationSeconds > 0 ? this.#onset.onsets / durationSeconds : 0;
		const octaves = tempo.bpm > 0 ? Math.log2(tempo.bpm / 120) : 0;

		const named: Partial<Record<VectorFieldName, number>> = {
			'tempo.log2': octaves,
			'tempo.cos': tempo.bpm > 0 ? Math.cos(2 * Math.PI * octaves) : 0,
			'tempo.sin': tempo.bpm > 0 ? Math.sin(2 * Math.PI * octaves) : 0,
			'loudness.db': loudnessDb,
			'loudness.mean': summaries.loudness.mean,
			'loudness.range': summaries.rmsDb.std,
			'centroid.mean': summaries.centroid.mean,
			'centroid.std': summaries.centroid.std,
			'rolloff.mean': summaries.rolloff.mean,
			'rolloff.std': summaries.rolloff.std,
			'flatness.mean': summaries.flatness.mean,
			'flatness.std': summaries.flatness.std,
			'zcr.mean': summaries.zcr.mean,
			'chroma.entropy': entropy,
			mode: (key.mode === 'major' ? 1 : -1) * key.confidence,
			'pulse.clarity': tempo.confidence,
			'onset.rate': onsetRate,
			'flux.mean': this.#logFlux.summary().mean,
			'flux.std': this.#logFlux.summary().std,
		};
		for (const i of VECTOR_MFCCS) {
			named[`mfcc${i}.mean`] = summaries[`mfcc${i}`].mean;
			named[`mfcc${i}.std`] = summaries[`mfcc${i}`].std;
		}
		for (const i of INTERVAL_CLASSES) named[`interval${i}`] = intervals[i - 1]!;
		TRIAD_TYPES.forEach((type, i) => (named[`triad.${type}`] = triads[i]!));

		return {
			featuresVersion: FEATURES_VERSION,
			bpm: round(tempo.bpm, 2),
			bpmConfidence: round(tempo.confidence, 3),
			key: key.label,
			keyTonic: key.tonic,
			mode: key.mode,
			keyConfidence: round(key.confidence, 3),
			keyMargin: round(key.margin, 3),
			camelot: key.camelot,
			loudnessDb: round(loudnessDb, 2),
			summaries: Object.fromEntries(Object.entries(summaries).map(([name, s]) => [name, {mean: round(s.mean, 6), std: round(s.std, 6)}])) as Record<
				SummaryName,
				FeatureSummary
			>,
			chroma: chroma.map(value => round(value, 4)),
			tonal: {intervals: intervals.map(value => round(value, 5)), triads: triads.map(value => round(value, 5)), entropy: round(entropy, 5)},
			onsetRate: round(onsetRate, 3),
			silentShare: this.#frames > 0 ? round(this.#silentFrames / this.#frames, 4) : 0,
			vector: buildVector(named).map(value => round(value, 6)),
			timbre: {mean: Array.from(this.#timbre.mean()), covariance: Array.from(this.#timbre.covariance())},
			onsetPattern: this.#pattern.pattern(),
		};
	}
}

/** Rounds for storage and display; the summaries are estimates, not exact to 17 digits. */
function round(value: number, digits: number): number {
	if (!Number.isFinite(value)) return 0;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
