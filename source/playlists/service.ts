/**
 * PlaylistService for front ends (the TUI's `w` preview, the CLI): builds playlists from whatever the
 * store holds at the time of the call, and writes them with the configured format and folder.
 */
import type {StoredTrack} from '../store/types.js';
import {buildPlaylists, type BuildOptions, type BuildResult} from './build.js';
import {toPlaylistTrack} from './library.js';
import {nearestTracks} from './nearest.js';
import {vectorGroups} from './vector-groups.js';
import type {Neighbour, Playlist, PlaylistFormat, PlaylistPlayer, PlaylistService, PlaylistStrategy, Preview, WriteResult} from './types.js';
import {writePlaylists} from './writer.js';

/** The `playlists` configuration group plus the output folder (a subset of the resolved Config). */
export type PlaylistSettings = {
	outputDir: string;
	strategy: PlaylistStrategy;
	k: number | undefined;
	targetLength?: number;
	length: number;
	maxLength: number;
	format: PlaylistFormat;
	/** Default any. */
	player?: PlaylistPlayer;
	absolutePaths: boolean;
	weights: Readonly<Record<string, number>>;
};

export type TrackLoader = () => Promise<StoredTrack[]>;
export type FailureLoader = () => Promise<Array<{path: string; error: string}>>;

export type PlaylistServiceOptions = {
	loadTracks: TrackLoader;
	/** Tracks that failed analysis, for failed-tracks.txt; without it that file is left as it is. */
	loadFailures?: FailureLoader;
	settings: PlaylistSettings;
	/** radio: seed track paths. */
	seeds?: readonly string[];
	/** Weight group of each vector index; default: the analysis' layout when known. */
	groups?: readonly string[];
};

/** What buildPlaylists is given for these settings (plain data: it also crosses to the preview's worker thread). */
export function buildOptionsFor(settings: PlaylistSettings, seeds: readonly string[] | undefined, groups: readonly string[]): BuildOptions {
	return {
		strategy: settings.strategy,
		k: settings.k,
		targetLength: settings.targetLength,
		length: settings.length,
		maxLength: settings.maxLength,
		weights: settings.weights,
		groups,
		seeds,
	};
}

/**
 * Writes playlists with the configured format and folder, with failed-tracks.txt when failures can be
 * loaded; the tracks the build that made them left out are reported as problems of the write too.
 */
export async function writeBuiltPlaylists(
	playlists: Playlist[],
	options: {settings: PlaylistSettings; loadFailures?: FailureLoader; build?: BuildResult; force?: boolean},
): Promise<WriteResult> {
	const {settings, loadFailures} = options;
	const failures = loadFailures ? await loadFailures() : undefined;
	const result = await writePlaylists(playlists, {
		dir: settings.outputDir,
		format: settings.format,
		absolutePaths: settings.absolutePaths,
		player: settings.player,
		force: options.force,
		failures,
	});
	if (options.build) result.problems.unshift(...options.build.problems);
	return result;
}

export class LibraryPlaylistService implements PlaylistService {
	/** The last build: its problems (tracks left out) and, for clusters, the k used. */
	lastBuild: BuildResult | undefined;

	constructor(private readonly options: PlaylistServiceOptions) {}

	async build(): Promise<BuildResult> {
		return this.#buildFrom(await this.options.loadTracks());
	}

	async preview(): Promise<Preview> {
		const tracks = await this.options.loadTracks();
		return {playlists: this.#buildFrom(tracks).playlists, trackCount: tracks.length};
	}

	async neighbours(path: string, limit: number): Promise<Neighbour[]> {
		const tracks = await this.options.loadTracks();
		const nearest = nearestTracks(tracks, path, limit, {weights: this.options.settings.weights, groups: this.options.groups});
		return nearest.map(({track, distance}) => ({track: toPlaylistTrack(track), distance}));
	}

	async write(playlists: Playlist[], options: {force?: boolean} = {}): Promise<WriteResult> {
		const {settings, loadFailures} = this.options;
		return writeBuiltPlaylists(playlists, {settings, loadFailures, build: this.lastBuild, force: options.force});
	}

	#buildFrom(tracks: readonly StoredTrack[]): BuildResult {
		this.lastBuild = buildPlaylists(tracks, buildOptionsFor(this.options.settings, this.options.seeds, this.options.groups ?? vectorGroups()));
		return this.lastBuild;
	}
}

export function createPlaylistService(options: PlaylistServiceOptions): LibraryPlaylistService {
	return new LibraryPlaylistService(options);
}
