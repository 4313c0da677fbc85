/**
 * The default grouping: each track's nearest others by the library's one distance (exact on small
 * libraries, from the cell index on big ones: no n × n anything), merged bottom-up into groups sized for
 * listening (graph-groups.ts). Stragglers with no link to a group that has room join the group with room
 * whose vector centroid is nearest.
 */
import {NeighbourIndex, type NeighbourIndexOptions} from './candidates.js';
import {groupNeighbourGraph, sizeRules, type GraphEdge} from './graph-groups.js';
import type {Library} from './library.js';
import {Similarity, type SimilarityOptions} from './similarity.js';
import {squaredDistance, type Matrix} from './distance.js';
import {centroidOf} from './split.js';

/** Playlists hold about this many tracks by default. */
export const DEFAULT_TARGET_LENGTH = 20;
/** Nearest others each track is linked to. */
export const GRAPH_NEIGHBOURS = 10;

export type NeighbourGroupOptions = {
	targetLength?: number;
	mutualProximity?: boolean;
	neighbours?: number;
	/** See GraphGroupOptions.cohesion. */
	cohesion?: number;
	index?: NeighbourIndexOptions;
	/** The distance's settings (see similarity.ts); mutualProximity above wins. */
	similarity?: SimilarityOptions;
};

/** Each track's nearest others (indices into the library), nearest first. */
export function neighbourLists(
	library: Library,
	limit: number,
	options: Pick<NeighbourGroupOptions, 'mutualProximity' | 'index' | 'similarity'> = {},
): GraphEdge[][] {
	const similarity = new Similarity(library, {...options.similarity, mutualProximity: options.mutualProximity ?? options.similarity?.mutualProximity ?? true});
	const index = new NeighbourIndex(similarity, library.prepared.matrix, options.index);
	const n = library.tracks.length;
	const lists: GraphEdge[][] = [];
	for (let i = 0; i < n; i++) lists.push(index.nearest(i, Math.min(limit, n - 1)));
	return lists;
}

/** Groups of library indices, each sorted; sizes from the target length (see sizeRules). */
export function neighbourGroups(library: Library, options: NeighbourGroupOptions = {}): number[][] {
	const n = library.tracks.length;
	if (n === 0) return [];
	const rules = sizeRules(n, options.targetLength ?? DEFAULT_TARGET_LENGTH);
	if (n <= rules.minSize) return [Array.from({length: n}, (_, i) => i)];
	const lists = neighbourLists(library, options.neighbours ?? GRAPH_NEIGHBOURS, options);
	const {groups, unlinked} = groupNeighbourGraph(lists, {...rules, cohesion: options.cohesion});
	if (groups.length === 0) return [unlinked.flat().sort((a, b) => a - b)];
	for (const stray of unlinked) joinNearest(library.prepared.matrix, groups, stray, rules.maxSize);
	return groups.map(group => group.sort((a, b) => a - b));
}

/** Puts a stray group into the group whose vector centroid is nearest among those with room (any, if none has). */
function joinNearest(matrix: Matrix, groups: number[][], stray: readonly number[], maxSize: number): void {
	const centre = centroidOf(matrix, stray);
	let best = -1;
	let bestRoom = false;
	let bestDistance = Infinity;
	groups.forEach((group, g) => {
		const room = group.length + stray.length <= maxSize;
		const distance = squaredDistance(centroidOf(matrix, group), 0, centre, 0, matrix.d);
		if (best === -1 || (room && !bestRoom) || (room === bestRoom && distance < bestDistance)) {
			best = g;
			bestRoom = room;
			bestDistance = distance;
		}
	});
	groups[best]!.push(...stray);
}
