/** Counts and distributions of a store for `playlistgen stats`, computed in SQL. */
import type Database from 'better-sqlite3';

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

type Filter = {sql: string; params: Array<string | Buffer>};

/** The summary of the tracks `filter` selects (on t.path) and the failures `failureFilter` selects (on path). */
export function readSummary(db: Database.Database, featuresVersion: number, filter: Filter, failureFilter: Filter): StoreSummary {
	const totals = db
		.prepare(
			`SELECT count(*) AS tracks, coalesce(sum(t.features_version = ?), 0) AS current, coalesce(sum(t.partial), 0) AS partial,
			 coalesce(sum(t.duration_seconds), 0) AS duration
			 FROM tracks t JOIN features f ON f.track_id = t.id WHERE 1 = 1${filter.sql}`,
		)
		.get(featuresVersion, ...filter.params) as {tracks: number; current: number; partial: number; duration: number};
	const failures = (db.prepare(`SELECT count(*) AS n FROM failures WHERE 1 = 1${failureFilter.sql}`).get(...failureFilter.params) as {n: number}).n;
	const current = ` AND t.features_version = ?${filter.sql}`;
	const params = [featuresVersion, ...filter.params];
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
