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

/**
 * Running mean and full covariance of a vector per frame, from sums of x and x·xᵀ (shifted by the first
 * vector, which keeps the sums small and the subtraction exact enough): memory stays flat however long
 * the track. The covariance comes out as its upper triangle, row by row (d·(d+1)/2 numbers).
 */
export class RunningGaussian {
	count = 0;
	readonly #shift: Float64Array;
	readonly #sum: Float64Array;
	readonly #products: Float64Array;
	readonly #centred: Float64Array;

	constructor(readonly size: number) {
		this.#shift = new Float64Array(size);
		this.#sum = new Float64Array(size);
		this.#products = new Float64Array((size * (size + 1)) / 2);
		this.#centred = new Float64Array(size);
	}

	add(values: ArrayLike<number>): void {
		const d = this.size;
		if (this.count === 0) for (let i = 0; i < d; i++) this.#shift[i] = values[i]!;
		this.count++;
		const y = this.#centred;
		for (let i = 0; i < d; i++) {
			y[i] = values[i]! - this.#shift[i]!;
			this.#sum[i]! += y[i]!;
		}
		const products = this.#products;
		let p = 0;
		for (let i = 0; i < d; i++) {
			const yi = y[i]!;
			for (let j = i; j < d; j++) products[p++]! += yi * y[j]!;
		}
	}

	mean(): Float64Array {
		const out = new Float64Array(this.size);
		if (this.count > 0) for (let i = 0; i < this.size; i++) out[i] = this.#shift[i]! + this.#sum[i]! / this.count;
		return out;
	}

	/** Population covariance, upper triangle row by row (zeros with fewer than two vectors). */
	covariance(): Float64Array {
		const d = this.size;
		const out = new Float64Array(this.#products.length);
		if (this.count < 2) return out;
		const n = this.count;
		let p = 0;
		for (let i = 0; i < d; i++) {
			const mi = this.#sum[i]! / n;
			for (let j = i; j < d; j++) out[p] = this.#products[p++]! / n - mi * (this.#sum[j]! / n);
		}
		return out;
	}
}
