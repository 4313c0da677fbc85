import type Database from 'better-sqlite3';
import {nativePath} from '../util/raw-path.js';

export type Migration = {
	/** The schema version this migration produces; versions are 1, 2, 3 … in order. */
	version: number;
	description: string;
	up(db: Database.Database): void;
};

/**
 * The store's schema, as ordered migrations. PRAGMA user_version holds the version a file has reached;
 * opening a file runs the missing migrations in order, each in its own transaction together with the
 * version bump, so an interruption leaves the file at the previous version, never half migrated.
 * Never edit a migration that has been released: add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		description: 'tracks, features, failures',
		up(db) {
			db.exec(`
				CREATE TABLE tracks (
					id INTEGER PRIMARY KEY,
					path TEXT NOT NULL,
					size INTEGER NOT NULL,
					mtime_ms INTEGER NOT NULL,
					duration_seconds REAL NOT NULL,
					partial INTEGER NOT NULL DEFAULT 0,
					artist TEXT,
					album TEXT,
					album_artist TEXT,
					title TEXT,
					track_number INTEGER,
					genre TEXT,
					analysed_ms INTEGER NOT NULL,
					-- The version of the features stored for the track; here rather than beside them so that
					-- planning a run reads only these small rows, not the analyses.
					features_version INTEGER NOT NULL
				);
				CREATE UNIQUE INDEX tracks_path ON tracks (path);

				-- One row per track: the analysis as JSON (without its vector) and the vector as float64 LE.
				CREATE TABLE features (
					track_id INTEGER PRIMARY KEY REFERENCES tracks (id) ON DELETE CASCADE,
					analysis TEXT NOT NULL,
					vector BLOB
				);

				-- Files that could not be analysed, as they were when they failed.
				CREATE TABLE failures (
					path TEXT PRIMARY KEY,
					size INTEGER NOT NULL,
					mtime_ms INTEGER NOT NULL,
					error TEXT NOT NULL,
					attempts INTEGER NOT NULL,
					first_failed_ms INTEGER NOT NULL,
					last_tried_ms INTEGER NOT NULL
				);

				CREATE TABLE meta (
					key TEXT PRIMARY KEY,
					value TEXT NOT NULL
				);
			`);
		},
	},
	{
		version: 2,
		description: 'tempo and key beside the analysis, for stats',
		up(db) {
			db.exec(`
				ALTER TABLE features ADD COLUMN bpm REAL;
				ALTER TABLE features ADD COLUMN key TEXT;
				UPDATE features SET
					bpm = CASE WHEN json_type(analysis, '$.bpm') IN ('real', 'integer') THEN json_extract(analysis, '$.bpm') END,
					key = CASE WHEN json_type(analysis, '$.key') = 'text' THEN json_extract(analysis, '$.key') END
				WHERE json_valid(analysis);
			`);
		},
	},
	{
		version: 3,
		description: 'timbre Gaussian and onset pattern as float32 blobs',
		up(db) {
			// Filled by analyses of features version 2 on; older rows keep NULL until analysed again.
			db.exec(`
				ALTER TABLE features ADD COLUMN timbre BLOB;
				ALTER TABLE features ADD COLUMN pattern BLOB;
			`);
		},
	},
	{
		version: 4,
		description: 'CUE tracks of album images',
		up(db) {
			// The CUE track's place (image, sheet, number, start and end) as JSON; NULL for a whole file.
			// Its row's path is the image's with "#NN".
			db.exec(`ALTER TABLE tracks ADD COLUMN cue TEXT;`);
		},
	},
	{
		version: 5,
		description: 'the image of a CUE track as a column; the sheet beside a failed file',
		up(db) {
			// An image's CUE tracks are found by an exact match on their image, not by their paths' prefix
			// (the CUE tracks of "a.flac#b.flac" start with "a.flac#" too). A failure keeps the sheet beside
			// the file, so that a changed sheet is tried again.
			db.exec(`
				ALTER TABLE tracks ADD COLUMN image TEXT;
				CREATE INDEX tracks_image ON tracks (image) WHERE image IS NOT NULL;
				ALTER TABLE failures ADD COLUMN sheet TEXT;
			`);
			const update = db.prepare(`UPDATE tracks SET image = ? WHERE id = ?`);
			for (const [id, cue] of db.prepare(`SELECT id, cue FROM tracks WHERE cue IS NOT NULL`).raw().all() as Array<[number, string]>) {
				update.run(nativePath((JSON.parse(cue) as {image: string}).image), id);
			}
		},
	},
	{
		version: 6,
		description: 'the playlists written, remembered from run to run',
		up(db) {
			// A set of playlists per scope (the library folder they were built over, '' for the whole store):
			// each playlist's name and members (track keys as JSON, in play order; `loose` those that joined
			// only because they fitted nowhere else), and the settings the set was grouped with in `meta`.
			// `playlist_files` says where each was written, so that a file deleted by hand is noticed.
			db.exec(`
				CREATE TABLE playlists (
					id INTEGER PRIMARY KEY,
					scope TEXT NOT NULL,
					name TEXT NOT NULL,
					members TEXT NOT NULL,
					loose TEXT NOT NULL DEFAULT '[]',
					created_ms INTEGER NOT NULL,
					updated_ms INTEGER NOT NULL
				);
				CREATE INDEX playlists_scope ON playlists (scope);
				CREATE TABLE playlist_files (
					playlist_id INTEGER NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
					dir TEXT NOT NULL,
					file TEXT NOT NULL,
					format TEXT NOT NULL,
					written_ms INTEGER NOT NULL,
					PRIMARY KEY (dir, file)
				);
			`);
		},
	},
	{
		version: 7,
		description: 'what readers derive from every track, kept until a track changes',
		up(db) {
			// `derived` keeps what a reader works out from every track (the search rows in a few large parts,
			// the copies of a recording), each value in parts of one name. `generation` in meta counts the
			// changes to the tracks and their features: the triggers bump it and drop every derived value at
			// each change, whoever writes, so a value is read only with the generation it was made from.
			db.exec(`
				CREATE TABLE IF NOT EXISTS derived (
					name TEXT NOT NULL,
					part INTEGER NOT NULL,
					generation INTEGER NOT NULL,
					data BLOB NOT NULL,
					PRIMARY KEY (name, part)
				);
				INSERT INTO meta (key, value) VALUES ('generation', '0') ON CONFLICT (key) DO NOTHING;
			`);
			for (const table of ['tracks', 'features']) {
				for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
					db.exec(`
						CREATE TRIGGER IF NOT EXISTS ${table}_${event.toLowerCase()}_changes_generation AFTER ${event} ON ${table} BEGIN
							UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation';
							DELETE FROM derived;
						END;
					`);
				}
			}
		},
	},
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

export function schemaVersion(db: Database.Database): number {
	return db.pragma('user_version', {simple: true}) as number;
}

/**
 * Brings a database up to the last of `migrations` (all of them by default). Returns the versions
 * applied. The caller must hold the store's writer lock.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
	const applied: number[] = [];
	for (const [index, migration] of migrations.entries()) {
		if (migration.version !== index + 1) throw new Error(`migration ${index + 1} is numbered ${migration.version}`);
	}
	const apply = (migration: Migration) => {
		migration.up(db);
		db.pragma(`user_version = ${migration.version}`);
		applied.push(migration.version);
	};
	// A new file is made in one transaction: each page written once, so creating a store costs a few
	// pages of journal rather than one set per migration (it matters on a nearly full disk).
	if (schemaVersion(db) === 0) {
		db.transaction(() => migrations.forEach(apply)).immediate();
		return applied;
	}
	for (const migration of migrations) {
		if (schemaVersion(db) >= migration.version) continue;
		db.transaction(() => apply(migration)).immediate();
	}
	return applied;
}
