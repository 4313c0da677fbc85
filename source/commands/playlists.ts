/**
 * `playlistgen playlists [--out DIR] [--strategy clusters|bands|radio] [--seed TRACK]… [--length N]
 *  [--format m3u8|m3u|xspf|json] [--dry-run] [--json] [--force]` and `playlistgen radio TRACK [--length N]`.
 *
 * Reads the analysed tracks through a loader (the library store), builds playlists, and either prints
 * them (--dry-run; --json for JSON) or writes them to the output folder.
 */
import path from 'node:path';
import {formatDuration as formatClock} from '../util/units.js';
import type {BuildResult} from '../playlists/build.js';
import {trackLabel} from '../playlists/library.js';
import {onePerRecording} from '../playlists/similarity/recordings.js';
import {vectorGroups} from '../playlists/similarity/vector-groups.js';
import {formatChanges} from '../playlists/grouping/continuity.js';
import {createPlaylistService, type FailureLoader, type MemoryPort, type PlaylistSettings, type TrackLoader} from '../playlists/service.js';
import {BackgroundPlaylistService} from '../playlists/preview/background-service.js';
import type {MemoryRoomPort} from '../playlists/preview/preview-memory.js';
import type {Playlist, WriteResult} from '../playlists/types.js';
import type {SlimTrack} from '../store/types.js';
import {UsageError} from './args.js';
import type {RunContext} from './context.js';
import {moduleWorkerUrl} from '../util/module-worker.js';
import type {PreviewWorkerData} from './preview-worker.js';
import {openStore, storePath} from './store.js';
import {slimTracksOf} from './store-tracks.js';

export type PlaylistLoaders = {loadTracks: TrackLoader; loadFailures?: FailureLoader; memory?: MemoryPort};

/** The configured `library` folder when one is set explicitly (config file or environment), else all of the store. */
export function libraryRoot(context: RunContext): string | undefined {
	const source = context.resolved.sources['library'];
	return source && source !== 'default' ? context.config.library : undefined;
}

/**
 * Loaders backed by the library store (--db / `db`): the tracks analysed with this build's features
 * version, and the files that failed. All of the store, or only the configured `library` folder when
 * one is set explicitly (config file or environment).
 */
export function storeLoaders(context: RunContext): PlaylistLoaders {
	const root = libraryRoot(context);
	return {
		async loadTracks() {
			const store = await openStore(context, 'read', 'playlists');
			try {
				return slimTracksOf(store, root);
			} finally {
				store.close();
			}
		},
		async loadFailures() {
			const store = await openStore(context, 'read', 'playlists');
			try {
				return store.failures({root}).map(failure => ({path: failure.path, error: failure.error}));
			} finally {
				store.close();
			}
		},
		memory: storeMemory(context),
	};
}

/** The playlists the store remembers for this library (all of the store, or the configured folder). */
function storeMemory(context: RunContext): MemoryPort {
	const root = libraryRoot(context);
	let scope: string | undefined;
	const withStore = async <T>(read: (store: Awaited<ReturnType<typeof openStore>>, scope: string) => T): Promise<T> => {
		const store = await openStore(context, 'read', 'playlists');
		try {
			// A folder that holds every track of the store is the whole store: the live view started on
			// ~/Music and a cron `playlists` run on the same store share one remembered set. Settled once:
			// the set a run read is the one it writes back.
			scope ??= root === undefined || store.summary({root}).tracks === store.summary().tracks ? '' : root;
			return read(store, scope);
		} finally {
			store.close();
		}
	};
	return {
		load: async () => withStore((store, scope) => store.playlistMemory(scope)),
		save: async update => withStore((store, scope) => store.rememberPlaylists(scope, update)),
	};
}

/**
 * The PlaylistService the live view's `w` preview uses for a resolved configuration: the store's tracks
 * and failures, the configured strategy, folder and format, this build's vector layout. It builds in a
 * child process (preview-worker.ts) that reads the store itself, so the view and the analysis keep
 * running meanwhile; close() ends that process, and its memory goes with it.
 */
export function playlistServiceFor(context: RunContext, room?: MemoryRoomPort): BackgroundPlaylistService {
	const {config, io} = context;
	const root = libraryRoot(context);
	const serverData: PreviewWorkerData = {store: storePath(context), root};
	return new BackgroundPlaylistService({
		serverUrl: moduleWorkerUrl('commands/preview-worker', import.meta.url),
		serverData,
		loadFailures: storeLoaders(context).loadFailures,
		memory: storeMemory(context),
		settings: {...config.playlists, outputDir: path.resolve(io.cwd, config.outputDir)},
		seeds: context.args.run.seeds,
		groups: vectorGroups(),
		room,
	});
}

/** "m:ss", or "h:mm:ss" from an hour; an unknown or negative duration reads 0:00 in listings. */
export function formatDuration(seconds: number): string {
	return formatClock(Number.isFinite(seconds) ? Math.max(0, seconds) : 0);
}

function bpmRangeText(playlist: Playlist): string {
	const [low, high] = playlist.bpmRange;
	if (low === 0 && high === 0) return 'tempo unknown';
	return low === high ? `${low} BPM` : `${low}–${high} BPM`;
}

/** The dry-run listing: each playlist with its figures, then its tracks in play order. */
export function formatPreview(playlists: readonly Playlist[], build?: Pick<BuildResult, 'clustering'>): string {
	const lines: string[] = [];
	for (const playlist of playlists) {
		const keys = playlist.mainKeys.length > 0 ? `, keys ${playlist.mainKeys.join(', ')}` : '';
		const count = `${playlist.tracks.length} track${playlist.tracks.length === 1 ? '' : 's'}`;
		lines.push(`${playlist.name}`, `  ${count}, ${formatDuration(playlist.durationSeconds)}, ${bpmRangeText(playlist)}${keys}`);
		const width = String(playlist.tracks.length).length;
		playlist.tracks.forEach((track, index) => {
			const bpm = Number.isFinite(track.bpm) && track.bpm > 0 ? `${Math.round(track.bpm)} BPM` : '? BPM';
			const details = [bpm, track.camelot || '?', formatDuration(track.durationSeconds)].join('  ');
			lines.push(`  ${String(index + 1).padStart(width)}. ${trackLabel(track)}  (${details})`);
		});
		lines.push('');
	}
	const total = playlists.reduce((sum, playlist) => sum + playlist.tracks.length, 0);
	let summary = `${playlists.length} playlist${playlists.length === 1 ? '' : 's'}, ${total} track${total === 1 ? '' : 's'}`;
	if (build?.clustering) {
		const {k, method, targetLength} = build.clustering;
		summary += method === 'neighbours' ? ` (grouped by nearest neighbours, about ${targetLength} tracks each)` : ` (k = ${k})`;
	}
	lines.push(summary);
	return lines.join('\n') + '\n';
}

/** What a write did, in a few lines. */
export function formatWriteResult(result: WriteResult, format: string): string {
	const lines: string[] = [];
	const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
	const parts = [`Wrote ${plural(result.written.length, 'file')} to ${result.dir} (${format})`];
	if (result.unchanged && result.unchanged.length > 0) parts.push(`${result.unchanged.length} unchanged`);
	if (result.removed && result.removed.length > 0) parts.push(`removed ${plural(result.removed.length, 'stale playlist')}`);
	lines.push(parts.join('; ') + '.');
	if (result.empty && result.empty.length > 0)
		lines.push(`Not written, every track left out (below): ${result.empty.map(file => path.basename(file)).join(', ')}`);
	const changes = result.changes && formatChanges(result.changes);
	if (changes) lines.push(`Changes: ${changes}.`);
	for (const note of result.notes ?? []) lines.push(`Note: ${note}.`);
	if (result.keptEdited.length > 0) {
		lines.push(`Kept ${plural(result.keptEdited.length, 'file')} edited by hand or not written by playlistgen (--force overwrites):`);
		for (const file of result.keptEdited) lines.push(`  ${path.basename(file)}`);
	}
	if (result.problems.length > 0) {
		lines.push(`Left out ${plural(result.problems.length, 'track')}:`);
		for (const problem of result.problems) lines.push(`  ${JSON.stringify(problem.path)}: ${problem.message}`);
	}
	return lines.join('\n') + '\n';
}

/**
 * Finds the stored track a user means by TRACK: its path (relative to the working directory or
 * absolute; among `byPathAmong` when given, e.g. every copy of a recording), else the one track whose
 * path or "Artist - Title" contains the text (case ignored).
 */
export function resolveSeed(tracks: readonly SlimTrack[], text: string, cwd: string, byPathAmong: readonly SlimTrack[] = tracks): SlimTrack {
	const exact = path.resolve(cwd, text);
	const byPath = byPathAmong.find(track => track.path === exact || track.path === text);
	if (byPath) return byPath;
	const needle = text.toLowerCase();
	const matches = tracks.filter(track => {
		const label = trackLabel({path: track.path, artist: track.tags.artist, title: track.tags.title}).toLowerCase();
		return track.path.toLowerCase().includes(needle) || label.includes(needle);
	});
	if (matches.length === 1) return matches[0]!;
	if (matches.length === 0) throw new UsageError(`No analysed track matches "${text}"`);
	const sameName = matches.filter(track => path.basename(track.path).toLowerCase() === needle);
	if (sameName.length === 1) return sameName[0]!;
	const shown = matches.slice(0, 5).map(track => `  ${track.path}`);
	const more = matches.length > 5 ? [`  … and ${matches.length - 5} more`] : [];
	throw new UsageError([`"${text}" matches ${matches.length} tracks; give more of the path:`, ...shown, ...more].join('\n'));
}

type CommandPlan = {settings: PlaylistSettings; seedTexts: string[]};

/** Checks the command line of `playlists` / `radio` and settles the strategy and seeds. */
function planCommand(context: RunContext, command: 'playlists' | 'radio'): CommandPlan {
	const {args, io, config} = context;
	const settings: PlaylistSettings = {...config.playlists, outputDir: path.resolve(io.cwd, config.outputDir)};
	let seedTexts = [...args.run.seeds];
	if (command === 'radio') {
		if (args.positionals.length === 0) throw new UsageError('radio needs a TRACK to start from, e.g. playlistgen radio "Artist - Title"');
		seedTexts = [...args.positionals, ...seedTexts];
		settings.strategy = 'radio';
	} else {
		if (args.positionals.length > 0) throw new UsageError(`Unexpected argument "${args.positionals[0]}" (a radio seed is given with --seed)`);
		const strategySource = context.resolved.sources['playlists.strategy'];
		if (seedTexts.length > 0 && settings.strategy !== 'radio') {
			if (strategySource === 'default') settings.strategy = 'radio';
			else throw new UsageError(`--seed applies to the radio strategy, not "${settings.strategy}"`);
		}
		if (settings.strategy === 'radio' && seedTexts.length === 0) throw new UsageError('The radio strategy needs a seed track: --seed TRACK');
	}
	return {settings, seedTexts};
}

/** Runs `playlists` or `radio` with the given loaders. Resolves with the exit status. */
export async function runPlaylistsCommand(context: RunContext, command: 'playlists' | 'radio', loaders: PlaylistLoaders): Promise<number> {
	const {args, io} = context;
	const {settings, seedTexts} = planCommand(context, command);
	const tracks = await loaders.loadTracks();
	if (tracks.length === 0) {
		io.stderr.write('playlistgen: no analysed tracks yet; run "playlistgen analyze DIR" first\n');
		return 1;
	}
	// A seed is named by the path of any copy of its recording, or by text found among the copies kept.
	const kept = seedTexts.length > 0 ? onePerRecording(tracks).tracks : tracks;
	const seeds = seedTexts.map(text => resolveSeed(kept, text, io.cwd, tracks).path);
	const groups = vectorGroups();
	const service = createPlaylistService({
		loadTracks: async () => tracks,
		loadFailures: loaders.loadFailures,
		settings,
		seeds,
		groups,
		memory: loaders.memory,
		regroup: args.run.regroup,
	});
	const build = await service.build();
	for (const warning of build.warnings) io.stderr.write(`warning: ${warning}\n`);

	if (args.run.dryRun) {
		if (args.run.json) {
			const output = {
				strategy: settings.strategy,
				clustering: build.clustering,
				playlists: build.playlists,
				problems: build.problems,
				recordings: build.recordings,
				changes: build.continuity?.changes,
			};
			io.stdout.write(JSON.stringify(output, null, 2) + '\n');
		} else {
			io.stdout.write(formatPreview(build.playlists, build));
			const changes = build.continuity && formatChanges(build.continuity.changes);
			if (changes) io.stdout.write(`Changes since the last write: ${changes}.\n`);
			if (build.problems.length > 0) {
				io.stdout.write(`Left out ${build.problems.length} track${build.problems.length === 1 ? '' : 's'}:\n`);
				for (const problem of build.problems) io.stdout.write(`  ${JSON.stringify(problem.path)}: ${problem.message}\n`);
			}
			io.stdout.write('Nothing written (--dry-run).\n');
		}
		return 0;
	}

	const result = await service.write(build.playlists, {force: args.run.force});
	if (args.run.json) {
		io.stdout.write(JSON.stringify({...result, playlists: build.playlists.map(playlist => playlist.name), clustering: build.clustering}, null, 2) + '\n');
	} else {
		io.stdout.write(formatWriteResult(result, settings.format));
	}
	return 0;
}

/** Entry point from main: the library store's tracks. */
export async function runPlaylists(context: RunContext, command: 'playlists' | 'radio'): Promise<number> {
	return runPlaylistsCommand(context, command, storeLoaders(context));
}
