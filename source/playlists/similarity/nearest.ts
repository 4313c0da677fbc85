/**
 * The nearest tracks of one track: what `playlistgen similar TRACK` lists and the playlists preview shows
 * for a track, by the one distance (similarity.ts) over the library the playlists are built from.
 */
import type {SlimTrack} from '../../store/types.js';
import {onePerRecording, type RecordingSet} from './recordings.js';
import {librarySimilarity} from './similarity.js';
import {vectorGroups} from './vector-groups.js';
import type {FeatureWeights} from '../../library/playlist-options.js';

export type NearestOptions = {
	/** Vector group weights (the `playlists.weights` setting). */
	weights: Readonly<FeatureWeights>;
	/** Weight group of each vector index; default: the analysis' layout. */
	groups?: readonly string[];
	/** The copies of a recording among the tracks, when known already (a store keeps them); found otherwise. */
	recordings?: RecordingSet[];
};

/** The library (one copy of each recording), its distance and index, and the copy kept for each one left out. */
export type NeighbourSearch = ReturnType<typeof librarySimilarity> & {bestCopy: ReadonlyMap<string, string>};

export type NearTrack = {track: SlimTrack; distance: number};

/**
 * The library view and distance that neighbour queries run on: one copy of each recording
 * (recordings.ts).
 */
export function neighbourSearch(tracks: readonly SlimTrack[], options: NearestOptions): NeighbourSearch {
	const {tracks: recordings, sets} = onePerRecording(tracks, options.recordings);
	const bestCopy = new Map(sets.flatMap(set => set.copies.map(copy => [copy.path, set.best.path] as const)));
	return {...librarySimilarity(recordings, {groups: options.groups ?? vectorGroups(), weights: options.weights}), bestCopy};
}

/**
 * The `limit` nearest others of the library track at `path`, nearest first (for a copy left out, those of
 * the copy kept, which is the same recording). One query scans the library by the vector, then ranks the
 * shortlist by the full distance: no index over the whole library is built.
 */
export function nearestIn(search: NeighbourSearch, path: string, limit: number): NearTrack[] {
	const {library, index} = search;
	const kept = search.bestCopy.get(path) ?? path;
	const i = library.tracks.findIndex(track => track.path === kept);
	if (i < 0) throw new Error(`${path} is not among the analysed tracks`);
	return index.nearestByScan(i, limit).map(({index: j, distance}) => ({track: library.tracks[j]!, distance}));
}

/** `nearestIn` over a library prepared from `tracks` for this one query. */
export function nearestTracks(tracks: readonly SlimTrack[], path: string, limit: number, options: NearestOptions): NearTrack[] {
	return nearestIn(neighbourSearch(tracks, options), path, limit);
}
