/**
 * Playlists as groups of a neighbour graph: each track is linked to its nearest others (by the one
 * distance of similarity.ts), then groups are merged bottom-up by average linkage, with a size cap.
 *
 * The linkage of groups A and B is the mean similarity over all |A|·|B| pairs, a pair that is not in the
 * graph counting 0: Σ w(a, b) / (|A|·|B|), w = 1 − distance on the graph's edges (an edge found from
 * both ends counts twice). Two groups with no edge between them are never merged, so well-separated
 * families stay apart whatever the cap; the division by the sizes lets small groups merge first, so groups
 * grow evenly instead of one group swallowing the library. No merge makes a group larger than `maxSize`,
 * nor joins groups whose link is loose against their own cohesion (see `cohesion`).
 * When no merge is left, groups under `minSize` tracks join the group with room they are best linked to:
 * stragglers do not form playlists of their own. Those with no such group are handed back as `unlinked`.
 *
 * Memory and time follow the graph, not n²: the groups' links in typed arrays (group-links.ts) and a heap of candidate
 * merges (lazily corrected: a popped merge whose linkage has dropped since is pushed back at its value).
 */
import {GroupLinks} from './group-links.js';
import {PairHeap} from './pair-heap.js';

export type GraphEdge = {index: number; distance: number};

/** See GraphGroupOptions.cohesion: chosen on the dev corpus (purity) and on 3000 synthetic tracks (sizes). */
export const DEFAULT_COHESION = 0.6;

export type GraphGroupOptions = {
	/** No merge makes a group larger than this. */
	maxSize: number;
	/** Groups smaller than this at the end join their best-linked group. */
	minSize: number;
	/**
	 * Two groups merge only while the smaller one's tracks hold, on average, at least this share of the link
	 * weight to the other group that the looser group's tracks hold inside their own (weight per track, so a
	 * sparse neighbour graph does not make big groups look loose). Distinct families that a few edges happen
	 * to join stay apart. Default 0.6; 0 merges whatever is linked.
	 */
	cohesion?: number;
	/**
	 * Groups to start from (the playlists a store remembers): each starts as one group, and no two of them
	 * merge; the other tracks start alone and join them, or each other, by the same rules. A group started
	 * here may grow past `maxSize` (the caller splits it), so that a playlist keeps growing with its library.
	 */
	anchors?: ReadonlyArray<readonly number[]>;
};

export type GraphGroups = {
	/** Groups of track indices, each sorted, in order of their first track. */
	groups: number[][];
	/** Groups under minSize with no link to a group that has room for them: the caller decides where they go. */
	unlinked: number[][];
	/** Tracks that joined a group only as stragglers (a group too small to stand alone), in order. */
	loose: number[];
};

/** Edge weight from a distance in [0, 1] (mutual proximity); larger distances give no weight. */
function weightOf(distance: number): number {
	return Number.isFinite(distance) ? Math.max(0, 1 - distance) : 0;
}

export function groupNeighbourGraph(neighbours: ReadonlyArray<readonly GraphEdge[]>, options: GraphGroupOptions): GraphGroups {
	const n = neighbours.length;
	const maxSize = Math.max(1, options.maxSize);
	const minSize = Math.max(1, options.minSize);
	const size = new Int32Array(n).fill(1);
	const alive = new Uint8Array(n).fill(1);
	const members: number[][] = Array.from({length: n}, (_, i) => [i]);
	const edges = {
		forEach(visit: (i: number, j: number, weight: number) => void) {
			for (let i = 0; i < n; i++) {
				for (const {index: j, distance} of neighbours[i]!) {
					if (j === i || j < 0 || j >= n) continue;
					const weight = weightOf(distance);
					if (weight > 0) visit(i, j, weight);
				}
			}
		},
	};
	const links = new GroupLinks(n, edges);
	const anchored = new Uint8Array(n);
	const linkage = (a: number, b: number) => links.weight(a, b) / (size[a]! * size[b]!);
	// Weight inside each group; a group's cohesion is that weight per track (undefined for a single track).
	const inside = new Float64Array(n);
	const cohesion = (g: number) => (size[g]! > 1 ? inside[g]! / size[g]! : Number.NaN);
	const share = options.cohesion ?? DEFAULT_COHESION;
	const coherent = (a: number, b: number) => {
		const bar = Math.min(...[cohesion(a), cohesion(b)].filter(Number.isFinite));
		const link = links.weight(a, b) / Math.min(size[a]!, size[b]!);
		return !Number.isFinite(bar) || link >= share * bar;
	};

	/** Merges the two groups; the one with more links survives (so moving links costs the smaller side). */
	const merge = (a: number, b: number, heap?: PairHeap): number => {
		const [keep, gone] = links.degree(a) >= links.degree(b) ? [a, b] : [b, a];
		inside[keep] = inside[a]! + inside[b]! + links.weight(a, b);
		alive[gone] = 0;
		size[keep]! += size[gone]!;
		for (const index of members[gone]!) members[keep]!.push(index);
		members[gone] = [];
		links.merge(keep, gone, heap ? (other, total) => heap.push(total / (size[keep]! * size[other]!), keep, other) : undefined);
		return keep;
	};

	for (const anchor of options.anchors ?? []) {
		const valid = anchor.filter(index => index >= 0 && index < n && alive[index] && !anchored[index] && size[index] === 1);
		if (valid.length === 0) continue;
		let root = valid[0]!;
		for (const index of valid.slice(1)) root = merge(root, index);
		anchored[root] = 1;
	}

	const heap = new PairHeap();
	for (let i = 0; i < n; i++) if (alive[i]) links.forEach(i, (j, weight) => (i < j && alive[j] ? heap.push(weight / (size[i]! * size[j]!), i, j) : undefined));
	const top: [number, number, number] = [0, 0, 0];
	while (heap.pop(top)) {
		const [score, a, b] = top;
		if (!alive[a] || !alive[b] || !links.has(a, b)) continue;
		const current = linkage(a, b);
		// The groups grew since this entry was pushed: its linkage fell; try it again at its true value.
		if (current < score * (1 - 1e-12)) {
			heap.push(current, a, b);
			continue;
		}
		// Groups only grow, so a merge over the cap never becomes possible later; two remembered playlists never merge.
		if (anchored[a] && anchored[b]) continue;
		if ((size[a]! + size[b]! > maxSize && !anchored[a] && !anchored[b]) || !coherent(a, b)) continue;
		anchored[merge(a, b, heap)] = anchored[a]! | anchored[b]!;
	}

	// Stragglers: the smallest first, each into its best-linked group, preferring groups with room.
	const unlinked: number[][] = [];
	const loose: number[] = [];
	let small: number[] = [];
	for (let g = 0; g < n; g++) if (alive[g] && size[g]! < minSize) small.push(g);
	for (;;) {
		small = small.filter(g => alive[g] && size[g]! < minSize);
		let smallest = -1;
		for (const g of small) if (smallest === -1 || size[g]! < size[smallest]!) smallest = g;
		if (smallest === -1) break;
		let best = -1;
		let bestRoom = false;
		let bestLinkage = 0;
		links.forEach(smallest, (other, weight) => {
			const room = size[smallest]! + size[other]! <= maxSize;
			const value = weight / (size[smallest]! * size[other]!);
			if (best === -1 || (room && !bestRoom) || (room === bestRoom && (value > bestLinkage || (value === bestLinkage && other < best)))) {
				best = other;
				bestRoom = room;
				bestLinkage = value;
			}
		});
		if (best === -1 || !bestRoom) {
			// No linked group can take it without passing the cap: the caller places it by another measure.
			unlinked.push(members[smallest]!.sort((x, y) => x - y));
			alive[smallest] = 0;
			continue;
		}
		for (const index of members[smallest]!) loose.push(index);
		const wasAnchored = anchored[smallest]! | anchored[best]!;
		const kept = merge(smallest, best);
		anchored[kept] = wasAnchored;
		if (size[kept]! < minSize) small.push(kept);
	}

	const groups: number[][] = [];
	for (let g = 0; g < n; g++) if (alive[g]) groups.push(members[g]!.sort((x, y) => x - y));
	groups.sort((x, y) => x[0]! - y[0]!);
	return {groups, unlinked, loose: loose.sort((x, y) => x - y)};
}

/**
 * The size rules from the target length: groups grow to at most 1.5 × target (at least twice minSize), and
 * never past a quarter of a library of 40 tracks or more; stragglers are groups under 5 tracks (fewer at a
 * short target, where 5 would be most of a playlist, and in a library under 15 tracks, where groups of 3 or
 * 4 that stay apart from the rest are families: a third of the library, never fewer than 3 tracks).
 */
export function sizeRules(n: number, targetLength: number): GraphGroupOptions {
	const minSize = Math.max(1, Math.min(5, Math.floor(targetLength / 2), Math.max(3, Math.floor(n / 3))));
	let maxSize = Math.max(2 * minSize, Math.round(1.5 * targetLength));
	if (n >= 40) maxSize = Math.min(maxSize, Math.floor(n / 4));
	return {maxSize: Math.max(1, maxSize), minSize};
}
