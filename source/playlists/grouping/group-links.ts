/**
 * The links between the groups of the neighbour-graph grouping (graph-groups.ts), in typed arrays: for
 * each group, the groups it is linked to and the summed weight of those links. A library of 40,000 tracks
 * starts with about 40,000 groups of 10–20 links each; a Map per group cost about 75 MiB of heap and as
 * much again in garbage as the maps grew and were replaced, where these arrays hold 12 bytes a link.
 *
 * Each group's links sit in one segment of a shared pool. A merge writes the merged group's links as a
 * new segment at the pool's end and updates each neighbour's segment in place; when the pool is full its
 * live segments are moved down over the abandoned ones (or, if that frees too little, it grows).
 */
export class GroupLinks {
	#other: Int32Array;
	#weight: Float64Array;
	#used = 0;
	readonly #start: Int32Array;
	readonly #length: Int32Array;
	readonly #capacity: Int32Array;
	/** Scratch for merges: position of a group in the merged list, −1 when absent. */
	readonly #slot: Int32Array;

	/**
	 * `edges.forEach` visits the graph's directed edges (i, j, weight), i ≠ j, twice with the same result
	 * each time: once to size each group's segment, once to fill it. Both ends of an edge get its weight, so
	 * an edge found from both ends counts twice.
	 */
	constructor(
		readonly n: number,
		edges: {forEach: (visit: (i: number, j: number, weight: number) => void) => void},
	) {
		this.#start = new Int32Array(n);
		this.#length = new Int32Array(n);
		this.#capacity = new Int32Array(n);
		this.#slot = new Int32Array(n).fill(-1);
		// Degrees first (an upper bound: a pair seen from both ends is one link), then each group's segment.
		const degree = new Int32Array(n);
		edges.forEach((i, j) => {
			degree[i]!++;
			degree[j]!++;
		});
		let total = 0;
		for (let g = 0; g < n; g++) {
			this.#start[g] = total;
			this.#capacity[g] = degree[g]!;
			total += degree[g]!;
		}
		// Room for the merged segments written at the end before the first compaction.
		const size = Math.max(1024, 2 * total);
		this.#other = new Int32Array(size);
		this.#weight = new Float64Array(size);
		this.#used = total;
		edges.forEach((i, j, weight) => {
			this.#add(i, j, weight);
			this.#add(j, i, weight);
		});
	}

	/** Adds weight to the link from group a to group b (a's segment has room: the constructor sized it). */
	#add(a: number, b: number, weight: number): void {
		const start = this.#start[a]!;
		const length = this.#length[a]!;
		for (let k = start; k < start + length; k++) {
			if (this.#other[k] === b) {
				this.#weight[k]! += weight;
				return;
			}
		}
		this.#other[start + length] = b;
		this.#weight[start + length] = weight;
		this.#length[a] = length + 1;
	}

	/** Groups linked to g. */
	degree(g: number): number {
		return this.#length[g]!;
	}

	/** Summed weight of the links between a and b (0 when not linked). */
	weight(a: number, b: number): number {
		// Scan the shorter list: the link is in both.
		const [from, to] = this.#length[a]! <= this.#length[b]! ? [a, b] : [b, a];
		const start = this.#start[from]!;
		const end = start + this.#length[from]!;
		for (let k = start; k < end; k++) if (this.#other[k] === to) return this.#weight[k]!;
		return 0;
	}

	has(a: number, b: number): boolean {
		const start = this.#start[a]!;
		const end = start + this.#length[a]!;
		for (let k = start; k < end; k++) if (this.#other[k] === b) return true;
		return false;
	}

	/** Calls visit(other, weight) for each group linked to g. */
	forEach(g: number, visit: (other: number, weight: number) => void): void {
		const start = this.#start[g]!;
		const end = start + this.#length[g]!;
		for (let k = start; k < end; k++) visit(this.#other[k]!, this.#weight[k]!);
	}

	/**
	 * Moves gone's links to keep: keep's list becomes the union (weights of shared neighbours summed, the
	 * link between the two dropped), each neighbour's list points at keep instead of gone. `linked` is called
	 * with each of gone's neighbours and its new total weight to keep.
	 */
	merge(keep: number, gone: number, linked?: (other: number, total: number) => void): void {
		const slot = this.#slot;
		const keepLength = this.#length[keep]!;
		const goneLength = this.#length[gone]!;
		// The merged list, written at the pool's end.
		let write = this.#reserve(keepLength + goneLength);
		const begin = write;
		const keepStart = this.#start[keep]!;
		for (let k = keepStart; k < keepStart + keepLength; k++) {
			const other = this.#other[k]!;
			if (other === gone) continue;
			slot[other] = write;
			this.#other[write] = other;
			this.#weight[write++] = this.#weight[k]!;
		}
		const goneStart = this.#start[gone]!;
		for (let k = goneStart; k < goneStart + goneLength; k++) {
			const other = this.#other[k]!;
			if (other === keep) continue;
			const weight = this.#weight[k]!;
			let total: number;
			if (slot[other]! >= 0) {
				total = this.#weight[slot[other]!]! + weight;
				this.#weight[slot[other]!] = total;
				this.#drop(other, gone);
				this.#set(other, keep, total);
			} else {
				total = weight;
				slot[other] = write;
				this.#other[write] = other;
				this.#weight[write++] = weight;
				this.#rename(other, gone, keep);
			}
			linked?.(other, total);
		}
		for (let k = begin; k < write; k++) slot[this.#other[k]!] = -1;
		this.#start[keep] = begin;
		this.#length[keep] = write - begin;
		this.#capacity[keep] = keepLength + goneLength;
		this.#length[gone] = 0;
		this.#capacity[gone] = 0;
	}

	/** Room for `count` entries at the pool's end, compacting or growing first when needed. */
	#reserve(count: number): number {
		if (this.#used + count > this.#other.length) {
			this.#compact();
			if (this.#used + count > this.#other.length * 0.75) {
				const size = Math.max(2 * this.#other.length, this.#used + count);
				const other = new Int32Array(size);
				other.set(this.#other.subarray(0, this.#used));
				const weight = new Float64Array(size);
				weight.set(this.#weight.subarray(0, this.#used));
				this.#other = other;
				this.#weight = weight;
			}
		}
		const at = this.#used;
		this.#used += count;
		return at;
	}

	/** Moves the live segments down over the abandoned ones, in pool order (the merging pair's included: the merge reads them after). */
	#compact(): void {
		const order: number[] = [];
		for (let g = 0; g < this.n; g++) if (this.#capacity[g]! > 0) order.push(g);
		order.sort((x, y) => this.#start[x]! - this.#start[y]!);
		let write = 0;
		for (const g of order) {
			const start = this.#start[g]!;
			const capacity = this.#capacity[g]!;
			if (start !== write) {
				this.#other.copyWithin(write, start, start + capacity);
				this.#weight.copyWithin(write, start, start + capacity);
				this.#start[g] = write;
			}
			write += capacity;
		}
		this.#used = write;
	}

	#drop(g: number, other: number): void {
		const k = this.#linkAt(g, other);
		if (k < 0) return;
		const last = this.#start[g]! + this.#length[g]! - 1;
		this.#other[k] = this.#other[last]!;
		this.#weight[k] = this.#weight[last]!;
		this.#length[g] = last - this.#start[g]!;
	}

	#set(g: number, other: number, weight: number): void {
		const k = this.#linkAt(g, other);
		if (k >= 0) this.#weight[k] = weight;
	}

	#rename(g: number, from: number, to: number): void {
		const k = this.#linkAt(g, from);
		if (k >= 0) this.#other[k] = to;
	}

	/** Where group g's link to `other` sits in the pool, or -1. */
	#linkAt(g: number, other: number): number {
		const start = this.#start[g]!;
		const end = start + this.#length[g]!;
		for (let k = start; k < end; k++) if (this.#other[k] === other) return k;
		return -1;
	}
}
