/**
 * The store's analysed tracks as playlists, radio, similar and the preview read them: row by row into
 * the slim form (slim-track.ts), so a big library's full analyses never sit in memory at once.
 */
import {FEATURES_VERSION} from '../analysis/vector.js';
import {Float32Arena, slimTrack} from '../playlists/slim-track.js';
import {LibraryStore} from '../store/library-store.js';
import type {SlimTrack} from '../store/types.js';

/** The tracks of an open store, all of them or those under `root`. */
export function slimTracksOf(store: LibraryStore, root: string | undefined): SlimTrack[] {
	const tracks: SlimTrack[] = [];
	const arena = new Float32Arena();
	for (const track of store.tracks({root})) tracks.push(slimTrack(track, arena));
	return tracks;
}

/**
 * The tracks of an open store as a neighbour search reads them (`similar`): the values the distance, the
 * copies of a recording and a track's name look at, the same as the slim tracks', without the rest.
 */
export function searchTracksOf(store: LibraryStore, root: string | undefined): SlimTrack[] {
	return store.searchTracks({root});
}

/** Opens the store at `file` for reading (this build's features version), reads its tracks, closes it. */
export async function readSlimTracks(file: string, root: string | undefined): Promise<SlimTrack[]> {
	const store = await LibraryStore.open(file, {mode: 'read', command: 'playlists', featuresVersion: FEATURES_VERSION});
	try {
		return slimTracksOf(store, root);
	} finally {
		store.close();
	}
}
