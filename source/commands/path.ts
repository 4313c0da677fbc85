/**
 * `playlistgen path FROM TO [--length N] [--via TRACK]… [--dry-run] [--json]`: a playlist that travels
 * from FROM to TO, through each --via in order (playlists/order/song-path.ts), written like a radio playlist:
 * the same formats, output folder and --dry-run listing, `--dry-run --json` in radio's shape with
 * "strategy": "path". A written path replaces the path written before in that folder, as a radio does.
 */
import path from 'node:path';
import type {BuildResult} from '../playlists/build.js';
import {toPlaylistTrack, trackLabel, type Library} from '../playlists/library.js';
import {recordingSets} from '../playlists/similarity/recordings.js';
import {writeBuiltPlaylists, type PlaylistSettings} from '../playlists/service.js';
import {librarySimilarity} from '../playlists/similarity/similarity.js';
import {DEFAULT_PATH_LENGTH, libraryRoute, pathPlaylist, SameRecordingError} from '../playlists/order/song-path.js';
import {vectorGroups} from '../playlists/similarity/vector-groups.js';
import {slimTrack} from '../playlists/slim-track.js';
import type {LibraryStore} from '../store/library-store.js';
import type {SlimTrack} from '../store/types.js';
import {UsageError} from './args.js';
import type {RunContext} from './context.js';
import {formatPreview, formatWriteResult, libraryRoot, resolveSeed, storeLoaders, type PlaylistLoaders} from './playlists.js';
import {openStore} from './store.js';
import {searchTracksOf} from './store-tracks.js';

/** --length when given on the command line, else the default (the `playlists.length` setting is the radio's); checked before the store is read. */
function pathLength(context: RunContext): number {
	const source = context.resolved.sources['playlists.length'];
	const length = source?.startsWith('flag:') ? context.config.playlists.length : DEFAULT_PATH_LENGTH;
	if (length < 2) throw new UsageError(`--length ${length}: a path holds at least 2 tracks, FROM and TO`);
	return length;
}

/** Tracks a text may name and still be checked for copies of one recording. */
const MAX_COPIES_CHECKED = 100;

function label(track: SlimTrack): string {
	return trackLabel(toPlaylistTrack(track));
}

/**
 * The library track a user means by TRACK (as radio reads it: a path, or text of "Artist - Title"). Text
 * that names several copies of one recording (recordings.ts) means the copy kept; a path may name any copy.
 */
function findTrack(library: Library, tracks: readonly SlimTrack[], text: string, cwd: string): number {
	const needle = text.toLowerCase();
	const named = library.tracks.filter(track => track.path.toLowerCase().includes(needle) || label(track).toLowerCase().includes(needle));
	// Text that names many tracks is ambiguous whatever their copies: only a few are looked at for copies.
	const copies = new Set(named.length <= MAX_COPIES_CHECKED ? recordingSets(named).flatMap(set => set.copies) : []);
	const kept = copies.size > 0 ? library.tracks.filter(track => !copies.has(track)) : library.tracks;
	const track = resolveSeed(kept, text, cwd, tracks);
	const index = library.tracks.indexOf(track);
	if (index >= 0) return index;
	const problem = library.problems.find(entry => entry.path === track.path);
	throw new UsageError(`${track.path} cannot be part of a path: ${problem?.message ?? 'it is not among the analysed tracks'}`);
}

/**
 * Where `path` reads the tracks; with `loadWhole`, the tracks are in the search form (no album, loudness or
 * key names) and the path's own tracks are read whole for the playlist.
 */
export type PathLoaders = PlaylistLoaders & {loadWhole?: (paths: string[]) => Promise<SlimTrack[]>};

/** The library view with the tracks at `indices` in their whole form, for the playlist made of them. */
async function withWholeTracks(library: Library, indices: readonly number[], loaders: PathLoaders): Promise<Library> {
	if (!loaders.loadWhole) return library;
	const wanted = [...new Set(indices)];
	const whole = await loaders.loadWhole(wanted.map(index => library.tracks[index]!.path));
	const tracks = [...library.tracks];
	wanted.forEach((index, at) => (tracks[index] = whole[at]!));
	return {...library, tracks};
}

/** Runs `path` with the given loaders. Resolves with the exit status. */
export async function runPathCommand(context: RunContext, loaders: PathLoaders): Promise<number> {
	const {args, io, config} = context;
	if (args.positionals.length < 2) throw new UsageError('path needs FROM and TO, e.g. playlistgen path "Artist - Title" "Other Artist - Title"');
	if (args.positionals.length > 2) throw new UsageError(`Unexpected argument "${args.positionals[2]}" (tracks on the way are given with --via TRACK)`);
	const length = pathLength(context);
	const texts = [args.positionals[0]!, ...args.run.via, args.positionals[1]!];
	const tracks = await loaders.loadTracks();
	if (tracks.length === 0) {
		io.stderr.write('playlistgen: no analysed tracks yet; run "playlistgen analyze DIR" first\n');
		return 1;
	}
	const {library, similarity} = librarySimilarity(tracks, {groups: vectorGroups(), weights: config.playlists.weights});
	for (const warning of library.warnings) io.stderr.write(`warning: ${warning}\n`);
	const waypoints = texts.map(text => findTrack(library, tracks, text, io.cwd));
	const role = (at: number) => (at === 0 ? 'FROM' : at === texts.length - 1 ? 'TO' : `--via "${texts[at]}"`);
	for (let at = 1; at < waypoints.length; at++) {
		const before = waypoints.indexOf(waypoints[at]!);
		if (before < at)
			throw new UsageError(
				`${role(before)} and ${role(at)} are the same track (${library.tracks[waypoints[at]!]!.path}): a path goes from one track to another`,
			);
	}
	const n = library.tracks.length;
	if (length > n) throw new UsageError(`--length ${length} is more than the library's ${n} tracks${n >= 2 ? `: give --length ${n} or less` : ''}`);
	if (length < waypoints.length)
		throw new UsageError(`a path through ${waypoints.length} tracks (FROM, TO and each --via) needs --length ${waypoints.length} or more`);

	let route: ReturnType<typeof libraryRoute>;
	try {
		route = libraryRoute(library, similarity, waypoints, length);
	} catch (error) {
		if (!(error instanceof SameRecordingError)) throw error;
		const [first, second] = [library.tracks[error.first]!.path, library.tracks[error.second]!.path];
		throw new UsageError(`${first} and ${second} are one recording (the same audio in two files): a path goes from one track to another`);
	}
	if (route.order.length < length) {
		throw new UsageError(
			`only ${route.order.length} tracks can make this path (the others are copies of a recording or the same song as a track in it): give --length ${route.order.length} or less`,
		);
	}
	const playlist = pathPlaylist(await withWholeTracks(library, [...route.order, ...route.waypoints], loaders), route);
	const recordings = route.recordings.map(set => ({best: set.best.path, copies: set.copies.map(copy => copy.path)}));
	const build: BuildResult = {playlists: [playlist], problems: [...library.problems], warnings: [], recordings};

	if (args.run.dryRun) {
		if (args.run.json) {
			io.stdout.write(JSON.stringify({strategy: 'path', playlists: build.playlists, problems: build.problems, recordings}, null, 2) + '\n');
		} else {
			io.stdout.write(formatPreview(build.playlists));
			if (build.problems.length > 0) {
				io.stdout.write(`Left out ${build.problems.length} track${build.problems.length === 1 ? '' : 's'}:\n`);
				for (const problem of build.problems) io.stdout.write(`  ${JSON.stringify(problem.path)}: ${problem.message}\n`);
			}
			io.stdout.write('Nothing written (--dry-run).\n');
		}
		return 0;
	}
	const settings: PlaylistSettings = {...config.playlists, outputDir: path.resolve(io.cwd, config.outputDir)};
	const result = await writeBuiltPlaylists(build.playlists, {settings, loadFailures: loaders.loadFailures, build, force: args.run.force});
	if (args.run.json) io.stdout.write(JSON.stringify({...result, playlists: [playlist.name]}, null, 2) + '\n');
	else io.stdout.write(formatWriteResult(result, settings.format));
	return 0;
}

/**
 * Entry point from main: the library store's tracks in the search form (store/search-snapshot.ts, as
 * `similar` reads them), and the path's tracks read whole from the store, opened once for both.
 */
export async function runPath(context: RunContext): Promise<number> {
	const root = libraryRoot(context);
	let store: LibraryStore | undefined;
	// The store's check runs while the tracks are read; its word comes before the path is made.
	const open = async () => (store ??= await openStore(context, 'read', 'playlists', undefined, {checkWhileReading: true}));
	try {
		return await runPathCommand(context, {
			...storeLoaders(context),
			async loadTracks() {
				const opened = await open();
				const tracks = searchTracksOf(opened, root);
				await opened.sound();
				return tracks;
			},
			async loadWhole(paths) {
				const opened = await open();
				return paths.map(file => {
					const track = opened.track(file);
					if (!track) throw new Error(`${file} left the store while the path was made`);
					return slimTrack(track);
				});
			},
		});
	} finally {
		store?.close();
	}
}
