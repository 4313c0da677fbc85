/**
 * PlaylistService for front ends (the TUI's `w` preview, the CLI): builds playlists from whatever the
 * store holds at the time of the call, and writes them with the configured format and folder.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import type {MemoryUpdate, PlaylistMemory} from '../store/playlist-memory.js';
import type {SlimTrack} from '../store/types.js';
import {buildPlaylists, type BuildOptions, type BuildResult} from './build.js';
import type {BuildMemory} from './grouping/continuity.js';
import {toPlaylistTrack} from './library.js';
import {nearestTracks} from './similarity/nearest.js';
import {vectorGroups} from './similarity/vector-groups.js';
import type {Neighbour, Playlist, PlaylistFormat, PlaylistPlayer, PlaylistService, PlaylistStrategy, Preview, WriteResult} from './types.js';
import {writePlaylists} from './output/writer.js';
import type {FeatureWeights} from '../library/playlist-options.js';

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
	weights: Readonly<FeatureWeights>;
	/** At most this many tracks of one album in a playlist (clusters, bands). */
	maxPerAlbum?: number;
};

export type TrackLoader = () => Promise<SlimTrack[]>;
export type FailureLoader = () => Promise<Array<{path: string; error: string}>>;

/** The playlists a store remembers between runs (store/playlist-memory.ts), for one scope. */
export type MemoryPort = {
	load(): Promise<PlaylistMemory>;
	save(update: MemoryUpdate): Promise<void>;
};

/** The settings that shape a clusters build: a remembered set grouped with others is grouped afresh. */
export function groupingSettings(settings: PlaylistSettings): Record<string, unknown> {
	return {
		strategy: settings.strategy,
		k: settings.k ?? null,
		targetLength: settings.targetLength ?? null,
		weights: settings.weights,
		...(settings.maxPerAlbum ? {maxPerAlbum: settings.maxPerAlbum} : {}),
	};
}

/** What a clusters build is given of the remembered set (none for the other strategies, which start afresh). */
export function buildMemoryFor(memory: PlaylistMemory | undefined, settings: PlaylistSettings, regroup = false): BuildMemory | undefined {
	if (!memory || settings.strategy !== 'clusters') return undefined;
	const changed = memory.settings !== undefined && JSON.stringify(memory.settings) !== JSON.stringify(groupingSettings(settings));
	return {
		playlists: memory.playlists.map(({id, name, members, loose}) => ({id, name, members, loose})),
		settingsChanged: changed,
		groupedTracks: memory.groupedTracks,
		regroup,
	};
}

export type PlaylistServiceOptions = {
	loadTracks: TrackLoader;
	/** Tracks that failed analysis, for failed-tracks.txt; without it that file is left as it is. */
	loadFailures?: FailureLoader;
	settings: PlaylistSettings;
	/** radio: seed track paths. */
	seeds?: readonly string[];
	/** Weight group of each vector index; default: the analysis' layout when known. */
	groups?: readonly string[];
	/** The playlists the store remembers: grown by a clusters build, and remembered again once written. */
	memory?: MemoryPort;
	/** Group the whole library afresh, whatever the memory holds (`--regroup`). */
	regroup?: boolean;
};

/** What buildPlaylists is given for these settings (plain data: it also crosses to the preview's process). */
export function buildOptionsFor(
	settings: PlaylistSettings,
	seeds: readonly string[] | undefined,
	groups: readonly string[],
	memory?: BuildMemory,
): BuildOptions {
	return {
		memory,
		maxPerAlbum: settings.maxPerAlbum,
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
	options: {settings: PlaylistSettings; loadFailures?: FailureLoader; build?: BuildResult; force?: boolean; memory?: MemoryPort},
): Promise<WriteResult> {
	const {settings, loadFailures, build, memory} = options;
	const failures = loadFailures ? await loadFailures() : undefined;
	const dir = nodePath.resolve(settings.outputDir);
	const remembered = memory && build?.continuity ? await memory.load() : undefined;
	const missing = remembered ? missingFiles(remembered, dir, settings.format) : new Set<string>();
	const result = await writePlaylists(playlists, {
		dir: settings.outputDir,
		format: settings.format,
		absolutePaths: settings.absolutePaths,
		player: settings.player,
		force: options.force,
		failures,
	});
	if (build) result.problems.unshift(...build.problems);
	if (memory && remembered && build?.continuity) {
		result.changes = build.continuity.changes;
		result.notes = [...(result.notes ?? []), ...(await rememberWritten(memory, remembered, playlists, result, build, settings, missing))];
	}
	return result;
}

/** The files this folder held of remembered playlists in this format that are gone now (deleted by hand). */
function missingFiles(remembered: PlaylistMemory, dir: string, format: string): Set<string> {
	const missing = new Set<string>();
	for (const playlist of remembered.playlists) {
		for (const file of playlist.files) if (file.dir === dir && file.format === format && !fs.existsSync(nodePath.join(dir, file.file))) missing.add(file.file);
	}
	return missing;
}

/** Remembers the set just written (its groups, their files here), and says what a person should know of it. */
async function rememberWritten(
	memory: MemoryPort,
	remembered: PlaylistMemory,
	playlists: readonly Playlist[],
	written: WriteResult,
	build: BuildResult,
	settings: PlaylistSettings,
	missing: ReadonlySet<string>,
): Promise<string[]> {
	const notes: string[] = [];
	const dir = written.dir;
	const fileOf = new Map(playlists.map((playlist, index) => [playlist.name, written.playlistFiles?.[index]]));
	const update: MemoryUpdate = {settings: groupingSettings(settings), dir, playlists: []};
	if (build.continuity!.changes.mode !== 'grown')
		update.grouped = {atMs: Date.now(), tracks: build.continuity!.groups.reduce((sum, group) => sum + group.members.length, 0)};
	for (const group of build.continuity!.groups) {
		const files = group.playlists
			.map(name => fileOf.get(name))
			.filter((file): file is string => file !== undefined)
			.map(file => ({dir, file: nodePath.basename(file), format: settings.format}));
		for (const {file} of files) if (missing.has(file)) notes.push(`${file} was missing (deleted since the last run?) and is written again`);
		update.playlists.push({id: group.id, name: group.name, members: group.members, loose: group.loose, files});
	}
	const elsewhere = [...new Set(remembered.playlists.flatMap(playlist => playlist.files.map(file => file.dir)))].filter(other => other !== dir);
	const hereBefore = remembered.playlists.some(playlist => playlist.files.some(file => file.dir === dir));
	if (!hereBefore && elsewhere.length > 0) {
		notes.push(`first playlists written to ${dir}; those written before to ${elsewhere.join(', ')} are left as they are there (same names)`);
	}
	await memory.save(update);
	return notes;
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
		return {playlists: (await this.#buildFrom(tracks)).playlists, trackCount: tracks.length};
	}

	async neighbours(path: string, limit: number): Promise<Neighbour[]> {
		const tracks = await this.options.loadTracks();
		const nearest = nearestTracks(tracks, path, limit, {weights: this.options.settings.weights, groups: this.options.groups});
		return nearest.map(({track, distance}) => ({track: toPlaylistTrack(track), distance}));
	}

	async write(playlists: Playlist[], options: {force?: boolean} = {}): Promise<WriteResult> {
		const {settings, loadFailures, memory} = this.options;
		return writeBuiltPlaylists(playlists, {settings, loadFailures, build: this.lastBuild, force: options.force, memory});
	}

	async #buildFrom(tracks: readonly SlimTrack[]): Promise<BuildResult> {
		const {settings, seeds, groups, memory, regroup} = this.options;
		const remembered = memory ? buildMemoryFor(await memory.load(), settings, regroup) : undefined;
		this.lastBuild = buildPlaylists(tracks, buildOptionsFor(settings, seeds, groups ?? vectorGroups(), remembered));
		return this.lastBuild;
	}
}

export function createPlaylistService(options: PlaylistServiceOptions): LibraryPlaylistService {
	return new LibraryPlaylistService(options);
}
