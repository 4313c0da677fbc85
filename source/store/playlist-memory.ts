/**
 * The playlists a store remembers from one run to the next (schema 6): per scope, each playlist's name
 * and members and where it was written, and the settings the set was grouped with. A run starts from
 * this and edits it, so names and files stay put while the library grows.
 */
import type Database from 'better-sqlite3';

/** One remembered playlist. */
export type RememberedPlaylist = {
	id: number;
	name: string;
	/** Track keys (store paths), in play order. */
	members: string[];
	/** Members that joined only because they fitted no playlist: free to form a playlist of their own later. */
	loose: string[];
	createdMs: number;
	updatedMs: number;
	/** Where it was written: folder, file name, format. */
	files: Array<{dir: string; file: string; format: string; writtenMs: number}>;
};

/** What shaped a remembered set; a run with other settings groups the library afresh. */
export type MemorySettings = Record<string, unknown>;

export type PlaylistMemory = {
	playlists: RememberedPlaylist[];
	settings: MemorySettings | undefined;
	/** When the whole library was last grouped afresh, and how many tracks it held then. */
	groupedMs: number | undefined;
	groupedTracks: number | undefined;
};

/** What a run writes back: the set as it now is (ids of kept playlists; none for new ones). */
export type MemoryUpdate = {
	settings: MemorySettings;
	/** Set when this run grouped the whole library afresh. */
	grouped?: {atMs: number; tracks: number};
	playlists: Array<{
		id?: number;
		name: string;
		members: readonly string[];
		loose: readonly string[];
		files?: ReadonlyArray<{dir: string; file: string; format: string}>;
	}>;
	/** The folder written this time: its file records are replaced by the ones above. */
	dir?: string;
	nowMs?: number;
};

const metaKey = (scope: string) => `playlists:${scope}`;

function parseList(text: string): string[] {
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
	} catch {
		return [];
	}
}

export function readPlaylistMemory(db: Database.Database, scope: string): PlaylistMemory {
	const rows = db.prepare(`SELECT id, name, members, loose, created_ms, updated_ms FROM playlists WHERE scope = ? ORDER BY id`).raw().all(scope) as Array<
		[number, string, string, string, number, number]
	>;
	const files = db.prepare(`SELECT dir, file, format, written_ms FROM playlist_files WHERE playlist_id = ? ORDER BY dir, file`).raw();
	const playlists = rows.map(([id, name, members, loose, createdMs, updatedMs]) => ({
		id,
		name,
		members: parseList(members),
		loose: parseList(loose),
		createdMs,
		updatedMs,
		files: (files.all(id) as Array<[string, string, string, number]>).map(([dir, file, format, writtenMs]) => ({dir, file, format, writtenMs})),
	}));
	const meta = db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(metaKey(scope)) as string | undefined;
	let parsed: {settings?: MemorySettings; groupedMs?: number; groupedTracks?: number} = {};
	try {
		parsed = meta ? (JSON.parse(meta) as typeof parsed) : {};
	} catch {}
	return {playlists, settings: parsed.settings, groupedMs: parsed.groupedMs, groupedTracks: parsed.groupedTracks};
}

/**
 * Replaces the scope's remembered set with `update`, in one transaction: kept playlists keep their id
 * (and so their other folders' file records), the others are forgotten, new ones are added.
 */
export function writePlaylistMemory(db: Database.Database, scope: string, update: MemoryUpdate): void {
	const now = update.nowMs ?? Date.now();
	db.transaction(() => {
		const previous = readPlaylistMemory(db, scope);
		const kept = new Set(update.playlists.map(playlist => playlist.id).filter((id): id is number => id !== undefined));
		const forget = db.prepare(`DELETE FROM playlists WHERE id = ?`);
		for (const playlist of previous.playlists) if (!kept.has(playlist.id)) forget.run(playlist.id);
		const insert = db.prepare(`INSERT INTO playlists (scope, name, members, loose, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?)`);
		const change = db.prepare(`UPDATE playlists SET name = ?, members = ?, loose = ?, updated_ms = ? WHERE id = ?`);
		const unchanged = new Map(previous.playlists.map(playlist => [playlist.id, playlist]));
		if (update.dir !== undefined) db.prepare(`DELETE FROM playlist_files WHERE dir = ?`).run(update.dir);
		const addFile = db.prepare(
			`INSERT INTO playlist_files (playlist_id, dir, file, format, written_ms) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (dir, file) DO UPDATE SET playlist_id = excluded.playlist_id, format = excluded.format, written_ms = excluded.written_ms`,
		);
		for (const playlist of update.playlists) {
			const members = JSON.stringify(playlist.members);
			const loose = JSON.stringify(playlist.loose);
			let id = playlist.id;
			const before = id === undefined ? undefined : unchanged.get(id);
			if (id === undefined || !before) {
				id = Number(insert.run(scope, playlist.name, members, loose, now, now).lastInsertRowid);
			} else if (before.name !== playlist.name || JSON.stringify(before.members) !== members || JSON.stringify(before.loose) !== loose) {
				change.run(playlist.name, members, loose, now, id);
			}
			for (const file of playlist.files ?? []) addFile.run(id, file.dir, file.file, file.format, now);
		}
		const meta = {
			settings: update.settings,
			groupedMs: update.grouped?.atMs ?? previous.groupedMs,
			groupedTracks: update.grouped?.tracks ?? previous.groupedTracks,
		};
		db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(metaKey(scope), JSON.stringify(meta));
	}).immediate();
}
