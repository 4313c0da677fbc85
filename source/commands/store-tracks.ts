/**
 * The store's analysed tracks as playlists, radio, similar and the preview read them: row by row into
 * the slim form (slim-track.ts), so a big library's full analyses never sit in memory at once.
 */
import path from 'node:path';
import {FEATURES_VERSION} from '../analysis/vector.js';
import {RECORDING_RULE, recordingSets, type RecordingSet} from '../playlists/similarity/recordings.js';
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

/**
 * searchTracksOf, and the copies of a recording among those tracks (recordings.ts): the sets the store
 * keeps for them when it has them (found over every track, they cost more than reading the tracks), else
 * found and kept for the next reader. The store drops them when any track changes.
 */
export function searchLibraryOf(store: LibraryStore, root: string | undefined): {tracks: SlimTrack[]; recordings: RecordingSet[]} {
	const {tracks, generation} = store.searchLibrary({root});
	const name = recordingsName(store, root);
	const kept = store.derived(name, generation);
	const known = kept && setsOf(kept, tracks);
	if (known) return {tracks, recordings: known};
	const recordings = recordingSets(tracks);
	// Each set as its tracks' places among `tracks` (the same for the same generation), each with its path to check it by.
	const place = new Map<SlimTrack, number>(tracks.map((track, index) => [track, index]));
	const members = recordings.map(set => [set.best, ...set.copies].flatMap(track => [place.get(track)!, track.path]));
	store.keepDerived(name, generation, Buffer.from(JSON.stringify(members)));
	return {tracks, recordings};
}

/** The name the copies of a recording among the tracks under `root` are kept under. */
function recordingsName(store: LibraryStore, root: string | undefined): string {
	return `recordings:${RECORDING_RULE}:${store.featuresVersion}:${root === undefined ? '' : path.resolve(root)}`;
}

/**
 * What `similar` and `path` read, made and kept in the store (opened for writing) where it is not kept
 * for its tracks yet: for the end of an analysis, so that the first of them after it does not make it
 * (some 2 s at 40,000 tracks). Nothing to do when no track changed since it was kept.
 */
export function keepSearchLibrary(store: LibraryStore, root: string | undefined): void {
	if (!store.derivedKept(recordingsName(store, root))) searchLibraryOf(store, root);
}

/** The sets kept (best first), as the tracks; undefined when one does not name the track at its place. */
function setsOf(kept: Uint8Array, tracks: readonly SlimTrack[]): RecordingSet[] | undefined {
	const sets: RecordingSet[] = [];
	for (const members of JSON.parse(Buffer.from(kept.buffer, kept.byteOffset, kept.length).toString()) as Array<Array<number | string>>) {
		const found: SlimTrack[] = [];
		for (let at = 0; at < members.length; at += 2) {
			const track = tracks[members[at] as number];
			if (!track || track.path !== members[at + 1]) return undefined;
			found.push(track);
		}
		if (found.length < 2) return undefined;
		const [best, ...copies] = found;
		sets.push({best: best!, copies});
	}
	return sets;
}

/** Opens the store at `file` for reading (this build's features version), reads from it with `read`, closes it. */
async function readStoreAt<T>(file: string, read: (store: LibraryStore) => T): Promise<T> {
	const store = await LibraryStore.open(file, {mode: 'read', command: 'playlists', featuresVersion: FEATURES_VERSION});
	try {
		return read(store);
	} finally {
		store.close();
	}
}

/** How many tracks readSlimTracks would read (those of this build's features version), read by SQL alone. */
export async function countSlimTracks(file: string, root: string | undefined): Promise<number> {
	return readStoreAt(file, store => store.summary({root}).current);
}

/** Opens the store at `file` for reading (this build's features version), reads its tracks, closes it. */
export async function readSlimTracks(file: string, root: string | undefined): Promise<SlimTrack[]> {
	return readStoreAt(file, store => slimTracksOf(store, root));
}
