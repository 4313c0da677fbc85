import {realFft, type RealFft} from './real-fft.js';
import {hannWindow} from './spectrum.js';

/**
 * Chroma for key and harmony, from long frames (about 0.37 s: 8192 samples at 22050 Hz, bins of 2.7 Hz)
 * instead of the 1024-sample feature frames, whose 21.5 Hz bins cannot tell low notes apart.
 * Constant-Q style mapping: each spectral peak between `minHz` and `maxHz` is located precisely
 * (parabolic interpolation on log amplitude), turned into a pitch, and its amplitude is added to that
 * pitch class, weighted by how close the pitch lies to an equal-tempered semitone (A = 440 Hz).
 */
export type PitchChromaOptions = {sampleRate: number; frameSize?: number; minHz?: number; maxHz?: number};

export const CHROMA_MIN_HZ = 60;
export const CHROMA_MAX_HZ = 2100;

/** The long-frame size for a sample rate: the power of two nearest 0.37 s. */
export function chromaFrameSize(sampleRate: number): number {
	return 2 ** Math.round(Math.log2(0.37 * sampleRate));
}

export class PitchChroma {
	readonly frameSize: number;
	readonly #fft: RealFft;
	readonly #window: Float32Array;
	readonly #windowed: Float64Array;
	readonly #logAmp: Float64Array;
	readonly #amp: Float64Array;
	readonly #low: number;
	readonly #high: number;
	readonly #binHz: number;
	readonly chroma = new Float64Array(12);

	constructor(options: PitchChromaOptions) {
		const {sampleRate} = options;
		this.frameSize = options.frameSize ?? chromaFrameSize(sampleRate);
		this.#fft = realFft(this.frameSize);
		this.#window = hannWindow(this.frameSize);
		this.#windowed = new Float64Array(this.frameSize);
		this.#binHz = sampleRate / this.frameSize;
		this.#low = Math.max(2, Math.floor((options.minHz ?? CHROMA_MIN_HZ) / this.#binHz));
		this.#high = Math.min(this.frameSize / 2 - 2, Math.ceil((options.maxHz ?? CHROMA_MAX_HZ) / this.#binHz));
		this.#amp = new Float64Array(this.#high + 2);
		this.#logAmp = new Float64Array(this.#high + 2);
	}

	/** The chroma of one frame (12 bins from C, not normalised; all zero when no peak). Reused by the next call. */
	extract(frame: Float32Array): Float64Array {
		const n = this.frameSize;
		const windowed = this.#windowed;
		const window = this.#window;
		for (let i = 0; i < n; i++) windowed[i] = frame[i]! * window[i]!;
		return this.#chromaOfWindowed();
	}

	/**
	 * The chroma of one frame, or undefined when the frame's RMS is below `silenceRms` (digital silence: no
	 * transform is run). The frame is read once for both: its sum of squares and its windowed copy.
	 */
	extractAudible(frame: Float32Array, silenceRms: number): Float64Array | undefined {
		const n = this.frameSize;
		const windowed = this.#windowed;
		const window = this.#window;
		let squares = 0;
		for (let i = 0; i < n; i++) {
			const value = frame[i]!;
			squares += value * value;
			windowed[i] = value * window[i]!;
		}
		if (Math.sqrt(squares / n) < silenceRms) return undefined;
		return this.#chromaOfWindowed();
	}

	#chromaOfWindowed(): Float64Array {
		const windowed = this.#windowed;
		const spectrum = this.#fft.transform(windowed);
		const amp = this.#amp;
		const logAmp = this.#logAmp;
		let max = 0;
		for (let k = this.#low - 1; k <= this.#high + 1; k++) {
			const re = spectrum[2 * k]!;
			const im = spectrum[2 * k + 1]!;
			const a = Math.sqrt(re * re + im * im);
			amp[k] = a;
			if (a > max) max = a;
		}
		// Log amplitudes only around the peaks, where the interpolation reads them (a few dozen of 780 bins).
		const logAt = (k: number) => (Number.isNaN(logAmp[k]!) ? (logAmp[k] = Math.log(amp[k]! + 1e-12)) : logAmp[k]!);
		logAmp.fill(Number.NaN);
		const chroma = this.chroma;
		chroma.fill(0);
		// Peaks more than 40 dB below the strongest are noise or leakage.
		const floor = max * 0.01;
		for (let k = this.#low; k <= this.#high; k++) {
			const a = amp[k]!;
			if (a <= floor || a < amp[k - 1]! || a <= amp[k + 1]!) continue;
			const left = logAt(k - 1);
			const centre = logAt(k);
			const right = logAt(k + 1);
			const denominator = left - 2 * centre + right;
			const offset = denominator < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / denominator)) : 0;
			const hz = (k + offset) * this.#binHz;
			const pitch = 69 + 12 * Math.log2(hz / 440);
			const nearest = Math.round(pitch);
			const cents = Math.abs(pitch - nearest);
			const weight = Math.cos(Math.PI * cents) ** 2;
			chroma[((nearest % 12) + 12) % 12]! += a * weight;
		}
		return chroma;
	}
}
