import path from 'node:path';
import type Database from 'better-sqlite3';
import type {ScannedTrack} from '../audio/scan.js';
import {cueKey, sheetIdentity, type AnalysedTrack, type ScannedImage} from '../library/track.js';
import type {AnalysisPlan, LibraryStorePort, PlanOptions} from '../library/store-port.js';
import {isInside} from '../util/paths.js';
import {nativePath, pathFromNative} from '../util/raw-path.js';
import {imageKey, inRange, pathRange, prepareStatements, withStringPaths} from './statements.js';
import {clearHolder, damageError, damageFound, openStoreFile, type OpenStoreOptions, type OpenedStore, type StoreMode} from './open.js';
import {ReadingCheck} from './reading-check.js';
import {planTracks, type PlannedFailure, type PlannedRow} from './plan.js';
import {featureValues, toStoredFailure, toStoredTrack, trackValues, TRACK_COLUMNS, UNVERSIONED_FEATURES, type FailureRow, type TrackRow} from './rows.js';
import {isStoreDamage, StoreDamagedError} from './errors.js';
import {schemaVersion} from './schema.js';
import {readSearchLibrary, snapshotName} from './search-snapshot.js';
import {readSummary, type StoreSummary} from './summary.js';
import {derivedKept, readDerived, writeDerived} from './derived.js';
import {readPlaylistMemory, writePlaylistMemory, type MemoryUpdate, type PlaylistMemory} from './playlist-memory.js';
import type {StoredFailure, StoredTrack} from './types.js';

export {DEFAULT_WAIT_MS, readHolder, type OpenStoreOptions, type StoreMode} from './open.js';
export {UNVERSIONED_FEATURES} from './rows.js';
export type {StoreSummary} from './summary.js';

/** A process that exits without closing its stores (process.exit on a second Ctrl-C) still closes them cleanly. */
const openStores = new Set<LibraryStore>();
function closeOpenStores(): void {
	for (const store of [...openStores]) store.close();
}

/**
 * The library store: one SQLite file (WAL mode) with what is known about every analysed track, the
 * files that failed, and the schema version. Analysis commits each track the moment it is done, in
 * its own short transaction, so an interruption of any kind loses only the tracks in progress.
 * Opening (locking, creating, migrating) is in open.ts; the rows' layout in rows.ts.
 */
export class LibraryStore implements LibraryStorePort {
	readonly path: string;
	readonly mode: StoreMode;
	readonly featuresVersion: number;
	#opened: OpenedStore;
	#closed = false;
	/** The check still running while the store is read (OpenStoreOptions.checkWhileReading), and the writes waiting for it. */
	readonly #check: ReadingCheck;
	readonly #statements: ReturnType<typeof prepareStatements>;
	readonly #imageParts: Database.Statement;

	private constructor(opened: OpenedStore, featuresVersion: number) {
		this.#opened = opened;
		this.path = opened.path;
		this.mode = opened.mode;
		this.featuresVersion = featuresVersion;
		this.#statements = prepareStatements(opened.db);
		this.#check = new ReadingCheck(
			opened.check,
			opened.path,
			() => damageFound(opened.db),
			write => this.#guard(write),
		);
		this.#imageParts = opened.db.prepare(`SELECT id, path FROM tracks WHERE image = ?`);
		openStores.add(this);
		if (openStores.size === 1) process.once('exit', closeOpenStores);
	}

	/** Opens (in write mode: creates) the store at `file`; see openStoreFile for what can go wrong. */
	static async open(file: string, options: OpenStoreOptions = {}): Promise<LibraryStore> {
		return new LibraryStore(await openStoreFile(file, options), options.featuresVersion ?? UNVERSIONED_FEATURES);
	}

	get #db(): Database.Database {
		return this.#opened.db;
	}

	#writable(): void {
		if (this.#closed) throw new Error(`the store ${this.path} is closed`);
		if (this.mode !== 'write') throw new Error(`the store ${this.path} was opened for reading`);
	}

	/** Runs `work`; damage it meets (see #damage) becomes a StoreDamagedError that says what to do. */
	#guard<T>(work: () => T): T {
		try {
			return work();
		} catch (error) {
			throw this.#damage(error);
		}
	}

	/** SQLite's report of a damaged page, or bytes SQLite cannot tell from a row that are no analysis the store wrote. */
	#damage(error: unknown): unknown {
		if (error instanceof SyntaxError) return new StoreDamagedError(this.path, `a stored analysis cannot be read: ${error.message}`);
		return isStoreDamage(error) ? damageError(this.path, this.#db, error) : error;
	}

	// ---- analysis (LibraryStorePort) -----------------------------------------------------------

	/**
	 * Sorts the scanned tracks under `root` into those to analyse and those to leave (see planTracks).
	 * Forgets stored tracks and failures under `root` (only there) that the scan no longer found, except
	 * below folders it could not read, and except when it found nothing at all (an unmounted drive looks
	 * like an empty folder). One indexed range query each for tracks and failures; nothing per track
	 * touches the disk.
	 */
	plan(root: string, tracks: ScannedTrack[], options: PlanOptions): AnalysisPlan {
		return this.#guard(() => this.#plan(root, tracks, options));
	}

	#plan(root: string, tracks: ScannedTrack[], options: PlanOptions): AnalysisPlan {
		this.#writable();
		const range = pathRange(root);
		const statements = this.#statements;
		const {toAnalyse, unchanged, failedBefore, goneTracks, goneFailures} = planTracks(
			tracks,
			withStringPaths(statements.plannedTracks.all(...range) as PlannedRow[], 1),
			withStringPaths(statements.plannedFailures.all(...range) as PlannedFailure[], 0),
			{retryFailed: options.retryFailed, featuresVersion: this.featuresVersion},
		);
		const warnings: string[] = [];
		let pruned = 0;
		if (tracks.length === 0 && goneTracks.size > 0) {
			warnings.push(`no tracks found in ${path.resolve(root)}, but the store holds ${goneTracks.size} from there: keeping them (is the drive mounted?)`);
		} else {
			const unreadable = (options.unreadable ?? []).map(folder => path.resolve(folder));
			const kept = (file: string) => unreadable.some(folder => isInside(file, folder));
			this.#db.transaction(() => {
				for (const [file, [id]] of goneTracks) {
					if (kept(file)) continue;
					statements.deleteTrackById.run(id);
					pruned++;
				}
				for (const file of goneFailures.keys()) {
					if (!kept(file)) statements.deleteFailure.run(nativePath(file));
				}
			})();
		}
		return {toAnalyse, unchanged, failedBefore, pruned, warnings};
	}

	/** Commits one analysed track (and clears its failure) in one transaction; an image's CUE tracks it replaces go. */
	saveTrack(track: AnalysedTrack): void {
		this.#writable();
		const statements = this.#statements;
		this.#guard(() =>
			this.#db.transaction(() => {
				if (!track.cue) statements.deleteImageParts.run(imageKey(track.path));
				this.#upsert(track);
				statements.deleteFailure.run(nativePath(track.path));
			})(),
		);
	}

	/**
	 * Commits one CUE track of an image in one transaction. The first of a run replaces what was stored
	 * for the image (whole, or by an older sheet), except the tracks the plan found current
	 * (`storedParts`: a run stopped part-way never costs the tracks it finished); the last clears its failure.
	 */
	saveImagePart(image: ScannedImage, part: AnalysedTrack, options: {replace: boolean; complete: boolean}): void {
		this.#writable();
		const statements = this.#statements;
		this.#guard(() =>
			this.#db.transaction(() => {
				if (options.replace) {
					statements.deleteTrackByPath.run(nativePath(image.path));
					const kept = new Set((image.storedParts ?? []).map(number => cueKey(image.path, number)));
					if (kept.size === 0) statements.deleteImageParts.run(imageKey(image.path));
					else {
						const stored = this.#imageParts.all(imageKey(image.path)) as Array<{id: number; path: string | Buffer}>;
						for (const {id, path: storedPath} of stored) if (!kept.has(pathFromNative(storedPath))) statements.deleteTrackById.run(id);
					}
				}
				this.#upsert(part);
				if (options.complete) statements.deleteFailure.run(nativePath(image.path));
			})(),
		);
	}

	#upsert(track: AnalysedTrack): void {
		const {id} = this.#statements.upsertTrack.get({...trackValues(track), now: Date.now()}) as {id: number};
		this.#statements.upsertFeatures.run({id, ...featureValues(track.analysis)});
	}

	/**
	 * Records a failure (attempts counted, with the sheet beside the file) and forgets what was stored for
	 * the file and, for an image, its CUE tracks (they described another version of it), except with
	 * `keepParts` the CUE tracks this run saved before the failure.
	 */
	saveFailure(track: ScannedImage, message: string, options: {keepParts?: boolean} = {}): void {
		this.#writable();
		const statements = this.#statements;
		this.#guard(() =>
			this.#db.transaction(() => {
				statements.deleteTrackByPath.run(nativePath(track.path));
				if (!options.keepParts) statements.deleteImageParts.run(imageKey(track.path));
				statements.upsertFailure.run({
					path: nativePath(track.path),
					size: track.size,
					mtime: track.mtimeMs,
					error: message,
					now: Date.now(),
					sheet: sheetIdentity(track),
				});
			})(),
		);
	}

	// ---- reading (playlists, stats) ------------------------------------------------------------

	#rootFilter(root: string | undefined, column: string): {sql: string; params: Array<string | Buffer>} {
		if (root === undefined) return {sql: '', params: []};
		return {sql: ` AND ${inRange(column)}`, params: pathRange(root)};
	}

	/**
	 * Analysed tracks with the current features version (or every version with `allVersions`), by path,
	 * one at a time: a big library never has to be in memory at once. The connection is busy until the
	 * iteration ends; finish or `return()` it before other calls on this store.
	 */
	*tracks(options: {root?: string; allVersions?: boolean} = {}): Generator<StoredTrack, void, undefined> {
		const filter = this.#rootFilter(options.root, 't.path');
		const version = options.allVersions ? '' : ' AND t.features_version = ?';
		const statement = this.#db.prepare(
			`SELECT ${TRACK_COLUMNS} FROM tracks t JOIN features f ON f.track_id = t.id WHERE 1 = 1${version}${filter.sql} ORDER BY t.path`,
		);
		const params = options.allVersions ? filter.params : [this.featuresVersion, ...filter.params];
		const rows = statement.iterate(...params) as IterableIterator<TrackRow>;
		try {
			for (;;) {
				let track: StoredTrack;
				try {
					const next = rows.next();
					if (next.done) return;
					track = toStoredTrack(next.value);
				} catch (error) {
					throw this.#damage(error);
				}
				yield track;
			}
		} finally {
			// A reader that stops early frees the connection.
			rows.return?.();
		}
	}

	/** The tracks `tracks()` gives, in the form a neighbour search reads (search-rows.ts): see searchLibrary. */
	searchTracks(options: {root?: string} = {}): StoredTrack[] {
		return this.searchLibrary(options).tracks;
	}

	/**
	 * The tracks in the search form: the same values as `tracks()` of what the distance, the copies of a
	 * recording and a track's name look at, without the rest; and the generation of the tracks they are (for
	 * values derived from them: derived()). From the snapshot the store keeps (search-snapshot.ts) when it can.
	 */
	searchLibrary(options: {root?: string} = {}): {tracks: StoredTrack[]; generation: number} {
		return this.#guard(() => readSearchLibrary(this.#db, this.featuresVersion, options.root, write => this.#check.whenSound(write)));
	}

	/** Whether the search snapshot and the value named `name` are kept for the tracks as they are now. */
	derivedKept(name: string): boolean {
		return this.#guard(() => derivedKept(this.#db, [snapshotName(this.featuresVersion), name]));
	}

	/** The value kept under `name` for the tracks at `generation` (see searchLibrary), if one was kept. */
	derived(name: string, generation: number): Uint8Array | undefined {
		return this.#guard(() => this.#db.transaction(() => readDerived(this.#db, name, generation))());
	}

	/**
	 * Keeps `value`, derived from the tracks at `generation`, under `name`, if they are still at it and the
	 * store can be written; while the store's check runs, once it has found the store sound (sound()).
	 */
	keepDerived(name: string, generation: number, value: Uint8Array): void {
		this.#check.whenSound(() => writeDerived(this.#db, name, name, generation, value));
	}

	/**
	 * Resolves once the quick check still running (OpenStoreOptions.checkWhileReading) finds the store
	 * sound (what waited for it is written when the store closes); else throws StoreDamagedError. At once
	 * for a store checked when it was opened.
	 */
	async sound(): Promise<void> {
		await this.#check.sound();
	}

	/** The same as tracks(), as an array. */
	allTracks(options: {root?: string; allVersions?: boolean} = {}): StoredTrack[] {
		return [...this.tracks(options)];
	}

	/** One stored track by path, whatever its features version. */
	track(file: string): StoredTrack | undefined {
		const row = this.#guard(
			() =>
				this.#db.prepare(`SELECT ${TRACK_COLUMNS} FROM tracks t JOIN features f ON f.track_id = t.id WHERE t.path = ?`).get(nativePath(path.resolve(file))) as
					TrackRow | undefined,
		);
		return row ? toStoredTrack(row) : undefined;
	}

	/** Files that failed, by path. */
	failures(options: {root?: string} = {}): StoredFailure[] {
		return this.#guard(() => this.#failures(options));
	}

	#failures(options: {root?: string}): StoredFailure[] {
		const filter = this.#rootFilter(options.root, 'path');
		const rows = this.#db
			.prepare(`SELECT path, size, mtime_ms, error, attempts, last_tried_ms FROM failures WHERE 1 = 1${filter.sql} ORDER BY path`)
			.all(...filter.params) as FailureRow[];
		return rows.map(row => toStoredFailure(row));
	}

	/**
	 * Which decoder read the tracks: a count per decoder, and each track another decoder read with
	 * ffmpeg's complaint (from the analysis; tracks stored before it was kept were all read by ffmpeg).
	 */
	decoders(options: {root?: string} = {}): {
		counts: Array<{decoder: string; count: number}>;
		fallback: Array<{path: string; decoder: string; ffmpegError: string}>;
	} {
		const filter = this.#rootFilter(options.root, 't.path');
		const decoder = `coalesce(json_extract(f.analysis, '$.decoder'), 'ffmpeg')`;
		const counts = this.#db
			.prepare(
				`SELECT ${decoder} AS decoder, count(*) AS count FROM tracks t JOIN features f ON f.track_id = t.id WHERE 1 = 1${filter.sql} GROUP BY 1 ORDER BY 2 DESC, 1`,
			)
			.all(...filter.params) as Array<{decoder: string; count: number}>;
		const rows = this.#db
			.prepare(
				`SELECT t.path AS path, ${decoder} AS decoder, coalesce(json_extract(f.analysis, '$.ffmpegError'), '') AS error
				 FROM tracks t JOIN features f ON f.track_id = t.id WHERE ${decoder} <> 'ffmpeg'${filter.sql} ORDER BY t.path`,
			)
			.all(...filter.params) as Array<{path: string | Uint8Array; decoder: string; error: string}>;
		return {counts, fallback: rows.map(row => ({path: pathFromNative(row.path), decoder: row.decoder, ffmpegError: row.error}))};
	}

	/** Counts and distributions for `playlistgen stats`, computed in SQL. */
	summary(options: {root?: string} = {}): StoreSummary {
		return this.#guard(() => readSummary(this.#db, this.featuresVersion, this.#rootFilter(options.root, 't.path'), this.#rootFilter(options.root, 'path')));
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
	// ---- playlists remembered between runs (playlist-memory.ts) ---------------------------------

	/** The playlists last written for `scope` (a library folder, '' for the whole store). */
	playlistMemory(scope: string): PlaylistMemory {
		return readPlaylistMemory(this.#db, scope);
	}

	/** Remembers the playlists just written. Allowed on a store opened for reading: it is a short transaction of its own. */
	rememberPlaylists(scope: string, update: MemoryUpdate): void {
		if (this.#closed) throw new Error(`the store ${this.path} is closed`);
		this.#check.beforeWriting();
		writePlaylistMemory(this.#db, scope, update);
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		openStores.delete(this);
		try {
			this.#check.flush();
		} catch {
			// What a reader keeps for the next one is a saving, never a reason to fail.
		} finally {
			this.#check.stop();
		}
		if (openStores.size === 0) process.off('exit', closeOpenStores);
		try {
			if (this.mode === 'write') clearHolder(this.#db);
		} catch {
			// Leaving the holder row behind is harmless: it is only shown while the lock is held.
		}
		try {
			this.#db.close();
		} finally {
			this.#opened.lock?.release();
			this.#opened.lock = undefined;
		}
	}
}
