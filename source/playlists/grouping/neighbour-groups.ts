/**
 * The default grouping: each track's nearest others by the library's one distance (exact on small
 * libraries, from the cell index on big ones: no n × n anything), merged bottom-up into groups sized for
 * listening (graph-groups.ts). Stragglers with no link to a group that has room join the group with room
 * whose vector centroid is nearest.
 */
import {NeighbourIndex, type NeighbourIndexOptions} from '../similarity/candidates.js';
import {groupNeighbourGraph, sizeRules, type GraphEdge} from './graph-groups.js';
import type {Library} from '../library.js';
import {Similarity, type SimilarityOptions} from '../similarity/similarity.js';
import {squaredDistance, type Matrix} from '../similarity/distance.js';
import {createRng, DEFAULT_RNG_SEED} from '../random.js';
import {centroidOf, splitOversized} from './split.js';

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
	/** Remembered playlists to grow rather than regroup (see GraphGroupOptions.anchors). */
	anchors?: ReadonlyArray<readonly number[]>;
};

/** Groups of library indices, and the tracks that joined theirs only as stragglers. */
export type NeighbourGrouping = {groups: number[][]; loose: number[]};

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
	return neighbourGrouping(library, options).groups;
}

/**
 * Groups of library indices, each sorted; sizes from the target length (see sizeRules). With anchors, the
 * remembered playlists grow instead (graph-groups.ts), and one grown past the cap is split in two or more.
 */
export function neighbourGrouping(library: Library, options: NeighbourGroupOptions = {}): NeighbourGrouping {
	const n = library.tracks.length;
	if (n === 0) return {groups: [], loose: []};
	const rules = sizeRules(n, options.targetLength ?? DEFAULT_TARGET_LENGTH);
	if (n <= rules.minSize) return {groups: [Array.from({length: n}, (_, i) => i)], loose: []};
	const lists = neighbourLists(library, options.neighbours ?? GRAPH_NEIGHBOURS, options);
	const {groups, unlinked, loose} = groupNeighbourGraph(lists, {...rules, cohesion: options.cohesion, anchors: options.anchors});
	if (groups.length === 0) return {groups: [unlinked.flat().sort((a, b) => a - b)], loose: []};
	for (const stray of unlinked) {
		joinNearest(library.prepared.matrix, groups, stray, rules.maxSize);
		loose.push(...stray);
	}
	const anchorOf = new Map<number, number>();
	(options.anchors ?? []).forEach((anchor, a) => anchor.forEach(index => anchorOf.set(index, a)));
	const split = (group: number[]) => {
		if (group.length <= rules.maxSize) return [group];
		const anchored = group.filter(index => anchorOf.has(index));
		return anchored.length > 0
			? splitGrown(library.prepared.matrix, group, anchored, rules)
			: splitOversized(library.prepared.matrix, group, rules.maxSize, createRng(DEFAULT_RNG_SEED));
	};
	return {groups: groups.flatMap(split).map(group => group.sort((a, b) => a - b)), loose: loose.sort((a, b) => a - b)};
}

/**
 * Splits a remembered playlist grown past the cap so that its old tracks stay together: they keep the
 * newcomers nearest to them, about half of the group (never fewer than the old tracks), and the other
 * newcomers form a playlist of their own (split again if still too large). When those would be too few
 * for a playlist, the group stays whole, a few tracks over the cap. Old tracks already over the cap
 * (the cap shrank) are split like any oversized group.
 */
function splitGrown(matrix: Matrix, group: readonly number[], anchored: readonly number[], rules: {maxSize: number; minSize: number}): number[][] {
	if (anchored.length > rules.maxSize) return splitOversized(matrix, group, rules.maxSize, createRng(DEFAULT_RNG_SEED));
	const total = group.length;
	const keep = Math.min(Math.max(anchored.length, Math.ceil(total / 2)), total - rules.minSize);
	if (keep < anchored.length) return [[...group]];
	const old = new Set(anchored);
	const centre = centroidOf(matrix, anchored);
	const newcomers = group
		.filter(index => !old.has(index))
		.map(index => ({index, distance: squaredDistance(matrix.data, index, centre, 0, matrix.d)}))
		.sort((a, b) => a.distance - b.distance || a.index - b.index)
		.map(({index}) => index);
	const kept = [...anchored, ...newcomers.slice(0, keep - anchored.length)];
	const rest = newcomers.slice(keep - anchored.length);
	const restParts = rest.length > rules.maxSize ? splitOversized(matrix, rest, rules.maxSize, createRng(DEFAULT_RNG_SEED)) : [rest];
	return [kept, ...restParts];
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
