/** A track as a playlist shows it. */
export type PlaylistTrack = {
	path: string;
	artist?: string;
	title?: string;
	durationSeconds: number;
	bpm: number;
	key: string;
	camelot: string;
};

export type Playlist = {
	/** Named from its traits, e.g. "Upbeat · Bright · 120–128 BPM". */
	name: string;
	/** Tracks in play order (ordered for smooth transitions). */
	tracks: PlaylistTrack[];
	durationSeconds: number;
	bpmRange: [number, number];
	/** The most common keys, most common first, e.g. ["A minor", "C major"]. */
	mainKeys: string[];
};

export type WriteResult = {
	dir: string;
	written: string[];
	/** Files left alone because someone edited them (or they are not ours), unless forced. */
	keptEdited: string[];
	/** Tracks left out, e.g. a path with a newline cannot be written in M3U. */
	problems: Array<{path: string; message: string}>;
};

/** What a front end (the TUI's `w` preview, the CLI) needs to preview and write playlists. */
export interface PlaylistService {
	/** Builds playlists from what the store holds now (also while analysis is still running). */
	preview(): Promise<Playlist[]>;
	write(playlists: Playlist[], options?: {force?: boolean}): Promise<WriteResult>;
}
