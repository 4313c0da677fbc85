/**
 * The playlists preview's side of its child process: builds playlists and finds a track's neighbours
 * from the tracks a loader gives, one request at a time, and answers on the port.
 *
 * The tracks of the last build stay loaded for the neighbour queries that follow it (the preview shows
 * them with the playlist each is in, so they come from the same library), and so does the neighbour
 * search over them; a new build drops both before it loads the store again, so the child never holds
 * two copies of the library. Its parent ends it when the preview closes.
 */
import {forceGc} from '../../memory/gc.js';
import {buildPlaylists} from '../build.js';
import {toPlaylistTrack} from '../library.js';
import {nearestIn, neighbourSearch, type NeighbourSearch} from '../similarity/nearest.js';
import {libraryRoute, pathPlaylist, SameRecordingError} from '../order/song-path.js';
import {PART_TRACKS, type PreviewReply, type PreviewRequest} from './preview-protocol.js';
import type {TrackLoader} from '../service.js';
import type {Playlist} from '../types.js';
import type {SlimTrack} from '../../store/types.js';
import {errorMessage} from '../../util/error-message.js';

/** The side of the channel to the parent (a child process's, util/module-process.ts) the server uses. */
export type PreviewPort = {
	on(event: 'message', listener: (request: PreviewRequest) => void): unknown;
	postMessage(reply: PreviewReply): void;
};

/** The playlists from `from` on until they hold PART_TRACKS tracks, at least one. */
export function playlistsPart(playlists: readonly Playlist[], from: number): Playlist[] {
	const part: Playlist[] = [];
	let tracks = 0;
	for (let i = from; i < playlists.length && (part.length === 0 || tracks + playlists[i]!.tracks.length <= PART_TRACKS); i++) {
		part.push(playlists[i]!);
		tracks += playlists[i]!.tracks.length;
	}
	return part;
}

/** A path over the neighbours' library (one copy of each recording) between the tracks at two paths. */
function pathOver(search: NeighbourSearch, from: string, to: string, length: number): Playlist {
	const {library, similarity, bestCopy} = search;
	const indexOf = (path: string) => {
		const index = library.tracks.findIndex(track => track.path === (bestCopy.get(path) ?? path));
		if (index < 0) throw new Error(`${path} is not among the analysed tracks`);
		return index;
	};
	const [start, end] = [indexOf(from), indexOf(to)];
	if (start === end) throw new Error('the start and the destination are one track');
	try {
		return pathPlaylist(library, libraryRoute(library, similarity, [start, end], Math.min(length, library.tracks.length)));
	} catch (error) {
		if (error instanceof SameRecordingError) throw new Error('the start and the destination are one recording');
		throw error;
	}
}

/** `countTracks`: how many tracks `loadTracks` would give, without loading them (by default it loads them). */
export function servePreviews(port: PreviewPort, loadTracks: TrackLoader, countTracks?: () => Promise<number>): void {
	let tracks: SlimTrack[] | undefined;
	let search: {key: string; search: NeighbourSearch} | undefined;
	const libraryTracks = async () => (tracks ??= await loadTracks());

	// The last build's playlists, until the main thread has taken all of them.
	let built: {id: number; playlists: Playlist[]} | undefined;

	const answer = async (request: PreviewRequest): Promise<PreviewReply> => {
		if (request.type === 'build') {
			// Forget the last library before loading the next: one copy at a time.
			tracks = undefined;
			search = undefined;
			built = undefined;
			const library = await libraryTracks();
			const {playlists, ...result} = buildPlaylists(library, request.options);
			built = {id: request.id, playlists};
			return {type: 'built', id: request.id, result, playlists: playlists.length, trackCount: library.length};
		}
		if (request.type === 'count')
			return {type: 'count', id: request.id, tracks: tracks?.length ?? (countTracks ? await countTracks() : (await libraryTracks()).length)};
		if (request.type === 'part') {
			if (built?.id !== request.build) throw new Error('the build was replaced by a newer one');
			const part = playlistsPart(built.playlists, request.from);
			if (request.from + part.length >= built.playlists.length) built = undefined;
			return {type: 'part', id: request.id, playlists: part};
		}
		const {weights, groups} = request;
		const key = JSON.stringify({weights, groups});
		if (search?.key !== key) search = {key, search: neighbourSearch(await libraryTracks(), {weights, groups})};
		if (request.type === 'path') return {type: 'path', id: request.id, playlist: pathOver(search.search, request.from, request.to, request.length)};
		const nearest = nearestIn(search.search, request.path, request.limit);
		return {type: 'neighbours', id: request.id, neighbours: nearest.map(({track, distance}) => ({track: toPlaylistTrack(track), distance}))};
	};

	// One request at a time, in order: they share the loaded tracks.
	let queue: Promise<void> = Promise.resolve();
	port.on('message', request => {
		queue = queue.then(async () => {
			let reply: PreviewReply;
			try {
				reply = await answer(request);
			} catch (error) {
				reply = {type: 'failed', id: request.id, message: errorMessage(error)};
			}
			port.postMessage(reply);
			// What the build or query made and dropped goes back now, not at the next collection of an
			// idle thread (which may be a long time away while the user reads the preview); not between
			// the parts of a build, which follow each other at once.
			if (request.type !== 'part' || !built) forceGc();
		});
	});
}
