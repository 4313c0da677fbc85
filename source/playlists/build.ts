/**
 * The one seam between the store and playlists: `buildPlaylists(SlimTrack[], options)`.
 *
 * - clusters: by default groups of a neighbour graph sized for listening (neighbour-groups.ts: about
 *   targetLength tracks, stragglers joined to their nearest group); with k given, k-means over the prepared
 *   vectors, tiny clusters merged into their nearest neighbour (or gathered apart). Each is named by what
 *   sets it apart from the rest of the library (naming.ts).
 * - bands: the classic grid, slow / medium / fast × calm / energetic; empty bands dropped.
 * - radio: a walk from the seed tracks (see radio.ts).
 *
 * Every playlist longer than maxLength is split into coherent parts ("… (1/3)"), and ordered for
 * smooth transitions (see ordering.ts), a long quiet piece last (long-pieces.ts). Tracks are sorted by path first and every random choice comes
 * from a seeded generator, so the same library always gives the same playlists.
 */
import type {SlimTrack} from '../store/types.js';
import type {Metric} from './similarity/distance.js';
import {kmeans, splitMergeRefine} from './grouping/kmeans.js';
import {trackLabel, makePlaylist, prepareLibrary, robustCentre, toPlaylistTrack, type Library} from './library.js';
import {relativeNames, staleNameParts, traitValues, uniqueNames} from './grouping/naming.js';
import {orderForTransitions, transitionModel, type TransitionModel} from './order/ordering.js';
import {setAsideLongQuiet} from './order/long-pieces.js';
import {radioWalk} from './order/radio.js';
import {onePerRecording} from './similarity/recordings.js';
import {albumKey, capAlbums, spreadAlbums} from './grouping/album-cap.js';
import {sizeRules} from './grouping/graph-groups.js';
import {Similarity, type SimilarityOptions} from './similarity/similarity.js';
import {createRng, DEFAULT_RNG_SEED, type Rng} from './random.js';
import {
	anchorsOf,
	describeChanges,
	matchRemembered,
	regroupReason,
	type BuildMemory,
	settleLoose,
	type ContinuityMode,
	type PlaylistChanges,
	type RememberedGroup,
} from './grouping/continuity.js';
import {DEFAULT_TARGET_LENGTH, neighbourGrouping} from './grouping/neighbour-groups.js';
import {mergeSmallGroups, splitOversized} from './grouping/split.js';
import type {Playlist, PlaylistStrategy} from './types.js';
import type {FeatureWeights} from '../library/playlist-options.js';

export type BuildOptions = {
	strategy?: PlaylistStrategy;
	/** clusters: number of clusters (k-means); default: groups of the neighbour graph sized by targetLength. */
	k?: number;
	/** clusters: playlists hold about this many tracks (when k is not given). Default 20. */
	targetLength?: number;
	/** radio: tracks in the playlist, seeds included. Default 30. */
	length?: number;
	/** Longer playlists are split. Default 500. */
	maxLength?: number;
	/** Weight group of each vector index (from the analysis' vector description). */
	groups?: readonly string[];
	weights?: Readonly<FeatureWeights>;
	metric?: Metric;
	/** radio: paths of the seed tracks, in order. */
	seeds?: readonly string[];
	/** Seed of the random generator (k-means starts, samples). */
	rngSeed?: number;
	/** clusters: playlists smaller than this are merged into their nearest neighbour. Default 2. */
	minSize?: number;
	/** clusters: gather the tracks of too-small clusters in one playlist of their own instead of merging. */
	singletonsApart?: boolean;
	/** Apply mutual proximity to the library's distance (see similarity.ts). Default true. */
	mutualProximity?: boolean;
	/** The distance's settings (see similarity.ts), for comparisons; mutualProximity above wins. */
	similarity?: SimilarityOptions;
	/** bands: tempo boundaries in BPM between slow, medium and fast. Default [95, 125]. */
	bandEdges?: readonly [number, number];
	/** clusters: the playlists the store remembers, to grow rather than regroup (continuity.ts). */
	memory?: BuildMemory;
	/** clusters and bands: at most this many tracks of one album in a playlist, none back to back where it can (album-cap.ts). */
	maxPerAlbum?: number;
};

export type BuildResult = {
	playlists: Playlist[];
	/** Tracks left out, and why. */
	problems: Array<{path: string; message: string}>;
	warnings: string[];
	/**
	 * clusters: the number of groups, whether it was chosen, and how ("neighbours": the neighbour graph at the
	 * target length; "kmeans": k given). `silhouettes` stays empty (kept for readers of older JSON).
	 */
	clustering?: {k: number; chosen: boolean; method: 'neighbours' | 'kmeans'; targetLength?: number; silhouettes: Array<{k: number; silhouette: number}>};
	/** Files that are one recording (recordings.ts): the copy the playlists hold, and those left out. */
	recordings: Array<{best: string; copies: string[]}>;
	/**
	 * clusters: the groups as the store will remember them once written (the remembered playlist each
	 * continues, its members and stragglers, the names of its playlists), and what changed since.
	 */
	continuity?: {groups: ContinuedGroup[]; changes: PlaylistChanges};
};

/** A group of a clusters build as the store remembers it: `id` of the remembered playlist it continues. */
export type ContinuedGroup = {id?: number; name: string; members: string[]; loose: string[]; playlists: string[]};

export const DEFAULT_BAND_EDGES: readonly [number, number] = [95, 125];
export const APART_NAME = 'Odds and Ends';

type Group = {
	members: number[];
	name: string;
	fixedName?: boolean;
	/** The remembered playlist this group continues, and why its name changed (when it did). */
	previous?: RememberedGroup;
	renamedBecause?: string;
};

/** What clusterGroups hands on for the store's memory besides the groups. */
type Continuation = {mode: ContinuityMode; reason?: string; loose: ReadonlySet<number>; remembered: readonly RememberedGroup[]};

function medianKey(library: Library, members: readonly number[]): string | undefined {
	const counts = new Map<string, number>();
	for (const index of members) {
		const key = library.tracks[index]!.analysis.key;
		if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

function clusterGroups(library: Library, options: BuildOptions, rng: Rng, result: BuildResult, copies: ReadonlyMap<string, string>): [Group[], Continuation] {
	const {matrix} = library.prepared;
	const n = matrix.n;
	const memory = options.memory;
	const remembered = memory?.playlists ?? [];
	const reason = memory ? regroupReason(memory, library) : undefined;
	const mode: ContinuityMode = remembered.length === 0 ? 'first' : reason === undefined && options.k === undefined ? 'grown' : 'regrouped';
	if (options.k === undefined) {
		const targetLength = options.targetLength ?? DEFAULT_TARGET_LENGTH;
		const {groups, loose} = neighbourGrouping(library, {
			targetLength,
			mutualProximity: options.mutualProximity,
			similarity: options.similarity,
			anchors: mode === 'grown' ? anchorsOf(memory!, library, copies) : undefined,
		});
		const settled = capped(
			library,
			mode === 'grown' ? settleLoose(groups, library, memory!, copies) : groups,
			options,
			result,
			sizeRules(n, targetLength).maxSize,
		);
		result.clustering = {k: settled.length, chosen: true, method: 'neighbours', targetLength, silhouettes: []};
		return [namedGroups(library, settled, undefined, remembered), {mode, reason, loose: new Set(loose), remembered}];
	}
	const continuation: Continuation = {
		mode,
		// k-means groups the whole library every run: only a real reason is worth saying.
		reason: mode === 'regrouped' ? reason : undefined,
		loose: new Set(),
		remembered,
	};
	const k = Math.max(1, Math.min(options.k, n));
	result.clustering = {k, chosen: false, method: 'kmeans', silhouettes: []};
	// Stopping when at most 1 row in 2000 still moves saves the long tail of Lloyd iterations.
	const restarts = n > 5000 ? 3 : 5;
	const tolerance = n > 2000 ? 0.0005 : 0;
	const fit = splitMergeRefine(matrix, kmeans(matrix, k, {rng, restarts, maxIterations: 100, tolerance}), {rng, maxIterations: 100, tolerance});
	const byLabel: number[][] = Array.from({length: fit.k}, () => []);
	for (let i = 0; i < n; i++) byLabel[fit.labels[i]!]!.push(i);
	const {groups, apartIndex} = mergeSmallGroups(
		matrix,
		byLabel.filter(group => group.length > 0),
		{minSize: options.minSize ?? 2, apart: options.singletonsApart},
	);
	if (apartIndex === undefined) return [namedGroups(library, capped(library, groups, options, result), undefined, remembered), continuation];
	return [namedGroups(library, groups, apartIndex, remembered), continuation];
}

/** The groups under the album cap (maxPerAlbum; none: as they are), the tracks with nowhere to go left out. */
/** Each track's album (album-cap.ts), worked out once per library. */
const albumCache = new WeakMap<Library, string[]>();
function albumsOf(library: Library): string[] {
	let albums = albumCache.get(library);
	if (!albums) albumCache.set(library, (albums = library.tracks.map(albumKey)));
	return albums;
}

function capped(library: Library, groups: number[][], options: BuildOptions, result: BuildResult, maxSize?: number): number[][] {
	const max = options.maxPerAlbum;
	if (!max) return groups;
	const {groups: kept, left} = capAlbums(groups, albumsOf(library), library.prepared.matrix, max, maxSize);
	for (const index of left) {
		result.problems.push({path: library.tracks[index]!.path, message: `every playlist it fits holds ${max} tracks of its album already (maxPerAlbum)`});
	}
	return kept.filter(group => group.length > 0);
}

/** The keys of a group's tracks, most common first. */
function keysByCount(library: Library, members: readonly number[]): string[] {
	const counts = new Map<string, number>();
	for (const index of members) {
		const key = library.tracks[index]!.analysis.key;
		if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key]) => key);
}

/**
 * Groups with their names, slowest first; the tracks gathered apart last. A group that continues a
 * remembered playlist (continuity.ts) keeps its name while the name's traits still hold for its tracks.
 */
function namedGroups(library: Library, groups: number[][], apartIndex: number | undefined, remembered: readonly RememberedGroup[] = []): Group[] {
	const tempo = (members: number[]) => medianOf(members.map(index => library.bpm[index]!)) || 0;
	const plain = groups.filter((_, index) => index !== apartIndex);
	const values = traitValues(library);
	const names = relativeNames(
		values,
		plain.map(members => ({members, tempi: members.map(index => library.bpm[index]!), mainKey: medianKey(library, members)})),
	);
	const nameOf = new Map(plain.map((members, index) => [members, names[index]!]));
	const matches = matchRemembered(groups, library, remembered);
	const previousOf = new Map(groups.map((members, index) => [members, matches[index]]));
	const named = (members: number[]): Omit<Group, 'members'> => {
		const previous = previousOf.get(members);
		if (!previous) return {name: nameOf.get(members)!};
		const stale = staleNameParts(previous.name, values, {members, tempi: members.map(index => library.bpm[index]!), keys: keysByCount(library, members)});
		if (stale.length === 0) return {name: previous.name, fixedName: true, previous};
		return {name: nameOf.get(members)!, previous, renamedBecause: `no longer ${stale.join(' · ')}`};
	};
	return groups
		.map((members, index) =>
			index === apartIndex
				? {members, name: APART_NAME, fixedName: true, last: true, previous: previousOf.get(members)}
				: {members, ...named(members), last: false},
		)
		.sort((a, b) => Number(a.last) - Number(b.last) || tempo(a.members) - tempo(b.members) || a.members[0]! - b.members[0]!)
		.map(({last: _last, ...group}) => group);
}

function bandGroups(library: Library, options: BuildOptions, result: BuildResult): Group[] {
	const [slowBelow, fastFrom] = options.bandEdges ?? DEFAULT_BAND_EDGES;
	const {median} = robustCentre(library.energy);
	const tempoRows = ['Slow', 'Medium', 'Fast', 'Unknown tempo'] as const;
	const energyColumns = ['Calm', 'Energetic'] as const;
	const cells = new Map<string, number[]>();
	for (let i = 0; i < library.tracks.length; i++) {
		const bpm = library.bpm[i]!;
		const tempo = !Number.isFinite(bpm) ? 3 : bpm < slowBelow ? 0 : bpm < fastFrom ? 1 : 2;
		const energetic = library.energy[i]! >= median ? 1 : 0;
		const name = `${tempoRows[tempo]} · ${energyColumns[energetic]}`;
		const cell = cells.get(name);
		if (cell) cell.push(i);
		else cells.set(name, [i]);
	}
	const groups: Group[] = [];
	for (const tempo of tempoRows) {
		for (const energy of energyColumns) {
			const members = cells.get(`${tempo} · ${energy}`);
			if (members && members.length > 0) groups.push({members, name: `${tempo} · ${energy}`, fixedName: true});
		}
	}
	if (!options.maxPerAlbum) return groups;
	// A band is its tempo and energy: a track over the cap has no other band to go to.
	const {groups: kept, left} = capAlbums(
		groups.map(group => group.members),
		albumsOf(library),
		library.prepared.matrix,
		options.maxPerAlbum,
		0,
	);
	for (const index of left) {
		result.problems.push({path: library.tracks[index]!.path, message: `its band holds ${options.maxPerAlbum} tracks of its album already (maxPerAlbum)`});
	}
	return groups.map((group, index) => ({...group, members: kept[index]!})).filter(group => group.members.length > 0);
}

function medianOf(values: readonly number[]): number {
	return robustCentre(values).median;
}

/** The library's index of a seed given as a stored track's exact path (commands/playlists.ts resolves what was typed). */
function seedIndex(library: Library, seed: string): number {
	return library.tracks.findIndex(track => track.path === seed);
}

function radioGroups(library: Library, model: TransitionModel, options: BuildOptions, result: BuildResult): Group[] {
	const seeds: number[] = [];
	for (const seed of options.seeds ?? []) {
		const index = seedIndex(library, seed);
		if (index === -1) result.problems.push({path: seed, message: 'seed track is not among the analysed tracks'});
		else seeds.push(index);
	}
	if (seeds.length === 0) return [];
	const similarity = new Similarity(library, {...options.similarity, mutualProximity: options.mutualProximity ?? options.similarity?.mutualProximity ?? true});
	const order = radioWalk(library, model, seeds, options.length ?? 30, {distance: (i, j) => similarity.distance(i, j)});
	const names = seeds.slice(0, 3).map(index => trackLabel(toPlaylistTrack(library.tracks[index]!)));
	const name = `Radio · ${names.join(' → ')}${seeds.length > 3 ? ' → …' : ''}`;
	return [{members: order, name, fixedName: true}];
}

/** Builds playlists from the stored tracks. Pure apart from reading the tracks given. */
export function buildPlaylists(stored: readonly SlimTrack[], options: BuildOptions = {}): BuildResult {
	const strategy = options.strategy ?? 'clusters';
	const maxLength = Math.max(2, options.maxLength ?? 500);
	// One copy of each recording: the others never reach a playlist.
	const {tracks: recordings, sets} = onePerRecording(stored);
	const bestCopy = new Map(sets.flatMap(set => set.copies.map(copy => [copy.path, set.best.path] as const)));
	const library = prepareLibrary(recordings, {groups: options.groups, weights: options.weights, metric: options.metric});
	const result: BuildResult = {
		playlists: [],
		problems: [...library.problems],
		warnings: [...library.warnings],
		recordings: sets.map(set => ({best: set.best.path, copies: set.copies.map(copy => copy.path)})),
	};
	if (options.seeds) options = {...options, seeds: options.seeds.map(seed => bestCopy.get(seed) ?? seed)};
	if (library.tracks.length === 0) return result;
	const rng = createRng(options.rngSeed ?? DEFAULT_RNG_SEED);
	const model = transitionModel(
		library.bpm,
		library.tracks.map(track => track.analysis.camelot),
		library.prepared,
	);

	if (strategy === 'radio') {
		// The walk is its own order: it starts at the seed and each step already weighs the transition.
		const groups = radioGroups(library, model, options, result);
		for (const group of groups) {
			const parts = [];
			for (let start = 0; start < group.members.length; start += maxLength) parts.push(group.members.slice(start, start + maxLength));
			parts.forEach((part, index) => {
				const name = parts.length > 1 ? `${group.name} (${index + 1}/${parts.length})` : group.name;
				result.playlists.push(makePlaylist(library, name, part, 'radio'));
			});
		}
		return result;
	}

	const [groups, continuation] =
		strategy === 'bands' ? [bandGroups(library, options, result), undefined] : clusterGroups(library, options, rng, result, bestCopy);
	// Names are made unique over whole groups, names kept from earlier runs first so that they stay as they
	// are; parts of a split group share the name plus "(i/n)".
	const byPriority = groups.map((_, index) => index).sort((a, b) => Number(!groups[b]!.fixedName) - Number(!groups[a]!.fixedName) || a - b);
	const uniqueByPriority = uniqueNames(
		byPriority.map(index => ({name: groups[index]!.name, mainKey: groups[index]!.fixedName ? undefined : medianKey(library, groups[index]!.members)})),
	);
	const unique: string[] = [];
	byPriority.forEach((index, rank) => (unique[index] = uniqueByPriority[rank]!));
	const continued: ContinuedGroup[] = [];
	groups.forEach((group, index) => {
		// Parts of a split playlist go from the slowest to the fastest.
		const parts = splitOversized(library.prepared.matrix, group.members, maxLength, rng)
			.map(part => ({part, tempo: medianOf(part.map(member => library.bpm[member]!))}))
			.sort((a, b) => (a.tempo || 0) - (b.tempo || 0))
			.map(({part}) => part);
		const names: string[] = [];
		parts.forEach((part, partIndex) => {
			const name = parts.length > 1 ? `${unique[index]} (${partIndex + 1}/${parts.length})` : unique[index]!;
			// A long, quiet piece closes the playlist instead of breaking it in the middle.
			const {ordered, last} = setAsideLongQuiet(part, index => library.tracks[index]!.durationSeconds, library.energy);
			const order = [...orderForTransitions(model, ordered), ...last];
			if (options.maxPerAlbum) order.splice(0, order.length, ...spreadAlbums(order, albumsOf(library)));
			result.playlists.push(makePlaylist(library, name, order, strategy));
			names.push(name);
		});
		if (continuation) {
			const paths = (members: readonly number[]) => members.map(member => library.tracks[member]!.path);
			continued.push({
				...(group.previous ? {id: group.previous.id} : {}),
				name: unique[index]!,
				members: result.playlists.slice(-names.length).flatMap(playlist => playlist.tracks.map(track => track.path)),
				loose: paths(group.members.filter(member => continuation.loose.has(member))),
				playlists: names,
			});
			Object.assign(group, {name: unique[index]!});
		}
	});
	if (continuation) {
		const changes = describeChanges(continuation.mode, continuation.reason, library, continuation.remembered, groups, bestCopy);
		result.continuity = {groups: continued, changes};
	}
	return result;
}
