import FFT from 'fft.js';
import {MEL_BANDS} from './frame-features.js';
import {hannWindow} from './spectrum.js';

/** Mel bands (of the 26) pooled into the pattern's frequency bands, low to high. */
const BAND_EDGES = [0, 2, 4, 7, 11, 17, MEL_BANDS];
/** Modulation frequencies (Hz) bounding the pattern's columns: about 0.3–11 Hz, log spaced. */
const MODULATION_EDGES_HZ = [0.3, 0.6, 1, 1.4, 2, 2.8, 4, 5.6, 8, 11];

export const PATTERN_BANDS = BAND_EDGES.length - 1;
export const PATTERN_MODULATIONS = MODULATION_EDGES_HZ.length - 1;
/** Numbers in an onset pattern: bands × modulation frequencies, band by band. */
export const PATTERN_LENGTH = PATTERN_BANDS * PATTERN_MODULATIONS;

/**
 * An onset pattern (after Pohle et al.): how the onsets in each frequency band repeat at 0.3–11 Hz —
 * rhythm and texture that MFCC timbre misses. Each frame's log mel bands give an onset strength per band
 * (the rectified rise since the previous frame); every half window (about 1.5 s) the last window of
 * about 3 s of each band is Fourier transformed and its modulation magnitudes are pooled into
 * log-spaced columns and summed. Memory is one window per band, however long the track.
 */
export class OnsetPattern {
	readonly window: number;
	readonly #hop: number;
	readonly #ring: Float64Array;
	readonly #previous = new Float64Array(MEL_BANDS);
	readonly #columns: Int32Array;
	readonly #sum = new Float64Array(PATTERN_LENGTH);
	readonly #fft: FFT;
	readonly #hann: Float32Array;
	readonly #input: Float64Array;
	readonly #spectrum: number[];
	#frames = 0;
	#windows = 0;

	constructor(frameRate: number) {
		// A power of two near 3 s of frames (128 at 22050 Hz / 512).
		this.window = 2 ** Math.max(4, Math.round(Math.log2(3 * frameRate)));
		this.#hop = this.window / 2;
		this.#ring = new Float64Array(PATTERN_BANDS * this.window);
		this.#fft = new FFT(this.window);
		this.#hann = hannWindow(this.window);
		this.#input = new Float64Array(this.window);
		this.#spectrum = this.#fft.createComplexArray() as number[];
		// Column of each FFT bin (−1: outside 0.3–11 Hz).
		const resolution = frameRate / this.window;
		this.#columns = new Int32Array(this.window / 2).fill(-1);
		for (let bin = 1; bin < this.window / 2; bin++) {
			const hz = bin * resolution;
			for (let c = 0; c < PATTERN_MODULATIONS; c++) if (hz >= MODULATION_EDGES_HZ[c]! && hz < MODULATION_EDGES_HZ[c + 1]!) this.#columns[bin] = c;
		}
	}

	/** One frame's log mel bands, in order. */
	add(mel: ArrayLike<number>): void {
		const slot = this.#frames % this.window;
		for (let b = 0; b < PATTERN_BANDS; b++) {
			let rise = 0;
			for (let k = BAND_EDGES[b]!; k < BAND_EDGES[b + 1]!; k++) {
				const delta = mel[k]! - this.#previous[k]!;
				if (delta > 0 && this.#frames > 0) rise += delta;
			}
			this.#ring[b * this.window + slot] = rise / (BAND_EDGES[b + 1]! - BAND_EDGES[b]!);
		}
		for (let k = 0; k < MEL_BANDS; k++) this.#previous[k] = mel[k]!;
		this.#frames++;
		if (this.#frames >= this.window && (this.#frames - this.window) % this.#hop === 0) this.#accumulate();
	}

	#accumulate(): void {
		const n = this.window;
		const start = this.#frames % n;
		for (let b = 0; b < PATTERN_BANDS; b++) {
			const base = b * n;
			let mean = 0;
			for (let i = 0; i < n; i++) mean += this.#ring[base + i]!;
			mean /= n;
			for (let i = 0; i < n; i++) this.#input[i] = (this.#ring[base + ((start + i) % n)]! - mean) * this.#hann[i]!;
			this.#fft.realTransform(this.#spectrum, this.#input);
			for (let bin = 1; bin < n / 2; bin++) {
				const column = this.#columns[bin]!;
				if (column < 0) continue;
				const re = this.#spectrum[2 * bin]!;
				const im = this.#spectrum[2 * bin + 1]!;
				this.#sum[b * PATTERN_MODULATIONS + column]! += Math.sqrt(re * re + im * im) / n;
			}
		}
		this.#windows++;
	}

	/** log(1e-4 + mean modulation magnitude) per band and column; zeros for a track shorter than a window. */
	pattern(): number[] {
		if (this.#windows === 0) return Array.from({length: PATTERN_LENGTH}, () => 0);
		return Array.from(this.#sum, value => Math.log(1e-4 + value / this.#windows));
	}
}
