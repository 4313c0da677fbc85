/**
 * The nearest tracks of one track: what `playlistgen similar TRACK` lists and the playlists preview shows
 * for a track, by the one distance (similarity.ts) over the library the playlists are built from.
 */
import type {StoredTrack} from '../store/types.js';
import {librarySimilarity} from './similarity.js';
import {vectorGroups} from './vector-groups.js';

export type NearestOptions = {
	/** Vector group weights (the `playlists.weights` setting). */
	weights: Readonly<Record<string, number>>;
	/** Weight group of each vector index; default: the analysis' layout. */
	groups?: readonly string[];
};

export type NeighbourSearch = ReturnType<typeof librarySimilarity>;

export type NearTrack = {track: StoredTrack; distance: number};

/** The library view and distance that neighbour queries run on. */
export function neighbourSearch(tracks: readonly StoredTrack[], options: NearestOptions): NeighbourSearch {
	return librarySimilarity(tracks, {groups: options.groups ?? vectorGroups(), weights: options.weights});
}

/**
 * The `limit` nearest others of the library track at `path`, nearest first. One query scans the library
 * by the vector, then ranks the shortlist by the full distance: no index over the whole library is built.
 */
export function nearestIn(search: NeighbourSearch, path: string, limit: number): NearTrack[] {
	const {library, index} = search;
	const i = library.tracks.findIndex(track => track.path === path);
	if (i < 0) throw new Error(`${path} is not among the analysed tracks`);
	return index.nearestByScan(i, limit).map(({index: j, distance}) => ({track: library.tracks[j]!, distance}));
}

/** `nearestIn` over a library prepared from `tracks` for this one query. */
export function nearestTracks(tracks: readonly StoredTrack[], path: string, limit: number, options: NearestOptions): NearTrack[] {
	return nearestIn(neighbourSearch(tracks, options), path, limit);
}
