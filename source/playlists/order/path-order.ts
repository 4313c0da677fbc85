/**
 * A short open path through m points under a symmetric cost: nearest-neighbour chains from several
 * starting points, each improved by 2-opt (reverse a segment) and or-opt (move one point elsewhere) until
 * neither lowers the total. Pure and deterministic. Used for the play order inside a playlist, where m is
 * a few dozen, so every start can be tried; the improvements are O(m²) per pass.
 */

export type PathOptions = {
	/** Positions tried as the first point (default: every one). */
	starts?: readonly number[];
	/** A point that must stay first. */
	fixedFirst?: number;
	/** Improvement passes at most (0: the chain alone). Default 50. */
	maxPasses?: number;
};

function pathTotal(cost: (p: number, q: number) => number, order: readonly number[]): number {
	let total = 0;
	for (let k = 1; k < order.length; k++) total += cost(order[k - 1]!, order[k]!);
	return total;
}

function nearestChain(m: number, cost: (p: number, q: number) => number, start: number): number[] {
	const used = new Uint8Array(m);
	const order = [start];
	used[start] = 1;
	for (let step = 1; step < m; step++) {
		const current = order[step - 1]!;
		let best = -1;
		let bestCost = Infinity;
		for (let q = 0; q < m; q++) {
			if (used[q]) continue;
			const value = cost(current, q);
			if (value < bestCost) {
				bestCost = value;
				best = q;
			}
		}
		used[best] = 1;
		order.push(best);
	}
	return order;
}

/** Reverses order[i..j] when the two edges that change cost less; true when anything changed. */
function twoOptPass(cost: (p: number, q: number) => number, order: number[], first: number): boolean {
	const m = order.length;
	let improved = false;
	for (let i = first; i < m - 1; i++) {
		for (let j = i + 1; j < m; j++) {
			const before = i > 0 ? order[i - 1]! : -1;
			const after = j < m - 1 ? order[j + 1]! : -1;
			const a = order[i]!;
			const b = order[j]!;
			const old = (before >= 0 ? cost(before, a) : 0) + (after >= 0 ? cost(b, after) : 0);
			const next = (before >= 0 ? cost(before, b) : 0) + (after >= 0 ? cost(a, after) : 0);
			if (next < old - 1e-9) {
				for (let x = i, y = j; x < y; x++, y--) [order[x], order[y]] = [order[y]!, order[x]!];
				improved = true;
			}
		}
	}
	return improved;
}

/** Moves one point to the gap where it costs least, when that lowers the total; true when anything moved. */
function orOptPass(cost: (p: number, q: number) => number, order: number[], first: number): boolean {
	const m = order.length;
	let improved = false;
	for (let i = first; i < m; i++) {
		const point = order[i]!;
		const before = i > 0 ? order[i - 1]! : -1;
		const after = i < m - 1 ? order[i + 1]! : -1;
		// What taking the point out saves.
		const removed = (before >= 0 ? cost(before, point) : 0) + (after >= 0 ? cost(point, after) : 0) - (before >= 0 && after >= 0 ? cost(before, after) : 0);
		const rest = order.filter((_, k) => k !== i);
		let bestGap = -1;
		let bestAdded = removed - 1e-9;
		// Gap g sits before rest[g] (g = rest.length: at the end).
		for (let g = Math.max(first, 0); g <= rest.length; g++) {
			if (g === i) continue;
			const left = g > 0 ? rest[g - 1]! : -1;
			const right = g < rest.length ? rest[g]! : -1;
			const added = (left >= 0 ? cost(left, point) : 0) + (right >= 0 ? cost(point, right) : 0) - (left >= 0 && right >= 0 ? cost(left, right) : 0);
			if (added < bestAdded) {
				bestAdded = added;
				bestGap = g;
			}
		}
		if (bestGap >= 0) {
			rest.splice(bestGap, 0, point);
			order.splice(0, m, ...rest);
			improved = true;
		}
	}
	return improved;
}

/** Positions 0..m−1 in path order. */
export function shortPath(m: number, cost: (p: number, q: number) => number, options: PathOptions = {}): number[] {
	if (m <= 1) return m === 1 ? [0] : [];
	const fixed = options.fixedFirst;
	const starts = fixed !== undefined ? [fixed] : (options.starts ?? Array.from({length: m}, (_, p) => p));
	const first = fixed !== undefined ? 1 : 0;
	const maxPasses = options.maxPasses ?? 50;
	let best: number[] | undefined;
	let bestTotal = Infinity;
	for (const start of starts) {
		const order = nearestChain(m, cost, start);
		for (let pass = 0; pass < maxPasses; pass++) {
			const reversed = twoOptPass(cost, order, first);
			const moved = orOptPass(cost, order, first);
			if (!reversed && !moved) break;
		}
		const total = pathTotal(cost, order);
		if (total < bestTotal - 1e-9) {
			bestTotal = total;
			best = order;
		}
	}
	return best!;
}
