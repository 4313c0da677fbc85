import {detrendStep, maxLagFor} from './tempo.js';

/**
 * The onset-strength envelope of a track, summarised in bounded memory: instead of keeping one value
 * per hop (43 a second at 22050 Hz / 512, which grows with the track), it keeps a ring of the last
 * `maxLag` detrended values and accumulates their autocorrelation as values arrive. A three-hour mix
 * costs the same memory as a three-minute track, and the autocorrelation is exactly the one of the
 * whole envelope (`autocorrelate(detrend(envelope))` in tempo.ts).
 *
 * It also counts onsets (peaks of the envelope above its recent average) for an onset rate.
 */
export class OnsetAutocorrelation {
	readonly maxLag: number;
	readonly autocorrelation: Float64Array;
	readonly #ring: Float64Array;
	#count = 0;
	#previousValue = 0;
	#previousOutput = 0;
	// Onset counting: a local maximum above 1.5 × the recent average (about 1.5 s), at most one per 50 ms.
	#average = 0;
	readonly #averageWeight: number;
	readonly #minGap: number;
	#before = 0;
	#last = 0;
	#sinceOnset = Infinity;
	onsets = 0;

	constructor(readonly frameRate: number) {
		this.maxLag = maxLagFor(frameRate);
		this.autocorrelation = new Float64Array(this.maxLag + 1);
		this.#ring = new Float64Array(this.maxLag + 1);
		this.#averageWeight = 1 / Math.max(1, 1.5 * frameRate);
		this.#minGap = Math.max(1, Math.round(0.05 * frameRate));
	}

	get frames(): number {
		return this.#count;
	}

	add(value: number): void {
		const y = detrendStep(value, this.#previousValue, this.#previousOutput);
		this.#previousValue = value;
		this.#previousOutput = y;
		const size = this.#ring.length;
		const position = this.#count % size;
		this.#ring[position] = y;
		const top = Math.min(this.maxLag, this.#count);
		const ac = this.autocorrelation;
		const ring = this.#ring;
		for (let lag = 0; lag <= top; lag++) {
			const index = position - lag;
			ac[lag]! += y * ring[index < 0 ? index + size : index]!;
		}
		this.#count++;
		this.#countOnset(value);
	}

	#countOnset(value: number): void {
		this.#sinceOnset++;
		const candidate = this.#last;
		if (this.#count >= 3 && candidate > this.#before && candidate >= value && candidate > 1.5 * this.#average + 1e-3 && this.#sinceOnset > this.#minGap) {
			this.onsets++;
			this.#sinceOnset = 1;
		}
		this.#average += (value - this.#average) * this.#averageWeight;
		this.#before = this.#last;
		this.#last = value;
	}
}
