/** The store's prepared statements and the path ranges they select by (a root folder, an image's CUE tracks). */
import path from 'node:path';
import type Database from 'better-sqlite3';
import {nativePath, pathFromNative, pathToBytes} from '../util/raw-path.js';

/**
 * A root folder as ranges of paths: everything strictly below it sorts in [low, high) among the paths
 * stored as text, and in [lowBytes, highBytes) among those stored as bytes (names that are not UTF-8;
 * SQLite sorts every BLOB after every TEXT, so each kind needs its own range, both on the path index).
 */
export function pathRange(root: string): [string, string, Buffer, Buffer] {
	const resolved = path.resolve(root);
	const low = resolved.endsWith(path.sep) ? resolved : resolved + path.sep;
	const high = low.slice(0, -1) + String.fromCharCode(path.sep.charCodeAt(0) + 1);
	return [low, high, pathToBytes(low), pathToBytes(high)];
}

/** Whether a track's path lies under `root`: what the root's ranges (pathRange) select in SQL, for paths in memory. */
export function insideRoot(root: string): (file: string) => boolean {
	const [low, , lowBytes] = pathRange(root);
	return file => {
		const native = nativePath(file);
		// In [low, high) is the same as starting with `low` (the root and a separator), in SQLite's order and in ours.
		return typeof native === 'string' ? native.startsWith(low) : native.subarray(0, lowBytes.length).equals(lowBytes);
	};
}

/** An image's path as its CUE tracks hold it in their `image` column. */
export const imageKey = (image: string) => nativePath(path.resolve(image));

/** A range condition on a path column, for the four parameters of pathRange. */
export const inRange = (column: string) => `((${column} >= ? AND ${column} < ?) OR (${column} >= ? AND ${column} < ?))`;

/** Planning rows with their path (at `index`) as a string again. */
export function withStringPaths<T extends unknown[]>(rows: T[], index: number): T[] {
	for (const row of rows) row[index] = pathFromNative(row[index] as string | Buffer);
	return rows;
}

/** The statements of the write path, prepared once per store. */
export function prepareStatements(db: Database.Database) {
	return {
		plannedTracks: db.prepare(`SELECT id, path, size, mtime_ms, features_version, cue FROM tracks WHERE ${inRange('path')}`).raw(),
		plannedFailures: db.prepare(`SELECT path, size, mtime_ms, sheet FROM failures WHERE ${inRange('path')}`).raw(),
		deleteTrackById: db.prepare(`DELETE FROM tracks WHERE id = ?`),
		deleteTrackByPath: db.prepare(`DELETE FROM tracks WHERE path = ?`),
		deleteImageParts: db.prepare(`DELETE FROM tracks WHERE image = ?`),
		deleteFailure: db.prepare(`DELETE FROM failures WHERE path = ?`),
		upsertTrack: db.prepare(
			`INSERT INTO tracks (path, size, mtime_ms, duration_seconds, partial, artist, album, album_artist, title, track_number, genre, analysed_ms,
			 features_version, cue, image)
			 VALUES (@path, @size, @mtime, @duration, @partial, @artist, @album, @albumArtist, @title, @trackNumber, @genre, @now, @version, @cue, @image)
			 ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, duration_seconds = excluded.duration_seconds,
			 partial = excluded.partial, artist = excluded.artist, album = excluded.album, album_artist = excluded.album_artist,
			 title = excluded.title, track_number = excluded.track_number, genre = excluded.genre, analysed_ms = excluded.analysed_ms,
			 features_version = excluded.features_version, cue = excluded.cue, image = excluded.image
			 RETURNING id`,
		),
		upsertFeatures: db.prepare(
			`INSERT INTO features (track_id, analysis, vector, bpm, key, timbre, pattern) VALUES (@id, @analysis, @vector, @bpm, @key, @timbre, @pattern)
			 ON CONFLICT (track_id) DO UPDATE SET analysis = excluded.analysis,
			 vector = excluded.vector, bpm = excluded.bpm, key = excluded.key, timbre = excluded.timbre, pattern = excluded.pattern`,
		),
		upsertFailure: db.prepare(
			`INSERT INTO failures (path, size, mtime_ms, error, attempts, first_failed_ms, last_tried_ms, sheet)
			 VALUES (@path, @size, @mtime, @error, 1, @now, @now, @sheet)
			 ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, error = excluded.error, sheet = excluded.sheet,
			 attempts = attempts + 1, last_tried_ms = excluded.last_tried_ms`,
		),
	};
}
