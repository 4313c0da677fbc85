import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {TrackTags} from '../audio/ffmpeg-header.js';
import type {ScannedTrack} from '../audio/scan.js';
import type {TrackFeatures} from '../analysis/types.js';
import type {AnalysedTrack, AnalysisPlan, LibraryStorePort, PlanOptions} from '../session/store-port.js';
import {StoreBusyError, StoreError, type StoreHolder} from './errors.js';
import {WriterLock} from './lock.js';
import {migrate, SCHEMA_VERSION, schemaVersion} from './schema.js';
import type {StoredFailure, StoredTrack} from './types.js';
import {decodeVector, encodeVector} from './vector.js';

/**
 * The features version of analyses that carry none (the engine's level analyser). A store opened
 * without `featuresVersion` treats those as current.
 */
export const UNVERSIONED_FEATURES = 0;

/** How long a second writer waits for the store before it gives up with "store is busy". */
export const DEFAULT_WAIT_MS = 5000;

export type StoreMode = 'write' | 'read';

export type OpenStoreOptions = {
	/** 'write' (analysis) takes the writer lock for as long as the store is open; 'read' never does. */
	mode?: StoreMode;
	/** The features version the analyser produces now; stored tracks with another one are analysed again. */
	featuresVersion?: number;
	/** How long to wait for a busy store. */
	waitMs?: number;
	/** Called once when the store is found busy, before waiting. */
	onWait?: (holder: StoreHolder | undefined) => void;
	/** What this process is doing, shown to another one that finds the store busy. */
	command?: string;
};

/** A root folder as a range of paths: everything strictly below it sorts in [low, high). */
function pathRange(root: string): [string, string] {
	const resolved = path.resolve(root);
	const low = resolved.endsWith(path.sep) ? resolved : resolved + path.sep;
	const high = low.slice(0, -1) + String.fromCharCode(path.sep.charCodeAt(0) + 1);
	return [low, high];
}

function isUnder(file: string, folders: readonly string[]): boolean {
	return folders.some(folder => file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep));
}

function sqliteCode(error: unknown): string | undefined {
	const code = (error as {code?: unknown}).code;
	return typeof code === 'string' ? code : undefined;
}

/** Words for an error met while opening or creating the store. */
function explain(error: unknown): string {
	const code = sqliteCode(error);
	switch (code) {
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EROFS':
		case 'SQLITE_READONLY':
			return 'read-only';
		case 'ENOTDIR':
			return 'a part of the path is a file, not a folder';
		case 'ENOSPC':
		case 'SQLITE_FULL':
			return 'no space left on the device';
		case 'SQLITE_CANTOPEN':
			return 'cannot create or open the file there (permission denied or read-only?)';
		case 'SQLITE_NOTADB':
			return 'the file is not an SQLite database';
		default:
			return (error as Error).message;
	}
}

type TrackRow = {
	path: string;
	size: number;
	mtime_ms: number;
	duration_seconds: number;
	partial: number;
	artist: string | null;
	album: string | null;
	album_artist: string | null;
	title: string | null;
	track_number: number | null;
	genre: string | null;
	features_version: number;
	analysis: string;
	vector: Buffer | null;
};

type FailureRow = {path: string; size: number; mtime_ms: number; error: string; attempts: number; last_tried_ms: number};

const TRACK_COLUMNS = `t.path, t.size, t.mtime_ms, t.duration_seconds, t.partial, t.artist, t.album, t.album_artist, t.title,
	t.track_number, t.genre, t.features_version, f.analysis, f.vector`;

function tagsOf(row: TrackRow): TrackTags {
	const tags: TrackTags = {};
	if (row.artist !== null) tags.artist = row.artist;
	if (row.album !== null) tags.album = row.album;
	if (row.album_artist !== null) tags.albumArtist = row.album_artist;
	if (row.title !== null) tags.title = row.title;
	if (row.track_number !== null) tags.trackNumber = row.track_number;
	if (row.genre !== null) tags.genre = row.genre;
	return tags;
}

function toStoredTrack(row: TrackRow): StoredTrack {
	const analysis = JSON.parse(row.analysis) as Record<string, unknown> | null;
	return {
		path: row.path,
		sizeBytes: row.size,
		mtimeMs: row.mtime_ms,
		durationSeconds: row.duration_seconds,
		partial: row.partial === 1,
		tags: tagsOf(row),
		features: {...analysis, featuresVersion: row.features_version, vector: decodeVector(row.vector)} as TrackFeatures,
	};
}

function toStoredFailure(row: FailureRow): StoredFailure {
	return {path: row.path, sizeBytes: row.size, mtimeMs: row.mtime_ms, error: row.error, attempts: row.attempts, lastTriedMs: row.last_tried_ms};
}

export type StoreSummary = {
	tracks: number;
	/** Tracks whose features have the current version: what playlists use. */
	current: number;
	/** Tracks analysed with another features version: analysed again on the next run. */
	outdated: number;
	partial: number;
	durationSeconds: number;
	failures: number;
	/** Current tracks by tempo band of 10 BPM (`from` is the band's lower bound), in order. */
	bpmBands: Array<{from: number; count: number}>;
	/** Current tracks by key, most frequent first. */
	keys: Array<{key: string; count: number}>;
};

/** A process that exits without closing its stores (process.exit on a second Ctrl-C) still closes them cleanly. */
const openStores = new Set<LibraryStore>();
function closeOpenStores(): void {
	for (const store of [...openStores]) store.close();
}

/**
 * The library store: one SQLite file (WAL mode) with what is known about every analysed track, the
 * files that failed, and the schema version. Analysis commits each track the moment it is done, in
 * its own short transaction, so an interruption of any kind loses only the tracks in progress.
 */
export class LibraryStore implements LibraryStorePort {
	readonly path: string;
	readonly mode: StoreMode;
	readonly featuresVersion: number;
	#db: Database.Database;
	#lock: WriterLock | undefined;
	#closed = false;
	readonly #statements: ReturnType<LibraryStore['prepare']>;

	private constructor(file: string, db: Database.Database, lock: WriterLock | undefined, options: OpenStoreOptions) {
		this.path = file;
		this.#db = db;
		this.#lock = lock;
		this.mode = options.mode ?? 'write';
		this.featuresVersion = options.featuresVersion ?? UNVERSIONED_FEATURES;
		this.#statements = this.prepare();
		openStores.add(this);
		if (openStores.size === 1) process.once('exit', closeOpenStores);
	}

	/**
	 * Opens (in write mode: creates) the store at `file`. Write mode waits up to `waitMs` for another
	 * writer, then throws StoreBusyError; any other problem is a StoreError naming the path, and leaves
	 * behind nothing it created.
	 */
	static async open(file: string, options: OpenStoreOptions = {}): Promise<LibraryStore> {
		const storePath = path.resolve(file);
		const mode = options.mode ?? 'write';
		const fail = (what: string, error: unknown) => new StoreError(`${what} ${storePath}: ${explain(error)}`, storePath);

		let existing: fs.Stats | undefined;
		try {
			existing = fs.statSync(storePath);
		} catch {}
		if (existing?.isDirectory()) {
			throw new StoreError(`the store ${storePath} is a folder; --db takes the path of a file, e.g. ${path.join(storePath, 'library.db')}`, storePath);
		}
		if (mode === 'read' && !existing) throw new StoreError(`no store at ${storePath}: nothing has been analysed with it yet`, storePath);
		const opening = existing ? 'cannot open the store' : 'cannot create the store';

		const created: string[] = [];
		const cleanUp = () => {
			for (const leftover of created.reverse()) fs.rmSync(leftover, {recursive: true, force: true});
		};

		let lock: WriterLock | undefined;
		let db: Database.Database | undefined;
		try {
			if (mode === 'write') {
				const lockPath = `${storePath}.lock`;
				try {
					const firstCreated = fs.mkdirSync(path.dirname(storePath), {recursive: true});
					if (firstCreated) created.push(firstCreated);
					if (!fs.existsSync(lockPath)) created.push(lockPath);
					lock = await WriterLock.acquire(lockPath, {
						waitMs: options.waitMs ?? DEFAULT_WAIT_MS,
						onBusy: () => options.onWait?.(readHolder(storePath)),
					});
				} catch (error) {
					throw fail(opening, error);
				}
				if (!lock) {
					// Someone else holds the lock file: it is not ours to remove.
					if (created.at(-1) === lockPath) created.pop();
					throw new StoreBusyError(storePath, readHolder(storePath), options.waitMs ?? DEFAULT_WAIT_MS);
				}
				if (!existing) created.push(storePath, `${storePath}-wal`, `${storePath}-shm`);
			}

			let version: number;
			try {
				db = new Database(storePath, {fileMustExist: mode === 'read', timeout: 5000});
				version = schemaVersion(db);
			} catch (error) {
				throw fail(opening, error);
			}
			if (version > SCHEMA_VERSION) {
				throw new StoreError(
					`the store ${storePath} was written by a newer playlistgen (schema ${version}; this one knows up to ${SCHEMA_VERSION}). ` +
						'Update playlistgen, or use --db PATH for a separate store.',
					storePath,
				);
			}
			try {
				if (mode === 'write' && db.pragma('journal_mode = WAL', {simple: true}) !== 'wal') {
					throw new Error('cannot switch the store to WAL mode');
				}
				// NORMAL in WAL mode: a commit is in the WAL (the OS has it) when it returns, so a killed
				// process loses nothing committed; only a power cut can drop the last commits, and even then
				// the file stays consistent. Checkpoints and the close sync the file.
				db.pragma('synchronous = NORMAL');
				db.pragma('foreign_keys = ON');
			} catch (error) {
				throw fail(opening, error);
			}
			if (version < SCHEMA_VERSION) {
				// A reader takes the writer lock just for the migration.
				const migrationLock =
					lock ??
					(await WriterLock.acquire(`${storePath}.lock`, {waitMs: options.waitMs ?? DEFAULT_WAIT_MS, onBusy: () => options.onWait?.(readHolder(storePath))}));
				if (!migrationLock) throw new StoreBusyError(storePath, readHolder(storePath), options.waitMs ?? DEFAULT_WAIT_MS);
				try {
					migrate(db);
				} catch (error) {
					throw fail('cannot update the schema of the store', error);
				} finally {
					if (migrationLock !== lock) migrationLock.release();
				}
			}

			if (mode === 'write') {
				const holder: StoreHolder = {pid: process.pid, command: options.command ?? 'analyze', sinceMs: Date.now(), host: os.hostname()};
				try {
					db.prepare(`INSERT INTO meta (key, value) VALUES ('holder', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
						JSON.stringify(holder),
					);
				} catch (error) {
					throw fail('cannot write the store', error);
				}
			}
			return new LibraryStore(storePath, db, lock, {...options, mode});
		} catch (error) {
			try {
				db?.close();
			} catch {}
			lock?.release();
			cleanUp();
			throw error;
		}
	}

	private prepare() {
		const db = this.#db;
		return {
			plannedTracks: db
				.prepare(
					`SELECT id, path, size, mtime_ms, features_version FROM tracks WHERE path >= ? AND path < ?`,
				)
				.raw(),
			plannedFailures: db.prepare(`SELECT path, size, mtime_ms FROM failures WHERE path >= ? AND path < ?`).raw(),
			deleteTrackById: db.prepare(`DELETE FROM tracks WHERE id = ?`),
			deleteTrackByPath: db.prepare(`DELETE FROM tracks WHERE path = ?`),
			deleteFailure: db.prepare(`DELETE FROM failures WHERE path = ?`),
			upsertTrack: db.prepare(
				`INSERT INTO tracks (path, size, mtime_ms, duration_seconds, partial, artist, album, album_artist, title, track_number, genre, analysed_ms,
				 features_version)
				 VALUES (@path, @size, @mtime, @duration, @partial, @artist, @album, @albumArtist, @title, @trackNumber, @genre, @now, @version)
				 ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, duration_seconds = excluded.duration_seconds,
				 partial = excluded.partial, artist = excluded.artist, album = excluded.album, album_artist = excluded.album_artist,
				 title = excluded.title, track_number = excluded.track_number, genre = excluded.genre, analysed_ms = excluded.analysed_ms,
				 features_version = excluded.features_version
				 RETURNING id`,
			),
			upsertFeatures: db.prepare(
				`INSERT INTO features (track_id, analysis, vector, bpm, key) VALUES (@id, @analysis, @vector, @bpm, @key)
				 ON CONFLICT (track_id) DO UPDATE SET analysis = excluded.analysis,
				 vector = excluded.vector, bpm = excluded.bpm, key = excluded.key`,
			),
			upsertFailure: db.prepare(
				`INSERT INTO failures (path, size, mtime_ms, error, attempts, first_failed_ms, last_tried_ms) VALUES (@path, @size, @mtime, @error, 1, @now, @now)
				 ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, error = excluded.error,
				 attempts = attempts + 1, last_tried_ms = excluded.last_tried_ms`,
			),
			clearHolder: db.prepare(`DELETE FROM meta WHERE key = 'holder' AND json_extract(value, '$.pid') = ?`),
		};
	}

	#writable(): void {
		if (this.#closed) throw new Error(`the store ${this.path} is closed`);
		if (this.mode !== 'write') throw new Error(`the store ${this.path} was opened for reading`);
	}

	// ---- analysis (LibraryStorePort) -----------------------------------------------------------

	/**
	 * Sorts the scanned tracks under `root` into those to analyse and those to leave: unchanged tracks
	 * (same size, mtime and current features version) and, unless `retryFailed`, tracks that failed
	 * and have not changed since. Forgets stored tracks and failures under `root` (only there) that the
	 * scan no longer found, except below folders it could not read, and except when it found nothing at
	 * all (an unmounted drive looks like an empty folder). One indexed range query each for tracks and
	 * failures; nothing per track touches the disk.
	 */
	plan(root: string, tracks: ScannedTrack[], options: PlanOptions): AnalysisPlan {
		this.#writable();
		const [low, high] = pathRange(root);
		const statements = this.#statements;
		type Stored = [id: number, path: string, size: number, mtime: number, version: number];
		const stored = new Map<string, Stored>();
		for (const row of statements.plannedTracks.all(low, high) as Stored[]) stored.set(row[1], row);
		type Failed = [path: string, size: number, mtime: number];
		const failed = new Map<string, Failed>();
		for (const row of statements.plannedFailures.all(low, high) as Failed[]) failed.set(row[0], row);

		const toAnalyse: ScannedTrack[] = [];
		let unchanged = 0;
		let failedBefore = 0;
		for (const track of tracks) {
			const known = stored.get(track.path);
			const failure = failed.get(track.path);
			stored.delete(track.path);
			failed.delete(track.path);
			if (known && known[2] === track.size && known[3] === track.mtimeMs && known[4] === this.featuresVersion) {
				unchanged++;
			} else if (failure && !options.retryFailed && failure[1] === track.size && failure[2] === track.mtimeMs) {
				failedBefore++;
			} else {
				toAnalyse.push(track);
			}
		}

		// What is left was not found by this scan.
		const warnings: string[] = [];
		let pruned = 0;
		if (tracks.length === 0 && stored.size > 0) {
			warnings.push(
				`no tracks found in ${path.resolve(root)}, but the store holds ${stored.size} from there: keeping them (is the drive mounted?)`,
			);
		} else {
			const unreadable = (options.unreadable ?? []).map(folder => path.resolve(folder));
			this.#db.transaction(() => {
				for (const [file, [id]] of stored) {
					if (isUnder(file, unreadable)) continue;
					statements.deleteTrackById.run(id);
					pruned++;
				}
				for (const file of failed.keys()) {
					if (!isUnder(file, unreadable)) statements.deleteFailure.run(file);
				}
			})();
		}
		return {toAnalyse, unchanged, failedBefore, pruned, warnings};
	}

	/** Commits one analysed track (and clears its failure) in one transaction. */
	saveTrack(track: AnalysedTrack): void {
		this.#writable();
		const analysis = (track.analysis ?? {}) as Record<string, unknown>;
		const {vector, ...rest} = analysis;
		const version = typeof rest['featuresVersion'] === 'number' ? rest['featuresVersion'] : UNVERSIONED_FEATURES;
		delete rest['featuresVersion'];
		const bpm = typeof rest['bpm'] === 'number' && Number.isFinite(rest['bpm']) ? rest['bpm'] : null;
		const key = typeof rest['key'] === 'string' ? rest['key'] : null;
		const {tags} = track;
		const text = (value: string | undefined) => (typeof value === 'string' && value !== '' ? value : null);
		const statements = this.#statements;
		this.#db.transaction(() => {
			const {id} = statements.upsertTrack.get({
				path: track.path,
				size: track.size,
				mtime: track.mtimeMs,
				duration: track.durationSeconds,
				partial: track.partial ? 1 : 0,
				artist: text(tags.artist),
				album: text(tags.album),
				albumArtist: text(tags.albumArtist),
				title: text(tags.title),
				trackNumber: Number.isInteger(tags.trackNumber) ? tags.trackNumber : null,
				genre: text(tags.genre),
				now: Date.now(),
				version,
			}) as {id: number};
			statements.upsertFeatures.run({id, analysis: JSON.stringify(rest), vector: encodeVector(vector), bpm, key});
			statements.deleteFailure.run(track.path);
		})();
	}

	/**
	 * Records a failure (attempts counted) and forgets what was stored for the file: that described
	 * another version of it.
	 */
	saveFailure(track: ScannedTrack, message: string): void {
		this.#writable();
		const statements = this.#statements;
		this.#db.transaction(() => {
			statements.deleteTrackByPath.run(track.path);
			statements.upsertFailure.run({path: track.path, size: track.size, mtime: track.mtimeMs, error: message, now: Date.now()});
		})();
	}

	// ---- reading (playlists, stats) ------------------------------------------------------------

	#rootFilter(root: string | undefined, column: string): {sql: string; params: string[]} {
		if (root === undefined) return {sql: '', params: []};
		return {sql: ` AND ${column} >= ? AND ${column} < ?`, params: pathRange(root)};
	}

	/**
	 * Analysed tracks with the current features version (or every version with `allVersions`), by path,
	 * one at a time: a big library never has to be in memory at once. The connection is busy until the
	 * iteration ends; finish or `return()` it before other calls on this store.
	 */
	*tracks(options: {root?: string; allVersions?: boolean} = {}): Generator<StoredTrack, void, undefined> {
		const filter = this.#rootFilter(options.root, 't.path');
		const version = options.allVersions ? '' : ' AND t.features_version = ?';
		const statement = this.#db.prepare(`SELECT ${TRACK_COLUMNS} FROM tracks t JOIN features f ON f.track_id = t.id WHERE 1 = 1${version}${filter.sql} ORDER BY t.path`);
		const params = options.allVersions ? filter.params : [this.featuresVersion, ...filter.params];
		for (const row of statement.iterate(...params) as IterableIterator<TrackRow>) yield toStoredTrack(row);
	}

	/** The same as tracks(), as an array. */
	allTracks(options: {root?: string; allVersions?: boolean} = {}): StoredTrack[] {
		return [...this.tracks(options)];
	}

	/** One stored track by path, whatever its features version. */
	track(file: string): StoredTrack | undefined {
		const row = this.#db.prepare(`SELECT ${TRACK_COLUMNS} FROM tracks t JOIN features f ON f.track_id = t.id WHERE t.path = ?`).get(path.resolve(file)) as
			| TrackRow
			| undefined;
		return row ? toStoredTrack(row) : undefined;
	}

	/** Files that failed, by path. */
	failures(options: {root?: string} = {}): StoredFailure[] {
		const filter = this.#rootFilter(options.root, 'path');
		const rows = this.#db
			.prepare(`SELECT path, size, mtime_ms, error, attempts, last_tried_ms FROM failures WHERE 1 = 1${filter.sql} ORDER BY path`)
			.all(...filter.params) as FailureRow[];
		return rows.map(row => toStoredFailure(row));
	}

	/** Counts and distributions for `playlistgen stats`, computed in SQL. */
	summary(options: {root?: string} = {}): StoreSummary {
		const db = this.#db;
		const filter = this.#rootFilter(options.root, 't.path');
		const totals = db
			.prepare(
				`SELECT count(*) AS tracks, coalesce(sum(t.features_version = ?), 0) AS current, coalesce(sum(t.partial), 0) AS partial,
				 coalesce(sum(t.duration_seconds), 0) AS duration
				 FROM tracks t JOIN features f ON f.track_id = t.id WHERE 1 = 1${filter.sql}`,
			)
			.get(this.featuresVersion, ...filter.params) as {tracks: number; current: number; partial: number; duration: number};
		const failureFilter = this.#rootFilter(options.root, 'path');
		const failures = (db.prepare(`SELECT count(*) AS n FROM failures WHERE 1 = 1${failureFilter.sql}`).get(...failureFilter.params) as {n: number}).n;
		const current = ` AND t.features_version = ?${filter.sql}`;
		const params = [this.featuresVersion, ...filter.params];
		const bpmBands = db
			.prepare(
				`SELECT CAST(f.bpm / 10 AS INTEGER) * 10 AS band, count(*) AS count FROM tracks t JOIN features f ON f.track_id = t.id
				 WHERE f.bpm IS NOT NULL${current} GROUP BY band ORDER BY band`,
			)
			.all(...params) as Array<{band: number; count: number}>;
		const keys = db
			.prepare(
				`SELECT f.key AS key, count(*) AS count FROM tracks t JOIN features f ON f.track_id = t.id
				 WHERE f.key IS NOT NULL${current} GROUP BY f.key ORDER BY count DESC, f.key`,
			)
			.all(...params) as Array<{key: string; count: number}>;
		return {
			tracks: totals.tracks,
			current: totals.current,
			outdated: totals.tracks - totals.current,
			partial: totals.partial,
			durationSeconds: totals.duration,
			failures,
			bpmBands: bpmBands.map(({band, count}) => ({from: band, count})),
			keys,
		};
	}

	/** `PRAGMA integrity_check`: "ok", or what is wrong. */
	integrityCheck(): string {
		const rows = this.#db.pragma('integrity_check') as Array<{integrity_check: string}>;
		return rows.map(row => row.integrity_check).join('\n');
	}

	get schemaVersion(): number {
		return schemaVersion(this.#db);
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Closes the file (SQLite checkpoints the WAL into it) and lets go of the writer lock. Idempotent. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		openStores.delete(this);
		if (openStores.size === 0) process.off('exit', closeOpenStores);
		try {
			if (this.mode === 'write') this.#statements.clearHolder.run(process.pid);
		} catch {
			// Leaving the holder row behind is harmless: it is only shown while the lock is held.
		}
		try {
			this.#db.close();
		} finally {
			this.#lock?.release();
			this.#lock = undefined;
		}
	}
}

/** Who holds the store, as recorded in it; undefined if that cannot be read. */
export function readHolder(storePath: string): StoreHolder | undefined {
	let db: Database.Database | undefined;
	try {
		db = new Database(storePath, {fileMustExist: true, readonly: true, timeout: 1000});
		const row = db.prepare(`SELECT value FROM meta WHERE key = 'holder'`).get() as {value: string} | undefined;
		return row ? (JSON.parse(row.value) as StoreHolder) : undefined;
	} catch {
		return undefined;
	} finally {
		db?.close();
	}
}
