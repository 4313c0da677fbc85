/**
 * Messages between the background playlist service (background-service.ts, main thread) and the
 * preview's child process (preview-server.ts). Plain data only: everything here is copied between them.
 *
 * A build's playlists come over in parts the main thread asks for one at a time: copied in one message,
 * the playlists of 40,000 tracks took the receiving thread a third of a second in one go.
 */
import type {BuildOptions, BuildResult} from '../build.js';
import type {Neighbour, Playlist} from '../types.js';
import type {FeatureWeights} from '../../library/playlist-options.js';

export type PreviewRequest =
	| {type: 'build'; id: number; options: BuildOptions}
	/** How many tracks a build would load (what the room in the memory budget is asked for), without loading them. */
	| {type: 'count'; id: number}
	/** The playlists of build `build` from index `from` on, as many as one part holds. */
	| {type: 'part'; id: number; build: number; from: number}
	| {type: 'neighbours'; id: number; path: string; limit: number; weights: Readonly<FeatureWeights>; groups: readonly string[]}
	/** A path from the track at `from` to the one at `to` over the neighbours' library. */
	| {type: 'path'; id: number; from: string; to: string; length: number; weights: Readonly<FeatureWeights>; groups: readonly string[]};

export type PreviewReply =
	/** The build's result without its playlists, and how many playlists it made. */
	| {type: 'built'; id: number; result: Omit<BuildResult, 'playlists'>; playlists: number; trackCount: number}
	| {type: 'part'; id: number; playlists: Playlist[]}
	| {type: 'count'; id: number; tracks: number}
	| {type: 'neighbours'; id: number; neighbours: Neighbour[]}
	| {type: 'path'; id: number; playlist: Playlist}
	| {type: 'failed'; id: number; message: string};

/** About how many tracks one part of a build's playlists holds (at least one playlist). */
export const PART_TRACKS = 1000;
