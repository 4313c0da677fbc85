import type {PlaylistStrategy} from '../library/playlist-options.js';
import type {CueRef} from '../library/track.js';
import type {PlaylistChanges} from './grouping/continuity.js';

/** A track as a playlist shows it. */
export type PlaylistTrack = {
	path: string;
	artist?: string;
	title?: string;
	album?: string;
	durationSeconds: number;
	bpm: number;
	key: string;
	camelot: string;
	loudnessDb?: number;
	/** A CUE track of an album image: `path` is its key, the file to play is `cue.image`. */
	cue?: CueRef;
};

export {PLAYLIST_FORMATS, PLAYLIST_PLAYERS, PLAYLIST_STRATEGIES} from '../library/playlist-options.js';
export type {PlaylistFormat, PlaylistPlayer, PlaylistStrategy} from '../library/playlist-options.js';

/** The set a playlist belongs to: a strategy's, or a path from one track to another (`playlistgen path`). */
export type PlaylistSet = PlaylistStrategy | 'path';

export type Playlist = {
	/** Named from what sets it apart from the library, e.g. "Faster · Bright · 120–128 BPM" (naming.ts). */
	name: string;
	/** Tracks in play order (ordered for smooth transitions). */
	tracks: PlaylistTrack[];
	durationSeconds: number;
	/** Tempo range of most of its tracks (10th to 90th percentile from ten tracks on, else all), rounded; the name's range is the same. */
	bpmRange: [number, number];
	/** The most common keys, most common first, e.g. ["A minor", "C major"]. */
	mainKeys: string[];
	/**
	 * Which strategy (or `path`) made it. Writing replaces the stale playlists of the same set only, so a radio
	 * playlist never removes the clusters (default when absent: "clusters").
	 */
	strategy?: PlaylistSet;
};

export type WriteResult = {
	dir: string;
	/** Files written (created or replaced) by this run. */
	written: string[];
	/** Files left alone because someone edited them (or they are not ours), unless forced. */
	keptEdited: string[];
	/** Tracks left out, e.g. a path with a newline cannot be written in M3U. */
	problems: Array<{path: string; message: string}>;
	/** Files that already held exactly this content (not rewritten). */
	unchanged?: string[];
	/** Playlists written by an earlier run, unchanged since, and no longer part of the set: removed. */
	removed?: string[];
	/** What changed since the playlists were last written (clusters with a store that remembers them). */
	changes?: PlaylistChanges;
	/** What a person should know of this write, in a sentence each (a file deleted by hand written again, a new folder). */
	notes?: string[];
	/** Playlists not written because every track of theirs was left out (see problems): their file names. */
	empty?: string[];
	/** The file each playlist (by its place in the list written) is in now, written, unchanged or kept as edited; undefined for one not written. */
	playlistFiles?: Array<string | undefined>;
};

/** A track near another, and how near by the distance `similar` uses (smaller is nearer). */
export type Neighbour = {track: PlaylistTrack; distance: number};

/** A preview: the playlists, and how many analysed tracks the build read from the store. */
export type Preview = {
	playlists: Playlist[];
	trackCount: number;
	/** The analysis is held while the preview is open: the budget has no room for both. */
	held?: boolean;
};

/** What a front end (the TUI's `w` preview, the CLI) needs to preview and write playlists. */
export interface PlaylistService {
	/** Builds playlists from what the store holds now (also while analysis is still running). */
	preview(): Promise<Preview>;
	write(playlists: Playlist[], options?: {force?: boolean}): Promise<WriteResult>;
	/**
	 * The `limit` tracks of the library nearest the track at `path` by the distance `similar` uses,
	 * nearest first, itself excluded. Optional: a front end without it does not offer neighbours.
	 */
	neighbours?(path: string, limit: number): Promise<Neighbour[]>;
	/**
	 * A path of `length` tracks from the track at `from` to the one at `to` (`playlistgen path`), over the
	 * library the neighbours come from. Optional: a front end without it does not offer paths.
	 */
	path?(from: string, to: string, length: number): Promise<Playlist>;
	/** The front end is done with the preview: free what the service holds for it (a later call starts again). */
	close?(): void;
}
