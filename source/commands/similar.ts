/**
 * `playlistgen similar TRACK [--limit N] [--json]`: the tracks nearest TRACK by the distance playlists and
 * radio use (playlists/similarity/similarity.ts). `similar --all [--limit N] --json`: every track's neighbours as
 * NDJSON, one line a track: {"path": …, "neighbours": [{"path": …, "distance": …}, …]} (itself excluded),
 * written as they are found so that a big library streams.
 */
import {trackLabel, toPlaylistTrack} from '../playlists/library.js';
import {nearestIn, neighbourSearch} from '../playlists/similarity/nearest.js';
import type {RecordingSet} from '../playlists/similarity/recordings.js';
import type {LibraryStore} from '../store/library-store.js';
import type {SlimTrack} from '../store/types.js';
import {UsageError} from './args.js';
import type {RunContext} from './context.js';
import {libraryRoot, resolveSeed} from './playlists.js';
import {openStore} from './store.js';
import {searchLibraryOf} from './store-tracks.js';

export const DEFAULT_SIMILAR_LIMIT = 10;

function parseLimit(text: string | undefined): number {
	if (text === undefined) return DEFAULT_SIMILAR_LIMIT;
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1 || value > 10_000) throw new UsageError(`--limit must be a whole number from 1 to 10000, not "${text}"`);
	return value;
}

/** Distances are probabilities in [0, 1]: six decimals tell close neighbours apart. */
function rounded(distance: number): number {
	return Math.round(distance * 1e6) / 1e6;
}

/** Where `similar` reads the tracks, and the copies of a recording among them when they are known already. */
export type SimilarLoaders = {loadLibrary(): Promise<{tracks: SlimTrack[]; recordings?: RecordingSet[]}>};

/** Runs `similar` with the given loaders. Resolves with the exit status. */
export async function runSimilarCommand(context: RunContext, loaders: SimilarLoaders): Promise<number> {
	const {args, io, config} = context;
	const limit = parseLimit(args.run.limit);
	if (args.run.all && args.positionals.length > 0) throw new UsageError('similar takes either a TRACK or --all, not both');
	if (!args.run.all && args.positionals.length === 0) throw new UsageError('similar needs a TRACK (path or "Artist - Title"), or --all');
	if (args.positionals.length > 1) throw new UsageError(`Unexpected argument "${args.positionals[1]}" (one TRACK at a time)`);
	const {tracks, recordings} = await loaders.loadLibrary();
	if (tracks.length === 0) {
		io.stderr.write('playlistgen: no analysed tracks yet; run "playlistgen analyze DIR" first\n');
		return 1;
	}
	const search = neighbourSearch(tracks, {weights: config.playlists.weights, recordings});
	const {library, similarity, index} = search;
	for (const warning of library.warnings) io.stderr.write(`warning: ${warning}\n`);

	if (args.run.all) {
		// A whole-library pass builds the index once.
		similarity.prepareAll();
		for (let i = 0; i < library.tracks.length; i++) {
			const row = {
				path: library.tracks[i]!.path,
				neighbours: index.nearest(i, limit).map(({index: j, distance}) => ({path: library.tracks[j]!.path, distance: rounded(distance)})),
			};
			const line = JSON.stringify(row) + '\n';
			// Respect the pipe: wait for it to drain rather than buffer a whole library's lines.
			if (!io.stdout.write(line)) await new Promise(resolve => io.stdout.once('drain', resolve));
		}
		return 0;
	}

	// Any copy of a recording can be named; the text search looks among the copies kept.
	const seed = resolveSeed(library.tracks, args.positionals[0]!, io.cwd, tracks);
	const nearest = nearestIn(search, seed.path, limit);
	if (args.run.json) {
		const result = {path: seed.path, neighbours: nearest.map(({track, distance}) => ({path: track.path, distance: rounded(distance)}))};
		io.stdout.write(JSON.stringify(result, null, 2) + '\n');
		return 0;
	}
	const lines = [`Nearest to ${trackLabel(toPlaylistTrack(seed))} (${seed.path}):`];
	const width = String(nearest.length).length;
	nearest.forEach(({track, distance}, rank) => {
		lines.push(`  ${String(rank + 1).padStart(width)}. ${trackLabel(toPlaylistTrack(track))}  (distance ${rounded(distance).toFixed(4)})  ${track.path}`);
	});
	io.stdout.write(lines.join('\n') + '\n');
	return 0;
}

/**
 * Entry point from main: the library store's tracks (all of the store, or the configured `library`
 * folder), read in the form a neighbour search needs (store/search-rows.ts), not whole, with the copies
 * of a recording among them the store keeps (commands/store-tracks.ts).
 */
export async function runSimilar(context: RunContext): Promise<number> {
	let store: LibraryStore | undefined;
	try {
		return await runSimilarCommand(context, {
			async loadLibrary() {
				// The store's check runs while the tracks are read; its word comes before any answer. The store
				// stays open until the answer is given: what this reading made for the next one is kept then.
				store = await openStore(context, 'read', 'playlists', undefined, {checkWhileReading: true});
				const library = searchLibraryOf(store, libraryRoot(context));
				await store.sound();
				return library;
			},
		});
	} finally {
		store?.close();
	}
}
