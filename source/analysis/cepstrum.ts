import {dctTable} from './spectrum.js';

/**
 * Cepstral coefficients with a true logarithm, for the timbre Gaussian. Meyda's MFCCs take log(power + 1),
 * which is nearly linear for the quiet bands of most music (powers well below 1): their distribution is
 * skewed and a Gaussian fits it poorly. Here log(power + 1e-5) (a floor near −90 dB for a full-scale
 * 1024-sample frame), then the same DCT-II as the MFCCs.
 */
export const CEPSTRUM_FLOOR = 1e-5;

export class Cepstrum {
	readonly #dct: Float64Array;
	readonly #log: Float64Array;
	readonly #out: Float64Array;

	constructor(
		readonly bands: number,
		readonly count: number,
	) {
		this.#dct = dctTable(bands, count);
		this.#log = new Float64Array(bands);
		this.#out = new Float64Array(count);
	}

	/** The coefficients of one frame's mel band powers; the returned array is reused by the next call. */
	of(power: ArrayLike<number>): Float64Array {
		for (let b = 0; b < this.bands; b++) this.#log[b] = Math.log(power[b]! + CEPSTRUM_FLOOR);
		for (let c = 0; c < this.count; c++) {
			let sum = 0;
			const row = c * this.bands;
			for (let b = 0; b < this.bands; b++) sum += this.#log[b]! * this.#dct[row + b]!;
			this.#out[c] = sum;
		}
		return this.#out;
	}
}
