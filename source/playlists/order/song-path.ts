/**
 * A path from one track to another: N distinct tracks, FROM first and TO last, each step short by the
 * distance `similar` uses, and each track nearer to TO than the one before wherever the library allows.
 *
 * The method: a shortest path with exactly N − 1 steps over a corridor of the library.
 * 1. The corridor: the tracks whose vector distances to FROM and to TO add up least (an ellipse around
 *    both ends in the vector space), `pool` of them (every track of a small library). Only these are
 *    compared by the full distance, so a path costs the same on 40,000 tracks as on 400.
 * 2. The corridor is ordered by the distance to TO, farthest first, with FROM before all and TO after all;
 *    a step may only go forward in that order. Every step then brings the path nearer to TO (except the
 *    first, when FROM has too few tracks nearer to TO than itself), and no track can come twice.
 * 3. Among all forward paths of exactly N − 1 steps, the one with the least sum of squared step distances
 *    (plus any rise of the distance to TO) is found by dynamic programming over the number of steps:
 *    squares make many even steps cheaper than a few long ones.
 * With waypoints (--via) the path is cut into legs, each given a share of the steps by its length, each
 * leg's corridor leaving out the tracks taken before. A path holds one copy of a recording (recordings.ts)
 * and one track of an artist and title (duplicates.ts): the copies are looked for among the corridors'
 * tracks only, so that a path never compares the whole library with itself.
 *
 * On the dev corpus this beat interpolating positions (the track nearest the point a fraction t along
 * the way, by the vector or by the distance itself) on mean step and on steps that approach TO; figures
 * in bench/results.md (bench/song-path.ts).
 */
import {squaredDistance, trackDistance, type Matrix} from '../similarity/distance.js';
import {duplicateKeys} from '../similarity/duplicates.js';
import {makePlaylist, toPlaylistTrack, trackLabel, type Library} from '../library.js';
import {recordingSets, type RecordingSet} from '../similarity/recordings.js';
import type {Similarity} from '../similarity/similarity.js';
import type {Playlist} from '../types.js';

/** What a path is found in: a distance between tracks, and a corridor of candidates between two of them. */
export type PathSpace = {
	/** Number of tracks (indices 0 … n − 1). */
	n: number;
	/** The distance between two tracks (symmetric, 0 for a track and itself). */
	distance: (i: number, j: number) => number;
	/** Up to `count` tracks lying between a and b, the most promising first; a and b themselves may be among them. */
	between: (a: number, b: number, count: number) => number[];
};

export type SongPathOptions = {
	/** Tracks of the corridor compared by the full distance, per leg. Default 400. */
	pool?: number;
	/** Tracks that are one song for the listener share a key (same artist and title): a path holds one of them. */
	keys?: (i: number) => readonly string[];
	/** Tracks a path must not hold (besides its waypoints). */
	excluded?: (i: number) => boolean;
};

export const DEFAULT_PATH_POOL = 400;
/** Tracks in a path when no length is asked for. */
export const DEFAULT_PATH_LENGTH = 20;
/** Weight of a rise of the distance to TO in a step's cost (squared distances are its unit). */
const RISE_WEIGHT = 1;

/**
 * The track indices of the path through `waypoints` (FROM, any vias, TO) with `length` tracks in all,
 * waypoints included. Shorter only when the library has too few usable tracks. Throws on waypoints that
 * repeat a track, or a length smaller than the number of waypoints.
 */
export function songPath(space: PathSpace, waypoints: readonly number[], length: number, options: SongPathOptions = {}): number[] {
	if (waypoints.length < 2) throw new Error('a path needs a start and a destination');
	if (new Set(waypoints).size !== waypoints.length) throw new Error('a path cannot pass through one track twice');
	if (!Number.isInteger(length) || length < waypoints.length)
		throw new Error(`a path through ${waypoints.length} tracks needs a length of at least ${waypoints.length}`);
	const pool = Math.max(1, options.pool ?? DEFAULT_PATH_POOL);
	const taken = new Set<number>(waypoints);
	const takenKeys = new Set<string>();
	const keysOf = options.keys ?? (() => []);
	for (const waypoint of waypoints) for (const key of keysOf(waypoint)) takenKeys.add(key);
	const usable = (i: number) => !taken.has(i) && !options.excluded?.(i) && !keysOf(i).some(key => takenKeys.has(key));

	const legs = shareSteps(
		waypoints.slice(1).map((to, leg) => space.distance(waypoints[leg]!, to)),
		length - 1,
	);
	const order: number[] = [waypoints[0]!];
	legs.forEach((steps, leg) => {
		const from = waypoints[leg]!;
		const to = waypoints[leg + 1]!;
		const corridor: number[] = [];
		const corridorKeys = new Set<string>();
		for (const i of space.between(from, to, pool + waypoints.length)) {
			if (corridor.length >= pool) break;
			if (!usable(i) || keysOf(i).some(key => corridorKeys.has(key))) continue;
			corridor.push(i);
			for (const key of keysOf(i)) corridorKeys.add(key);
		}
		const inner = shortestLeg(space.distance, from, to, corridor, steps);
		for (const i of inner) {
			taken.add(i);
			for (const key of keysOf(i)) takenKeys.add(key);
		}
		order.push(...inner, to);
	});
	return order;
}

/**
 * Shares `total` steps among legs by their lengths (largest remainder), at least one step each.
 * Exported for the tests.
 */
export function shareSteps(lengths: readonly number[], total: number): number[] {
	const legs = lengths.length;
	const shares = Array<number>(legs).fill(1);
	const rest = total - legs;
	if (rest <= 0) return shares;
	const sum = lengths.reduce((a, b) => a + Math.max(0, b), 0);
	const ideal = lengths.map(value => (sum > 0 ? (rest * Math.max(0, value)) / sum : rest / legs));
	let given = 0;
	ideal.forEach((value, leg) => {
		shares[leg]! += Math.floor(value);
		given += Math.floor(value);
	});
	const byRemainder = ideal.map((value, leg) => ({leg, remainder: value - Math.floor(value)})).sort((a, b) => b.remainder - a.remainder || a.leg - b.leg);
	for (let k = 0; k < rest - given; k++) shares[byRemainder[k % legs]!.leg]! += 1;
	return shares;
}

/**
 * The inner tracks of the cheapest forward path from `from` to `to` with `steps` steps (fewer when the
 * corridor is too small), forward meaning farther from `to` before nearer (see the module comment).
 */
function shortestLeg(distance: PathSpace['distance'], from: number, to: number, corridor: readonly number[], wantedSteps: number): number[] {
	const toTo = new Map(corridor.map(i => [i, distance(i, to)]));
	const middle = [...corridor].sort((a, b) => toTo.get(b)! - toTo.get(a)! || a - b);
	const nodes = [from, ...middle, to];
	const m = nodes.length;
	const steps = Math.min(wantedSteps, m - 1);
	const toDestination = Float64Array.from(nodes, (node, k) => (k === m - 1 ? 0 : k === 0 ? distance(from, to) : toTo.get(node)!));
	// Step costs between nodes, forward only (u < v in the order).
	const cost = new Float64Array(m * m);
	for (let u = 0; u < m; u++) {
		for (let v = u + 1; v < m; v++) {
			const step = distance(nodes[u]!, nodes[v]!);
			cost[u * m + v] = step * step + RISE_WEIGHT * Math.max(0, toDestination[v]! - toDestination[u]!);
		}
	}
	// best[k][v]: least cost of reaching node v in exactly k steps from node 0; came[k][v]: the node before.
	let best = new Float64Array(m).fill(Infinity);
	best[0] = 0;
	const came: Int32Array[] = [];
	for (let k = 1; k <= steps; k++) {
		const next = new Float64Array(m).fill(Infinity);
		const previous = new Int32Array(m).fill(-1);
		// The last step ends at TO; an earlier one at a node with room for the steps left before TO.
		const [first, last] = k === steps ? [m - 1, m - 1] : [k, m - 1 - (steps - k)];
		for (let v = first; v <= last; v++) {
			for (let u = k - 1; u < v; u++) {
				const total = best[u]! + cost[u * m + v]!;
				if (total < next[v]!) {
					next[v] = total;
					previous[v] = u;
				}
			}
		}
		came.push(previous);
		best = next;
	}
	const inner: number[] = [];
	let node = m - 1;
	for (let k = steps; k > 1; k--) {
		node = came[k - 1]![node]!;
		inner.push(nodes[node]!);
	}
	return inner.reverse();
}

/**
 * The path space of a library: the one distance, and a corridor by the prepared vectors (the tracks
 * with the least sum of vector distances to both ends; every track of a library no bigger than asked).
 */
export function libraryPathSpace(library: Library, similarity: Pick<Similarity, 'distance'>): PathSpace {
	const n = library.tracks.length;
	return {
		n,
		distance: (i, j) => similarity.distance(i, j),
		between(a, b, count) {
			const all = Array.from({length: n}, (_, i) => i).filter(i => i !== a && i !== b);
			if (all.length <= count) return all;
			const score = new Float64Array(n);
			for (const i of all) score[i] = trackDistance(library.prepared, a, i) + trackDistance(library.prepared, i, b);
			return all.sort((x, y) => score[x]! - score[y]! || x - y).slice(0, count);
		},
	};
}

/**
 * A path through a library's tracks, the waypoints it went through (a copy named replaced by the copy
 * kept), and the recordings with several copies met among the waypoints and corridors.
 */
export type LibraryRoute = {order: number[]; waypoints: number[]; recordings: RecordingSet[]};

/** Two waypoints that are one recording (copies in other files): a path cannot go from one to the other. */
export class SameRecordingError extends Error {
	constructor(
		readonly first: number,
		readonly second: number,
	) {
		super('two waypoints are one recording');
		this.name = 'SameRecordingError';
	}
}

/**
 * `songPath` over a library by its one distance, holding one copy of each recording: the copies among the
 * waypoints and the legs' corridors are found (recordings.ts), a waypoint named by a copy becomes the copy
 * kept, and the other copies stay out. Throws SameRecordingError when two waypoints are one recording.
 */
export function libraryRoute(
	library: Library,
	similarity: Pick<Similarity, 'distance'>,
	waypoints: readonly number[],
	length: number,
	options: {pool?: number} = {},
): LibraryRoute {
	const space = libraryPathSpace(library, similarity);
	const pool = Math.max(1, options.pool ?? DEFAULT_PATH_POOL);
	// songPath reads at most pool + waypoints of each corridor; twice as many are checked for copies.
	const near = new Set(waypoints);
	for (let leg = 1; leg < waypoints.length; leg++)
		for (const i of space.between(waypoints[leg - 1]!, waypoints[leg]!, 2 * (pool + waypoints.length))) near.add(i);
	const indices = [...near];
	const indexOf = new Map(indices.map(i => [library.tracks[i]!, i]));
	const copies = new Set<number>();
	const kept = [...waypoints];
	const recordings = recordingSets(indices.map(i => library.tracks[i]!));
	for (const set of recordings) {
		const members = [set.best, ...set.copies].map(track => indexOf.get(track)!);
		const named = kept.flatMap((waypoint, at) => (members.includes(waypoint) ? [at] : []));
		if (named.length > 1) throw new SameRecordingError(kept[named[0]!]!, kept[named[1]!]!);
		const best = members[0]!;
		for (const member of members) if (member !== best) copies.add(member);
		if (named.length === 1) kept[named[0]!] = best;
	}
	const order = songPath(space, kept, length, {pool, keys: i => duplicateKeys(library.tracks[i]!), excluded: i => copies.has(i)});
	return {order, waypoints: kept, recordings};
}

/** The route as a playlist: "Path · A → B", with the waypoints between while there are few. */
export function pathPlaylist(library: Library, route: LibraryRoute): Playlist {
	const names = route.waypoints.map(index => trackLabel(toPlaylistTrack(library.tracks[index]!)));
	const shown = names.length <= 3 ? names : [names[0]!, '…', names.at(-1)!];
	return makePlaylist(library, `Path · ${shown.join(' → ')}`, route.order, 'path');
}

/**
 * The naive path, for comparison: points spaced evenly on the straight line between the two ends'
 * vectors, each taken by the nearest track not used yet.
 */
export function straightLinePath(matrix: Matrix, from: number, to: number, length: number): number[] {
	const {n, d, data} = matrix;
	const used = new Uint8Array(n);
	used[from] = 1;
	used[to] = 1;
	const point = new Float64Array(d);
	const order = [from];
	for (let k = 1; k < length - 1; k++) {
		const t = k / (length - 1);
		for (let c = 0; c < d; c++) point[c] = (1 - t) * data[from * d + c]! + t * data[to * d + c]!;
		let best = -1;
		let bestDistance = Infinity;
		for (let i = 0; i < n; i++) {
			if (used[i]) continue;
			const distance = squaredDistance(point, 0, data, i, d);
			if (distance < bestDistance) {
				bestDistance = distance;
				best = i;
			}
		}
		if (best < 0) break;
		used[best] = 1;
		order.push(best);
	}
	order.push(to);
	return order;
}
