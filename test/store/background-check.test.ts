/**
 * The quick check that runs beside a command's reading (store/background-check.ts), on real SQLite
 * files: its answer, and stopping it at a bad moment, which must never take the command down with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import test from 'ava';
import Database from 'better-sqlite3';
import {checkInBackground} from '../../source/store/background-check.js';
import {tempDir} from '../helpers/fixtures.js';

/** A store-like SQLite file with a rollback journal, so that another connection can lock readers out. */
function sqliteFile(dir: string): string {
	const file = path.join(dir, 'library.db');
	const db = new Database(file);
	db.pragma('journal_mode = DELETE');
	db.exec('CREATE TABLE tracks (path TEXT); INSERT INTO tracks VALUES (1), (2)');
	db.close();
	return file;
}

test('a sound file: the check says ok; a path SQLite cannot open: the check says why', async t => {
	const dir = tempDir(t);
	t.deepEqual(await checkInBackground(sqliteFile(dir)).answer, {lines: ['ok']});
	const answer = await checkInBackground(dir).answer;
	t.true(answer !== undefined && 'error' in answer && /unable to open/.test(answer.error), JSON.stringify(answer));
});

test('a check stopped while SQLite waits for a lock, which then fails, leaves this process standing', async t => {
	const file = sqliteFile(tempDir(t));
	const holder = new Database(file);
	t.teardown(() => holder.close());
	holder.exec('BEGIN EXCLUSIVE; INSERT INTO tracks VALUES (3)');

	// Not stopped: the check waits for the lock as long as it is told to, then says the store is busy.
	const waited = await checkInBackground(file, 300).answer;
	t.true(waited !== undefined && 'error' in waited && /locked|busy/.test(waited.error), JSON.stringify(waited));

	// Stopped while it waits: the lock's error comes after the stop. A check in a thread of this
	// process then aborted the process (V8 cannot build an error in a thread being stopped).
	const stopped = checkInBackground(file, 300);
	await sleep(100);
	stopped.stop();
	t.is(await stopped.answer, undefined);
	await sleep(600);
	t.true(fs.existsSync(file), 'still here to say so');
});
