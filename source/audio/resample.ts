/**
 * Resampling and downmixing for a decoder that is not ffmpeg: the analysis must see the same 22050 Hz
 * mono signal whichever decoder read the file, so this follows ffmpeg's defaults (libswresample): a
 * windowed-sinc filter of 32 taps at the lower rate, a Kaiser window of beta 9, the cutoff at 97 % of
 * the lower Nyquist frequency, every phase normalised to a gain of 1; channels mixed with ffmpeg's weights.
 */

const ZERO_CROSSINGS = 16;
const CUTOFF = 0.97;
const KAISER_BETA = 9;
/** More phases than this (rates with a small common divisor) are rounded to the nearest of this many. */
const MAX_PHASES = 1024;

function gcd(a: number, b: number): number {
	while (b) [a, b] = [b, a % b];
	return a;
}

/** The modified Bessel function of the first kind, order 0, by its series. */
function besselI0(x: number): number {
	let sum = 1;
	let term = 1;
	for (let k = 1; k < 50; k++) {
		term *= (x / (2 * k)) ** 2;
		sum += term;
		if (term < sum * 1e-12) break;
	}
	return sum;
}

/** Streams samples at one rate into samples at another; push() as input arrives, flush() at the end. */
export class Resampler {
	/** Output samples per `#step` input samples: the rates divided by their greatest common divisor. */
	readonly #phases: number;
	readonly #step: number;
	/** Rows of the table: the phases, or MAX_PHASES when there are more. */
	readonly #rows: number;
	/** The tap that falls on the output's input sample: taps reach `#center` samples back. */
	readonly #center: number;
	readonly #taps: number;
	/** Filter taps, one row of `#taps` per phase. */
	readonly #table: Float32Array;
	/** Input not yet consumed; `#buffer[0]` is input sample `#base` (negative at the start: zeros before it). */
	#buffer: Float32Array;
	#length = 0;
	#base: number;
	/** The next output sample's index. */
	#next = 0;
	#inputSamples = 0;

	constructor(
		readonly inputRate: number,
		readonly outputRate: number,
	) {
		const divisor = gcd(inputRate, outputRate);
		this.#phases = outputRate / divisor;
		this.#step = inputRate / divisor;
		this.#rows = Math.min(this.#phases, MAX_PHASES);
		const cutoff = Math.min(1, outputRate / inputRate) * CUTOFF;
		// As libswresample sizes and centres its filter.
		this.#taps = Math.ceil((2 * ZERO_CROSSINGS) / cutoff);
		this.#center = Math.floor((this.#taps - 1) / 2);
		this.#table = new Float32Array(this.#rows * this.#taps);
		const norm = besselI0(KAISER_BETA);
		for (let phase = 0; phase < this.#rows; phase++) {
			const fraction = phase / this.#rows;
			let sum = 0;
			const row = phase * this.#taps;
			for (let tap = 0; tap < this.#taps; tap++) {
				// The tap for input sample i - center + tap, at distance x from the output's instant i + fraction.
				const x = tap - this.#center - fraction;
				const ratio = (2 * x) / this.#taps;
				const window = Math.abs(ratio) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - ratio * ratio)) / norm;
				const arg = Math.PI * cutoff * x;
				const value = (x === 0 ? 1 : Math.sin(arg) / arg) * window;
				this.#table[row + tap] = value;
				sum += value;
			}
			for (let tap = 0; tap < this.#taps; tap++) this.#table[row + tap]! /= sum;
		}
		this.#base = -this.#center;
		this.#buffer = new Float32Array(4096);
		this.#length = this.#center;
	}

	/** Takes more input; returns the output it completes. */
	push(input: Float32Array): Float32Array {
		// The same rate: nothing to filter (ffmpeg passes it through too).
		if (this.inputRate === this.outputRate) return input;
		this.#append(input);
		this.#inputSamples += input.length;
		return this.#produce(false);
	}

	/** The input has ended: returns the rest of the output (as if silence followed). */
	flush(): Float32Array {
		if (this.inputRate === this.outputRate) return new Float32Array(0);
		this.#append(new Float32Array(this.#taps));
		return this.#produce(true);
	}

	#append(input: Float32Array): void {
		if (this.#length + input.length > this.#buffer.length) {
			const grown = new Float32Array(Math.max(this.#buffer.length * 2, this.#length + input.length));
			grown.set(this.#buffer.subarray(0, this.#length));
			this.#buffer = grown;
		}
		this.#buffer.set(input, this.#length);
		this.#length += input.length;
	}

	#produce(last: boolean): Float32Array {
		const {outputRate, inputRate} = this;
		const phases = this.#phases;
		const step = this.#step;
		const rows = this.#rows;
		const taps = this.#taps;
		const center = this.#center;
		const reach = taps - center - 1;
		const buffer = this.#buffer;
		const table = this.#table;
		// The last output whose taps the input covers; at the end, as many as the input's length makes.
		const available = this.#base + this.#length;
		let end = Math.floor(((available - 1 - reach) * phases) / step) + 1;
		if (last) end = Math.min(end, Math.ceil((this.#inputSamples * outputRate) / inputRate));
		const out = new Float32Array(Math.max(0, end - this.#next));
		let count = 0;
		for (let n = this.#next; n < end; n++) {
			const numerator = n * step;
			let index = Math.floor(numerator / phases);
			let phase = numerator - index * phases;
			if (rows !== phases) {
				phase = Math.round((phase / phases) * rows);
				if (phase === rows) {
					phase = 0;
					index++;
				}
			}
			if (index + reach > available - 1) break;
			const start = index - center - this.#base;
			const row = phase * taps;
			let sum = 0;
			for (let tap = 0; tap < taps; tap++) sum += table[row + tap]! * buffer[start + tap]!;
			out[count++] = sum;
		}
		this.#next += count;
		// Keep only the input the next output needs.
		const nextIndex = Math.floor((this.#next * step) / phases);
		const drop = Math.max(0, Math.min(this.#length, nextIndex - center - this.#base));
		if (drop > 0) {
			buffer.copyWithin(0, drop, this.#length);
			this.#length -= drop;
			this.#base += drop;
		}
		return count === out.length ? out : out.slice(0, count);
	}
}

/**
 * Each channel's weight in the mono mix, by channel count, in Vorbis channel order (front left, centre,
 * front right, surrounds, LFE last): ffmpeg's default matrix, which keeps the front channels at -3 dB
 * (stereo becomes (L + R) / sqrt(2), not their mean), the centre whole, the surrounds at -6 dB and no LFE.
 */
const H = Math.SQRT1_2;
const MONO_WEIGHTS: Record<number, readonly number[]> = {
	1: [1],
	2: [H, H],
	3: [H, 1, H],
	4: [H, H, 0.5, 0.5],
	5: [H, 1, H, 0.5, 0.5],
	6: [H, 1, H, 0.5, 0.5, 0],
	7: [H, 1, H, 0.5, 0.5, H, 0],
	8: [H, 1, H, 0.5, 0.5, 0.5, 0.5, 0],
};

/** One channel from several, as ffmpeg's `-ac 1` makes it (MONO_WEIGHTS; other counts: their mean). */
export function downmix(channels: readonly Float32Array[], length = channels[0]?.length ?? 0): Float32Array {
	const out = new Float32Array(length);
	const weights = MONO_WEIGHTS[channels.length] ?? channels.map(() => 1 / channels.length);
	for (const [index, channel] of channels.entries()) {
		const weight = weights[index]!;
		if (weight === 0) continue;
		for (let sample = 0; sample < length; sample++) out[sample]! += channel[sample]! * weight;
	}
	return out;
}
