/**
 * Radio: a walk from one or more seed tracks, each step to the nearest track not used yet.
 *
 * The step cost from the current track c to a candidate x is
 *
 *     dist(c, x) + anchor · dist(x, seed) + 0.25 · transition(c, x)
 *
 * with distances divided by the library's median distance. The anchor term keeps a long walk near its
 * seed instead of drifting away one small step at a time (weight 0.5 after the last seed). With several
 * seeds the walk travels from each seed to the next: between seed i and seed i+1 the anchor is the next
 * seed, with a weight that grows from 0 to 1 along the way, so the radio arrives there smoothly.
 * Tracks that duplicate a chosen one (same content, or same artist and title) are skipped.
 * The distance is the library's one (similarity.ts: fused descriptions with mutual proximity, so that
 * "hub" tracks near everything do not turn up in every radio).
 */
import {duplicateKeys} from '../similarity/duplicates.js';
import {trackDistance} from '../similarity/distance.js';
import type {Library} from '../library.js';
import {quantile} from '../library.js';
import {transitionCost, type TransitionModel} from './ordering.js';
import {createRng, DEFAULT_RNG_SEED} from '../random.js';

export const RADIO_ANCHOR = 0.5;
export const RADIO_TRANSITION = 0.25;

/** Median of a distance between tracks of the library, from a fixed sample of pairs. */
export function typicalDistance(library: Library, distance: (i: number, j: number) => number = (i, j) => trackDistance(library.prepared, i, j)): number {
	const n = library.tracks.length;
	if (n < 2) return 1;
	const rng = createRng(DEFAULT_RNG_SEED ^ (n * 7919));
	const samples: number[] = [];
	for (let s = 0; s < Math.min(500, (n * (n - 1)) / 2); s++) {
		const i = rng.int(n);
		let j = rng.int(n - 1);
		if (j >= i) j++;
		samples.push(distance(i, j));
	}
	samples.sort((a, b) => a - b);
	const median = quantile(samples, 0.5);
	return median > 1e-12 ? median : 1;
}

/**
 * Library indices in play order, seeds included (a seed that duplicates an earlier seed is dropped).
 * `distance` defaults to the plain vector distance.
 */
export function radioWalk(
	library: Library,
	model: TransitionModel,
	seeds: readonly number[],
	length: number,
	options: {distance?: (i: number, j: number) => number} = {},
): number[] {
	const n = library.tracks.length;
	if (seeds.length === 0 || n === 0) return [];
	const raw = options.distance ?? ((i: number, j: number) => trackDistance(library.prepared, i, j));
	const scale = typicalDistance(library, raw);
	const distance = (i: number, j: number) => raw(i, j) / scale;

	// Tracks sharing a duplicate key, found once.
	const keyed = new Map<string, number[]>();
	const keysOf = library.tracks.map(track => duplicateKeys(track));
	keysOf.forEach((keys, index) => {
		for (const key of keys) {
			const list = keyed.get(key);
			if (list) list.push(index);
			else keyed.set(key, [index]);
		}
	});
	const blocked = new Uint8Array(n);
	const take = (index: number) => {
		blocked[index] = 1;
		for (const key of keysOf[index]!) for (const other of keyed.get(key)!) blocked[other] = 1;
	};

	const uniqueSeeds: number[] = [];
	for (const seed of seeds) {
		if (blocked[seed]) continue;
		uniqueSeeds.push(seed);
		take(seed);
	}
	const order: number[] = [];
	const total = Math.max(length, uniqueSeeds.length);
	// Walk tracks between consecutive seeds, shared out evenly; the rest follow the last seed.
	const between = uniqueSeeds.length > 1 ? Math.floor((total - uniqueSeeds.length) / uniqueSeeds.length) : 0;

	const step = (current: number, anchor: number, anchorWeight: number): number => {
		let best = -1;
		let bestCost = Infinity;
		for (let x = 0; x < n; x++) {
			if (blocked[x]) continue;
			const cost = distance(current, x) + anchorWeight * distance(x, anchor) + RADIO_TRANSITION * transitionCost(model, current, x);
			if (cost < bestCost) {
				bestCost = cost;
				best = x;
			}
		}
		return best;
	};

	for (let s = 0; s < uniqueSeeds.length; s++) {
		const seed = uniqueSeeds[s]!;
		order.push(seed);
		const next = uniqueSeeds[s + 1];
		let current = seed;
		const steps = next === undefined ? total - order.length - (uniqueSeeds.length - 1 - s) : between;
		for (let k = 0; k < steps; k++) {
			const chosen = next === undefined ? step(current, seed, RADIO_ANCHOR) : step(current, next, (k + 1) / (between + 1));
			if (chosen < 0) break;
			order.push(chosen);
			take(chosen);
			current = chosen;
		}
	}
	return order;
}
