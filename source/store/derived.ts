/**
 * What readers derive from every track of the store (the search rows, the copies of a recording), kept
 * in the store until a track changes (schema 7): each value is stored under a name, in parts, with the
 * generation of the tracks it was made from. The schema's triggers bump the generation and drop every
 * value whenever a track or its features change, so a value is only ever read with the tracks it was
 * made from, whichever program wrote to the store since.
 */
import type Database from 'better-sqlite3';
import {errorMessage} from '../util/error-message.js';
import {isStoreDamage} from './errors.js';

/** Parts of at most this many bytes (SQLite's limit is 1e9): one blob read whole costs less than several joined. */
const PART_BYTES = 512 << 20;

/** The generation of the store's tracks: it changes whenever a track or its features change. */
export function tracksGeneration(db: Database.Database): number {
	const value = db.prepare(`SELECT value FROM meta WHERE key = 'generation'`).pluck().get() as string | undefined;
	return value === undefined ? -1 : Number(value);
}

/** Whether a value is kept under each of `names` for the tracks as they are now. */
export function derivedKept(db: Database.Database, names: string[]): boolean {
	return db.transaction(() => {
		const kept = db.prepare(`SELECT count(DISTINCT name) FROM derived WHERE generation = ? AND name IN (${names.map(() => '?').join(', ')})`).pluck();
		return kept.get(tracksGeneration(db), ...names) === names.length;
	})();
}

/** The value stored under `name` for `generation`, its parts joined; undefined when there is none for it. */
export function readDerived(db: Database.Database, name: string, generation: number): Uint8Array | undefined {
	const parts = db.prepare(`SELECT data FROM derived WHERE name = ? AND generation = ? ORDER BY part`).pluck().all(name, generation) as Buffer[];
	if (parts.length === 0) return undefined;
	if (parts.length === 1) return parts[0];
	const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let at = 0;
	for (const part of parts) {
		joined.set(part, at);
		at += part.length;
	}
	return joined;
}

/**
 * Stores `data` under `name` (in place of what other names starting with `family` held), if the tracks
 * are still at `generation`: a value made from tracks that changed meanwhile is not kept. A store that
 * cannot be written (a read-only file, a full disk, another writer for too long) keeps nothing, and the
 * reader goes on without it (damage met is thrown, as anywhere). Returns whether the value was kept, or why not.
 */
export function writeDerived(db: Database.Database, name: string, family: string, generation: number, data: Uint8Array): true | string {
	try {
		return db
			.transaction(() => {
				// A store without its generation (a meta row lost) cannot tell a change: nothing is kept in it.
				if (generation < 0) return 'the store keeps no generation of its tracks';
				if (tracksGeneration(db) !== generation) return 'the tracks changed meanwhile';
				db.prepare(`DELETE FROM derived WHERE substr(name, 1, ?) = ?`).run(family.length, family);
				const insert = db.prepare(`INSERT INTO derived (name, part, generation, data) VALUES (?, ?, ?, ?)`);
				for (let part = 0, at = 0; at < data.length || part === 0; part++, at += PART_BYTES) {
					insert.run(name, part, generation, Buffer.from(data.buffer, data.byteOffset + at, Math.min(PART_BYTES, data.length - at)));
				}
				return true as const;
			})
			.immediate();
	} catch (error) {
		if (isStoreDamage(error)) throw error;
		return errorMessage(error);
	}
}
