/**
 * A damaged store rebuilt from what is still readable: every table's rows copied one by one into a new
 * file (a row on a damaged page is left out, the rest kept), the indexes built again from the copied
 * rows, and the new file put in the old one's place, the damaged file kept beside it. Whatever the
 * schema holds is copied, but for what readers derived from the tracks (made again from those kept); tracks
 * without their features are dropped (they would pass for analysed).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {errorMessage} from '../util/error-message.js';
import {StoreBusyError, StoreError} from './errors.js';
import {WriterLock} from './lock.js';
import {damageFound, readHolder} from './open.js';

export type TableRecovery = {name: string; copied: number; unreadable: number};

/** What was copied; `damagedCopy` undefined when the store was found sound and left as it was. */
export type Recovery = {path: string; tables: TableRecovery[]; damagedCopy: string | undefined; check: string};

/** How far past the last row a scan reached to look for rows, when the table's largest rowid cannot be read. */
const PROBE_PAST = 100_000;

/** Tables of values derived from the others. */
const DERIVED_TABLES = new Set(['derived']);

type SchemaEntry = {type: string; name: string; sql: string};

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A free name beside the store for the damaged file: library.db.damaged, else .damaged-2 … */
function damagedName(storePath: string): string {
	for (let n = 1; ; n++) {
		const name = n === 1 ? `${storePath}.damaged` : `${storePath}.damaged-${n}`;
		if (![name, `${name}-wal`, `${name}-shm`].some(file => fs.existsSync(file))) return name;
	}
}

/** The rowids of a table, read in order as far as the table can be read, then all those after up to its end. */
function rowids(old: Database.Database, table: string): number[] {
	const found: number[] = [];
	try {
		for (const [rowid] of old
			.prepare(`SELECT rowid FROM ${quoted(table)} ORDER BY rowid`)
			.raw()
			.iterate() as IterableIterator<[number]>)
			found.push(rowid);
		return found;
	} catch {
		// A damaged page ends the scan: what lies after it is looked up by rowid.
	}
	const last = found.at(-1) ?? 0;
	let end = last + PROBE_PAST;
	try {
		end = Math.max(last, (old.prepare(`SELECT max(rowid) AS max FROM ${quoted(table)}`).get() as {max: number | null}).max ?? last);
	} catch {}
	for (let rowid = last + 1; rowid <= end; rowid++) found.push(rowid);
	return found;
}

/** Copies one table's readable rows; a row that cannot be read or written is counted, not copied. */
function copyTable(old: Database.Database, db: Database.Database, table: string): TableRecovery {
	const columns = (old.pragma(`table_info(${quoted(table)})`) as Array<{name: string}>).map(column => column.name);
	const list = columns.map(column => quoted(column)).join(', ');
	const read = old.prepare(`SELECT ${list} FROM ${quoted(table)} WHERE rowid = ?`).raw();
	const write = db.prepare(`INSERT INTO ${quoted(table)} (rowid, ${list}) VALUES (?, ${columns.map(() => '?').join(', ')})`);
	const result: TableRecovery = {name: table, copied: 0, unreadable: 0};
	db.transaction(() => {
		for (const rowid of rowids(old, table)) {
			try {
				const row = read.get(rowid) as unknown[] | undefined;
				if (!row) continue;
				write.run(rowid, ...row);
				result.copied++;
			} catch {
				result.unreadable++;
			}
		}
	})();
	return result;
}

/**
 * Rebuilds the store at `file` from its readable rows, under its writer lock. Throws StoreError when
 * nothing can be done (no store there, its list of tables unreadable, another playlistgen using it).
 */
export async function recoverStore(file: string, options: {waitMs?: number} = {}): Promise<Recovery> {
	const storePath = path.resolve(file);
	if (!fs.existsSync(storePath)) throw new StoreError(`no store at ${storePath}: nothing to recover`, storePath);
	const waitMs = options.waitMs ?? 5000;
	const lock = await WriterLock.acquire(`${storePath}.lock`, {waitMs});
	if (!lock) throw new StoreBusyError(storePath, readHolder(storePath), waitMs);
	const rebuilt = `${storePath}.recovering`;
	let old: Database.Database | undefined;
	let db: Database.Database | undefined;
	try {
		for (const leftover of [rebuilt, `${rebuilt}-journal`]) fs.rmSync(leftover, {force: true});
		let schema: SchemaEntry[];
		let version: number;
		try {
			old = new Database(storePath, {readonly: true, fileMustExist: true});
			schema = old.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'`).all() as SchemaEntry[];
			version = old.pragma('user_version', {simple: true}) as number;
		} catch (error) {
			throw new StoreError(`cannot recover the store ${storePath}: its list of tables cannot be read (${errorMessage(error)})`, storePath);
		}
		if (!damageFound(old)) return {path: storePath, tables: [], damagedCopy: undefined, check: 'ok'};
		db = new Database(rebuilt);
		// Rows come table by table; links between them are checked once all are in.
		db.pragma('foreign_keys = OFF');
		const tables = schema.filter(entry => entry.type === 'table');
		for (const table of tables) db.exec(table.sql);
		// What readers derived from the tracks (derived.ts) is not copied: made again from the rows kept.
		const copied = tables.filter(table => !DERIVED_TABLES.has(table.name)).map(table => copyTable(old!, db!, table.name));
		// A track whose features were lost goes too: kept, it would look analysed and never be analysed again.
		if (tables.some(table => table.name === 'tracks') && tables.some(table => table.name === 'features')) {
			const {changes} = db.prepare(`DELETE FROM tracks WHERE id NOT IN (SELECT track_id FROM features)`).run();
			const entry = copied.find(each => each.name === 'tracks')!;
			entry.copied -= changes;
			entry.unreadable += changes;
		}
		// A row whose parent was lost (a track's features without the track) goes too.
		for (const {table, rowid} of db.pragma('foreign_key_check') as Array<{table: string; rowid: number}>) {
			db.prepare(`DELETE FROM ${quoted(table)} WHERE rowid = ?`).run(rowid);
			const entry = copied.find(each => each.name === table);
			if (entry) {
				entry.copied--;
				entry.unreadable++;
			}
		}
		for (const entry of schema.filter(each => each.type !== 'table')) db.exec(entry.sql);
		// The generation of the tracks (derived.ts) starts again if its row was lost: nothing derived was copied.
		if (tables.some(table => table.name === 'derived')) db.exec(`INSERT INTO meta (key, value) VALUES ('generation', '0') ON CONFLICT (key) DO NOTHING`);
		db.pragma(`user_version = ${version}`);
		const check = (db.pragma('integrity_check') as Array<{integrity_check: string}>).map(row => row.integrity_check).join('; ');
		db.close();
		db = undefined;
		old.close();
		old = undefined;
		const damagedCopy = damagedName(storePath);
		fs.renameSync(storePath, damagedCopy);
		for (const suffix of ['-wal', '-shm']) {
			if (fs.existsSync(storePath + suffix)) fs.renameSync(storePath + suffix, damagedCopy + suffix);
		}
		fs.renameSync(rebuilt, storePath);
		return {path: storePath, tables: copied, damagedCopy, check};
	} finally {
		db?.close();
		old?.close();
		if (fs.existsSync(rebuilt)) fs.rmSync(rebuilt, {force: true});
		lock.release();
	}
}
