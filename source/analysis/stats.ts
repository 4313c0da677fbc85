/** Running summaries: nothing per frame is kept, only counts, means and sums of squared deviations. */

/** Welford's running mean and variance of one value per frame. */
export class RunningStats {
	count = 0;
	mean = 0;
	#m2 = 0;

	add(value: number): void {
		this.count++;
		const delta = value - this.mean;
		this.mean += delta / this.count;
		this.#m2 += delta * (value - this.mean);
	}

	/** Population variance (0 with fewer than two values). */
	get variance(): number {
		return this.count > 1 ? this.#m2 / this.count : 0;
	}

	get std(): number {
		return Math.sqrt(this.variance);
	}

	summary(): {mean: number; std: number} {
		return {mean: this.count > 0 ? this.mean : 0, std: this.std};
	}
}

/** Welford's running mean and variance of a vector per frame, element by element. */
export class RunningVectorStats {
	count = 0;
	readonly mean: Float64Array;
	readonly #m2: Float64Array;

	constructor(readonly size: number) {
		this.mean = new Float64Array(size);
		this.#m2 = new Float64Array(size);
	}

	add(values: ArrayLike<number>): void {
		this.count++;
		const {mean} = this;
		const m2 = this.#m2;
		for (let i = 0; i < this.size; i++) {
			const value = values[i]!;
			const delta = value - mean[i]!;
			mean[i]! += delta / this.count;
			m2[i]! += delta * (value - mean[i]!);
		}
	}

	std(): Float64Array {
		const out = new Float64Array(this.size);
		if (this.count > 1) for (let i = 0; i < this.size; i++) out[i] = Math.sqrt(this.#m2[i]! / this.count);
		return out;
	}
}
