/**
 * A store file damaged on disk (8 KiB of random bytes written over its middle, as a failing disk or a
 * bad copy leaves it): every command says that the store is damaged and what to do, and exits 1; none
 * prints SQLite's stack trace, and `analyze` does not go on with it. The real CLI on a real SQLite file.
 */
import fs from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import Database from 'better-sqlite3';
import {createRng} from '../../source/playlists/random.js';
import {runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/fixtures.js';
import {syntheticLibrary} from '../helpers/synthetic-library.js';
import {writeSyntheticStore} from '../helpers/synthetic-store.js';

/** Writes 8 KiB of seeded random bytes over the middle of `file`. */
function damage(file: string, seed = 27): void {
	const rng = createRng(seed);
	const bytes = Buffer.from(Array.from({length: 8192}, () => rng.int(256)));
	const handle = fs.openSync(file, 'r+');
	try {
		fs.writeSync(handle, bytes, 0, bytes.length, Math.floor(fs.fstatSync(handle).size / 2));
	} finally {
		fs.closeSync(handle);
	}
}

async function damagedStore(t: ExecutionContext): Promise<{home: string; db: string; env: NodeJS.ProcessEnv; library: string}> {
	const home = tempDir(t);
	const library = path.join(home, 'music');
	fs.mkdirSync(library);
	const db = path.join(home, 'library.db');
	await writeSyntheticStore(db, syntheticLibrary({families: 3, perFamily: 40, root: library}).tracks);
	t.true(fs.statSync(db).size > 64 * 1024, 'a store with more pages than the damage covers');
	damage(db);
	const env = {HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache')};
	return {home, db, env, library};
}

test('a damaged store: every command says so, with what to do, and exits 1', async t => {
	const {home, db, env, library} = await damagedStore(t);
	const track = path.join(library, 'family-01', 'family-01-0001.mp3');
	const commands = [
		['stats'],
		['stats', '--json'],
		['similar', track],
		['similar', '--all', '--limit', '3', '--json'],
		['radio', track, '--dry-run'],
		['playlists', '--dry-run'],
		['analyze', library, '--no-tui'],
	];
	for (const command of commands) {
		const result = await runCli([...command, '--db', db], {env, cwd: home});
		const what = `playlistgen ${command.join(' ')}: ${result.stderr}`;
		t.is(result.code, 1, what);
		t.true(result.stderr.includes(`the library store at ${db} is damaged (`), what);
		t.regex(result.stderr, /store --recover/, what);
		t.notRegex(result.stderr, /^\s+at /m, `no stack trace: ${what}`);
		t.notRegex(result.stdout, /unchanged/, what);
	}
});

test('store --recover copies what is still readable into a new store, keeps the damaged file beside it, and every command works again', async t => {
	const {home, db, env} = await damagedStore(t);
	const recovered = await runCli(['store', '--recover', '--db', db], {env, cwd: home});
	t.is(recovered.code, 0, recovered.stderr);
	const copied = Number(/ {2}tracks: (\d+) rows copied, (\d+) could not be read/.exec(recovered.stdout)?.[1]);
	t.true(copied > 30 && copied < 120, recovered.stdout);
	t.regex(recovered.stdout, /PRAGMA integrity_check of the new store: ok/);
	t.regex(recovered.stdout, new RegExp(`The damaged file is kept as ${db.replaceAll('.', '\\.')}\\.damaged\\.`));
	t.true(fs.existsSync(`${db}.damaged`));

	const stats = await runCli(['stats', '--json', '--db', db], {env, cwd: home});
	t.is(stats.code, 0, stats.stderr);
	const report = JSON.parse(stats.stdout) as {tracks: number; current: number};
	t.true(report.current > 0 && report.tracks <= copied, stats.stdout);
	const playlists = await runCli(['playlists', '--dry-run', '--db', db], {env, cwd: home});
	t.is(playlists.code, 0, playlists.stderr);

	const sound = await runCli(['store', '--recover', '--db', db], {env, cwd: home});
	t.is(sound.code, 0, sound.stderr);
	t.is(sound.stdout, `The store ${db} is not damaged (PRAGMA quick_check: ok): nothing to recover.\n`);
	t.false(fs.existsSync(`${db}.damaged-2`), 'a sound store is left as it is');

	const without = await runCli(['store', '--db', db], {env, cwd: home});
	t.is(without.code, 2);
	t.regex(without.stderr, /store needs --recover/);
});

test('similar and path read what the store keeps while its check runs: damage they never read is said all the same, exit 1, no answer', async t => {
	const home = tempDir(t);
	const library = path.join(home, 'music');
	const db = path.join(home, 'library.db');
	await writeSyntheticStore(db, syntheticLibrary({families: 3, perFamily: 20, root: library}).tracks);
	const env = {HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache')};
	const [from, to] = [path.join(library, 'family-01', 'family-01-0001.mp3'), path.join(library, 'family-02', 'family-02-0001.mp3')];
	const commands = [
		['similar', from, '--json'],
		['path', from, to, '--length', '5', '--dry-run', '--json'],
	];
	for (const command of commands) {
		const result = await runCli([...command, '--db', db], {env, cwd: home});
		t.is(result.code, 0, result.stderr);
	}
	// Garbage over the first page of the features, which the search snapshot kept by the first run spares the reading.
	const handle = new Database(db, {readonly: true});
	const page = handle.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'features'`).pluck().get() as number;
	handle.close();
	const file = fs.openSync(db, 'r+');
	fs.writeSync(file, Buffer.alloc(4096, 0xa5), 0, 4096, (page - 1) * 4096);
	fs.closeSync(file);
	for (const command of commands) {
		const result = await runCli([...command, '--db', db], {env, cwd: home});
		const what = `playlistgen ${command.join(' ')}: ${result.stderr}`;
		t.is(result.code, 1, what);
		t.true(result.stderr.includes(`the library store at ${db} is damaged (PRAGMA quick_check: `), what);
		t.is(result.stdout, '', what);
	}
});
