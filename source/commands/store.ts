import path from 'node:path';
import {defaultDbPath} from '../config/options.js';
import {describeHolder} from '../store/errors.js';
import {FEATURES_VERSION} from '../analysis/vector.js';
import {LibraryStore, type OpenStoreOptions, type StoreMode} from '../store/library-store.js';
import {recoverStore} from '../store/recover.js';
import {expandHome} from '../util/paths.js';
import {UsageError} from './args.js';
import type {RunContext} from './context.js';

/**
 * The features version this build's analyser produces. Stored tracks with another version are analysed
 * again, and playlists and stats' distributions only use tracks with this one: the feature extractor's
 * FEATURES_VERSION (analysis/vector.ts).
 */
export const CURRENT_FEATURES_VERSION: number = FEATURES_VERSION;

/** The store file: --db / `db` / PLAYLISTGEN_DB, else $XDG_CACHE_HOME/playlistgen/library.db. */
export function storePath(context: RunContext): string {
	const {db} = context.config;
	if (!db) return defaultDbPath(context.io.env);
	return path.resolve(context.io.cwd, expandHome(db, context.io.env));
}

/**
 * Opens the store for a command; while another playlistgen holds it, says so on stderr and waits a little.
 * `checkWhileReading`: see OpenStoreOptions (the command then waits for LibraryStore.sound()).
 */
export async function openStore(
	context: RunContext,
	mode: StoreMode,
	command: string,
	onWait?: (message: string) => void,
	options: Pick<OpenStoreOptions, 'checkWhileReading'> = {},
): Promise<LibraryStore> {
	const file = storePath(context);
	const say = onWait ?? ((message: string) => context.io.stderr.write(`playlistgen: ${message}\n`));
	return LibraryStore.open(file, {
		...options,
		mode,
		command,
		featuresVersion: CURRENT_FEATURES_VERSION,
		onWait: holder => say(`waiting for the store: ${describeHolder(holder)} is using ${file}`),
	});
}

/** `playlistgen store --recover`: rebuilds a damaged store from what is still readable (store/recover.ts). */
export async function runStoreCommand(context: RunContext): Promise<number> {
	const {io, args} = context;
	if (!args.run.recover) throw new UsageError('store needs --recover (rebuild a damaged store from what is still readable)');
	const file = storePath(context);
	const recovery = await recoverStore(file);
	if (!recovery.damagedCopy) {
		io.stdout.write(`The store ${recovery.path} is not damaged (PRAGMA quick_check: ok): nothing to recover.\n`);
		return 0;
	}
	const lines = [`Recovered ${recovery.path}:`];
	for (const table of recovery.tables) {
		lines.push(`  ${table.name}: ${table.copied} rows copied${table.unreadable > 0 ? `, ${table.unreadable} could not be read` : ''}`);
	}
	lines.push(`PRAGMA integrity_check of the new store: ${recovery.check}`);
	lines.push(`The damaged file is kept as ${recovery.damagedCopy}. The next analysis analyses again what was lost.`);
	io.stdout.write(lines.join('\n') + '\n');
	return recovery.check === 'ok' ? 0 : 1;
}
