/**
 * Nearest neighbours without all pairs. A small library is searched exactly: every track against every
 * other by the full distance. A big one gets a cheap inverted-file index over the track vector: k-means
 * cells (about √n of them, fitted on a sample), each track's candidates gathered from the cells nearest
 * it until there are `pool` of them, the closest `shortlist` of those by the vector, and only these
 * ranked by the full distance. Memory is the cell lists (one index a track) plus the centres: no n × n
 * anything, and a query costs about √n + pool vector distances and `shortlist` full ones.
 */
import {squaredDistance, type Matrix} from './distance.js';
import {assign, kmeans} from '../grouping/kmeans.js';
import {createRng, DEFAULT_RNG_SEED, sampleIndices} from '../random.js';
import type {Neighbour, Similarity} from './similarity.js';

export type NeighbourIndexOptions = {
	/** Up to this many tracks, search exactly. Default 2000. */
	exactUpTo?: number;
	/** Candidates gathered from the nearest cells. Default max(400, 20 × limit). */
	pool?: number;
	/** Candidates ranked by the full distance. Default max(100, 4 × limit). */
	shortlist?: number;
};

/** Candidates a single query ranks by the full distance (default). */
const SCAN_SHORTLIST = 300;

type Cells = {centroids: Float64Array; k: number; members: Int32Array[]};

export class NeighbourIndex {
	readonly #similarity: Similarity;
	readonly #matrix: Matrix;
	readonly #options: NeighbourIndexOptions;
	#cells: Cells | undefined;

	constructor(similarity: Similarity, matrix: Matrix, options: NeighbourIndexOptions = {}) {
		this.#similarity = similarity;
		this.#matrix = matrix;
		this.#options = options;
	}

	get exact(): boolean {
		return this.#matrix.n <= (this.#options.exactUpTo ?? 2000);
	}

	#index(): Cells {
		if (this.#cells) return this.#cells;
		const matrix = this.#matrix;
		const n = matrix.n;
		const k = Math.max(2, Math.round(Math.sqrt(n)));
		const rng = createRng(DEFAULT_RNG_SEED ^ 0x1f35_1a2b);
		const sample = sampleIndices(n, Math.min(n, 40 * k), rng);
		const fit = kmeans(matrix, k, {rng, restarts: 1, maxIterations: 15, tolerance: 0.002, rows: sample});
		const {labels} = assign(matrix, fit.centroids, fit.k);
		const lists: number[][] = Array.from({length: fit.k}, () => []);
		for (let i = 0; i < n; i++) lists[labels[i]!]!.push(i);
		this.#cells = {centroids: fit.centroids, k: fit.k, members: lists.map(list => Int32Array.from(list))};
		return this.#cells;
	}

	/** Candidate tracks for track i: members of the cells nearest it, the closest by the vector first. */
	candidates(i: number, limit: number): number[] {
		const {centroids, k, members} = this.#index();
		const {d, data} = this.#matrix;
		const pool = this.#options.pool ?? Math.max(400, 20 * limit);
		const shortlist = this.#options.shortlist ?? Math.max(100, 4 * limit);
		const order = Array.from({length: k}, (_, c) => ({c, distance: squaredDistance(data, i, centroids, c, d)})).sort((a, b) => a.distance - b.distance);
		const gathered: Array<{j: number; distance: number}> = [];
		for (const {c} of order) {
			for (const j of members[c]!) if (j !== i) gathered.push({j, distance: squaredDistance(data, i, data, j, d)});
			if (gathered.length >= pool) break;
		}
		gathered.sort((a, b) => a.distance - b.distance || a.j - b.j);
		return gathered.slice(0, shortlist).map(({j}) => j);
	}

	/**
	 * For one query (the `similar TRACK` command): the `limit` nearest by the full distance among the
	 * `shortlist` closest by the vector over the whole library, with no index to build: n vector distances.
	 */
	nearestByScan(i: number, limit: number): Neighbour[] {
		if (this.exact) return this.#similarity.neighbours(i, limit);
		const {n, d, data} = this.#matrix;
		const shortlist = Math.min(n - 1, this.#options.shortlist ?? Math.max(SCAN_SHORTLIST, 4 * limit));
		const distances = new Float64Array(n);
		for (let j = 0; j < n; j++) distances[j] = j === i ? Infinity : squaredDistance(data, i, data, j, d);
		const bound = Float64Array.from(distances).sort()[shortlist - 1]!;
		const chosen: number[] = [];
		for (let j = 0; j < n && chosen.length < shortlist; j++) if (distances[j]! <= bound && j !== i) chosen.push(j);
		return this.#similarity.neighbours(i, limit, chosen);
	}

	/** The `limit` nearest others of track i by the full distance, nearest first. */
	nearest(i: number, limit: number): Neighbour[] {
		if (this.exact) return this.#similarity.neighbours(i, limit);
		return this.#similarity.neighbours(i, limit, this.candidates(i, limit));
	}
}
