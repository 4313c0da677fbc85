/**
 * "The distance": the one measure of how alike two tracks sound, used by `similar`, radio and grouping.
 *
 * Several descriptions of a track, each compared with its own distance:
 * - timbre: the MFCC Gaussian, symmetrised Kullback–Leibler (timbre.ts);
 * - rhythm: the onset pattern, Euclidean over library-z-scored values;
 * - vector: the track vector (tempo, loudness, brightness, timbre and tonal statistics), z-scored and
 *   weighted by the configured group weights (distance.ts).
 * Each is normalised over the library (distance-space normalisation: minus the mean, over the standard
 * deviation of each track's distances to a fixed random sample of the library, three quarters of the way
 * towards the sample's distances among themselves, averaged over both tracks: per-track statistics alone
 * favour small albums, library-wide ones big albums), then they
 * are summed with their weights, and mutual proximity (proximity.ts) turns the sum into the probability
 * that a random track is closer to either of the two: a value in [0, 1], smaller is closer, with hubs
 * (tracks near everything) pushed back. A description some track lacks (an older analysis) is left out
 * for the whole library.
 *
 * Neighbour lists avoid all pairs on big libraries: candidates come from a cheap index over the vector
 * (candidates.ts), then the full distance ranks them.
 */
import {columnStats, squaredDistance, trackDistance, zScore} from './distance.js';
import {NeighbourIndex, type NeighbourIndexOptions} from './candidates.js';
import {prepareLibrary, type Library, type LibraryOptions} from '../library.js';
import type {SlimTrack} from '../../store/types.js';
import {normalCdf} from './proximity.js';
import {createRng, DEFAULT_RNG_SEED, sampleIndices} from '../random.js';
import {timbreDivergence, timbreModels, type TimbreModels} from './timbre.js';

export type ComponentName = 'timbre' | 'rhythm' | 'vector';

/** See SimilarityOptions.libraryShare. */
export const DEFAULT_LIBRARY_SHARE = 0.75;

export const DEFAULT_COMPONENT_WEIGHTS: Readonly<Record<ComponentName, number>> = {timbre: 1, rhythm: 0.5, vector: 0.5};

export type SimilarityOptions = {
	/** Weight of each description in the sum; 0 leaves one out. */
	components?: Partial<Record<ComponentName, number>>;
	/** Reference tracks every track is compared with for its normalisation profiles. Default 100. */
	sampleSize?: number;
	/** Rank by the normalised sum without mutual proximity (for comparisons). */
	mutualProximity?: boolean;
	/**
	 * Share of the library-wide statistics in each track's normalisation, 0–1: 0 normalises each track's
	 * distances by its own profile only, 1 by the library's (the reference tracks' distances among themselves).
	 */
	libraryShare?: number;
};

export type Neighbour = {index: number; distance: number};

type Component = {
	name: ComponentName;
	weight: number;
	raw: (i: number, j: number) => number;
	mean: Float64Array;
	std: Float64Array;
	ready: Uint8Array;
	/** Mean and deviation of the distances among the reference tracks (set with the first profile). */
	libraryMean?: number;
	libraryStd?: number;
};

export class Similarity {
	readonly n: number;
	readonly library: Library;
	readonly components: readonly Component[];
	readonly #sampleSize: number;
	readonly #mutual: boolean;
	readonly #libraryShare: number;
	readonly #fusedMean: Float64Array;
	readonly #fusedStd: Float64Array;
	readonly #fusedReady: Uint8Array;
	readonly #weightSum: number;
	#referenceSet: number[] | undefined;

	constructor(library: Library, options: SimilarityOptions = {}) {
		this.library = library;
		const n = library.tracks.length;
		this.n = n;
		this.#sampleSize = Math.max(1, options.sampleSize ?? 100);
		this.#mutual = options.mutualProximity ?? true;
		this.#libraryShare = Math.min(1, Math.max(0, options.libraryShare ?? DEFAULT_LIBRARY_SHARE));
		const weights = {...DEFAULT_COMPONENT_WEIGHTS, ...options.components};
		const components: Component[] = [];
		const add = (name: ComponentName, raw: (i: number, j: number) => number) => {
			const weight = weights[name];
			if (!(weight > 0)) return;
			components.push({name, weight, raw, mean: new Float64Array(n), std: new Float64Array(n), ready: new Uint8Array(n)});
		};
		const models: TimbreModels | undefined = timbreModels(library.tracks.map(track => track.analysis.timbre));
		if (models) {
			const scratch = new Float64Array(models.d);
			add('timbre', (i, j) => timbreDivergence(models, i, j, scratch));
		}
		const patterns = patternMatrix(library);
		if (patterns) {
			add('rhythm', (i, j) => {
				patterns.row(i);
				patterns.row(j);
				return Math.sqrt(squaredDistance(patterns.data, i, patterns.data, j, patterns.d));
			});
		}
		add('vector', (i, j) => trackDistance(library.prepared, i, j));
		if (components.length === 0) add('vector', (i, j) => trackDistance(library.prepared, i, j));
		this.components = components;
		this.#weightSum = components.reduce((sum, c) => sum + c.weight, 0) || 1;
		this.#fusedMean = new Float64Array(n);
		this.#fusedStd = new Float64Array(n);
		this.#fusedReady = new Uint8Array(n);
	}

	/** The tracks every track is profiled against: a fixed random sample of the library (all of a small one). */
	#reference(): number[] {
		if (!this.#referenceSet) {
			const n = this.n;
			this.#referenceSet =
				n <= this.#sampleSize + 1 ? Array.from({length: n}, (_, j) => j) : sampleIndices(n, this.#sampleSize, createRng(DEFAULT_RNG_SEED ^ 0x5bd1_e995));
		}
		return this.#referenceSet;
	}

	/** Mean and deviation of each component's distances among the reference tracks. */
	#libraryReady(c: Component): void {
		if (c.libraryMean !== undefined) return;
		const reference = this.#reference();
		let sum = 0;
		let squares = 0;
		let count = 0;
		for (let a = 0; a < reference.length; a++) {
			for (let b = a + 1; b < reference.length; b++) {
				const value = c.raw(reference[a]!, reference[b]!);
				sum += value;
				squares += value * value;
				count++;
			}
		}
		const mean = count > 0 ? sum / count : 0;
		c.libraryMean = mean;
		c.libraryStd = Math.sqrt(Math.max(0, squares / Math.max(1, count) - mean * mean)) || 1;
	}

	/** Mean and deviation of each component's distances from i to the reference tracks, blended with the library's. */
	#componentsReady(i: number): void {
		for (const c of this.components) if (!c.ready[i]) this.#componentReady(c, i, this.#referenceDistances(c, i));
	}

	/** Component c's distances from i to each reference track (NaN for i itself). */
	#referenceDistances(c: Component, i: number): Float64Array {
		const reference = this.#reference();
		const values = new Float64Array(reference.length);
		for (let k = 0; k < reference.length; k++) values[k] = reference[k] === i ? Number.NaN : c.raw(i, reference[k]!);
		return values;
	}

	/** Component c's profile of i from its distances to the reference tracks. */
	#componentReady(c: Component, i: number, distances: Float64Array): void {
		const share = this.#libraryShare;
		if (share > 0) this.#libraryReady(c);
		const reference = this.#reference();
		let sum = 0;
		let squares = 0;
		let count = 0;
		for (let k = 0; k < reference.length; k++) {
			if (reference[k] === i) continue;
			const value = distances[k]!;
			sum += value;
			squares += value * value;
			count++;
		}
		const mean = count > 0 ? sum / count : 0;
		const std = Math.sqrt(Math.max(0, squares / Math.max(1, count) - mean * mean)) || 1;
		c.mean[i] = share > 0 ? (1 - share) * mean + share * c.libraryMean! : mean;
		c.std[i] = share > 0 ? (1 - share) * std + share * c.libraryStd! : std;
		c.ready[i] = 1;
	}

	/**
	 * Component profiles of i, and the fused distance's own profile (for mutual proximity) over the same
	 * reference: i's distances to the reference tracks are worked out once, for both.
	 */
	#profile(i: number): void {
		if (this.#fusedReady[i]) return;
		const reference = this.#reference();
		for (const j of reference) if (j !== i) this.#componentsReady(j);
		const distances = this.components.map(c => this.#referenceDistances(c, i));
		this.components.forEach((c, at) => {
			if (!c.ready[i]) this.#componentReady(c, i, distances[at]!);
		});
		let sum = 0;
		let squares = 0;
		let count = 0;
		for (let k = 0; k < reference.length; k++) {
			const j = reference[k]!;
			if (j === i) continue;
			const value = this.#fusedFrom(i, j, distances, k);
			sum += value;
			squares += value * value;
			count++;
		}
		const mean = count > 0 ? sum / count : 0;
		this.#fusedMean[i] = mean;
		this.#fusedStd[i] = Math.sqrt(Math.max(0, squares / Math.max(1, count) - mean * mean));
		this.#fusedReady[i] = 1;
	}

	/** #fused(i, j) for the k-th reference track j, from i's distances to the reference tracks. */
	#fusedFrom(i: number, j: number, distances: Float64Array[], k: number): number {
		let total = 0;
		for (let at = 0; at < this.components.length; at++) {
			const c = this.components[at]!;
			const value = distances[at]![k]!;
			total += (c.weight * ((value - c.mean[i]!) / c.std[i]! + (value - c.mean[j]!) / c.std[j]!)) / 2;
		}
		return total / this.#weightSum;
	}

	/** The normalised, weighted sum of the components (profiles of i and j must be ready). */
	#fused(i: number, j: number): number {
		let total = 0;
		for (const c of this.components) {
			const value = c.raw(i, j);
			total += (c.weight * ((value - c.mean[i]!) / c.std[i]! + (value - c.mean[j]!) / c.std[j]!)) / 2;
		}
		return total / this.#weightSum;
	}

	/** Prepares every track's profiles at once (what a whole-library pass needs anyway). */
	prepareAll(): void {
		for (let i = 0; i < this.n; i++) this.#profile(i);
	}

	/** The distance between tracks i and j: in [0, 1] with mutual proximity (default), smaller is closer; 0 for i = j. */
	distance(i: number, j: number): number {
		if (i === j) return 0;
		this.#profile(i);
		this.#profile(j);
		const fused = this.#fused(i, j);
		if (!this.#mutual) return fused;
		const fi = normalCdf(fused, this.#fusedMean[i]!, this.#fusedStd[i]!);
		const fj = normalCdf(fused, this.#fusedMean[j]!, this.#fusedStd[j]!);
		return fi + fj - fi * fj;
	}

	/** The `limit` nearest others of track i among `candidates` (default: every track), nearest first. */
	neighbours(i: number, limit: number, candidates?: Iterable<number>): Neighbour[] {
		const best: Neighbour[] = [];
		const consider = (j: number) => {
			if (j === i) return;
			const distance = this.distance(i, j);
			if (best.length === limit && distance >= best[limit - 1]!.distance) return;
			let position = best.length < limit ? best.length : limit - 1;
			if (best.length < limit) best.push({index: j, distance});
			while (position > 0 && (best[position - 1]!.distance > distance || (best[position - 1]!.distance === distance && best[position - 1]!.index > j))) {
				best[position] = best[position - 1]!;
				position--;
			}
			best[position] = {index: j, distance};
		};
		if (limit <= 0) return best;
		if (candidates) for (const j of candidates) consider(j);
		else for (let j = 0; j < this.n; j++) consider(j);
		return best;
	}
}

/**
 * Onset patterns z-scored over the library, when every track has one of the same length. The column
 * statistics take one pass; a row is z-scored on first use, so one query does not z-score the library.
 */
function patternMatrix(library: Library): {n: number; d: number; data: Float32Array; row: (i: number) => void} | undefined {
	const patterns = library.tracks.map(track => track.analysis.onsetPattern);
	const first = patterns[0];
	if (!first || first.length === 0 || patterns.some(p => !p || p.length !== first.length)) return undefined;
	const rows = patterns as ReadonlyArray<ArrayLike<number>>;
	const d = first.length;
	const {mean, std} = columnStats(rows, d);
	// float32: z-scores need no more, and at 40,000 tracks it halves the largest array the distance holds beside the timbre models.
	const data = new Float32Array(rows.length * d);
	const ready = new Uint8Array(rows.length);
	const row = (i: number) => {
		if (ready[i]) return;
		const values = rows[i]!;
		for (let j = 0; j < d; j++) data[i * d + j] = zScore(values[j]!, mean[j]!, std[j]!, PATTERN_CLIP);
		ready[i] = 1;
	};
	return {n: rows.length, d, data, row};
}

const PATTERN_CLIP = 5;

/** The library view, its distance and a neighbour index over it: what `similar`, radio and grouping start from. */
export function librarySimilarity(
	stored: readonly SlimTrack[],
	options: LibraryOptions & SimilarityOptions & {index?: NeighbourIndexOptions} = {},
): {library: Library; similarity: Similarity; index: NeighbourIndex} {
	const library = prepareLibrary(stored, options);
	const similarity = new Similarity(library, options);
	return {library, similarity, index: new NeighbourIndex(similarity, library.prepared.matrix, options.index)};
}
