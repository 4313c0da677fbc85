/**
 * A max-heap of (score, a, b) pairs in growable typed arrays: millions of entries without an object
 * each, which the neighbour-graph grouping of a big library needs. Ties pop the smaller (a, b) first,
 * so the result never depends on insertion order alone.
 */
export class PairHeap {
	#score = new Float64Array(1024);
	#a = new Int32Array(1024);
	#b = new Int32Array(1024);
	#size = 0;

	get size(): number {
		return this.#size;
	}

	#grow(): void {
		const capacity = this.#score.length * 2;
		const score = new Float64Array(capacity);
		score.set(this.#score);
		const a = new Int32Array(capacity);
		a.set(this.#a);
		const b = new Int32Array(capacity);
		b.set(this.#b);
		this.#score = score;
		this.#a = a;
		this.#b = b;
	}

	/** Whether entry i should sit above entry j. */
	#above(i: number, j: number): boolean {
		const si = this.#score[i]!;
		const sj = this.#score[j]!;
		if (si !== sj) return si > sj;
		if (this.#a[i] !== this.#a[j]) return this.#a[i]! < this.#a[j]!;
		return this.#b[i]! < this.#b[j]!;
	}

	#swap(i: number, j: number): void {
		const score = this.#score[i]!;
		const a = this.#a[i]!;
		const b = this.#b[i]!;
		this.#score[i] = this.#score[j]!;
		this.#a[i] = this.#a[j]!;
		this.#b[i] = this.#b[j]!;
		this.#score[j] = score;
		this.#a[j] = a;
		this.#b[j] = b;
	}

	push(score: number, a: number, b: number): void {
		if (this.#size === this.#score.length) this.#grow();
		let i = this.#size++;
		this.#score[i] = score;
		this.#a[i] = Math.min(a, b);
		this.#b[i] = Math.max(a, b);
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.#above(i, parent)) break;
			this.#swap(i, parent);
			i = parent;
		}
	}

	/** Removes the top entry into `out` ([score, a, b]); false when empty. */
	pop(out: [number, number, number]): boolean {
		if (this.#size === 0) return false;
		out[0] = this.#score[0]!;
		out[1] = this.#a[0]!;
		out[2] = this.#b[0]!;
		const last = --this.#size;
		if (last > 0) {
			this.#score[0] = this.#score[last]!;
			this.#a[0] = this.#a[last]!;
			this.#b[0] = this.#b[last]!;
			let i = 0;
			for (;;) {
				const left = 2 * i + 1;
				const right = left + 1;
				let top = i;
				if (left < last && this.#above(left, top)) top = left;
				if (right < last && this.#above(right, top)) top = right;
				if (top === i) break;
				this.#swap(i, top);
				i = top;
			}
		}
		return true;
	}
}
