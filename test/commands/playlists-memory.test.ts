/** `playlistgen playlists` run again and again on a real store, as cron would: files keep their names and grow. */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {FEATURES_VERSION, VECTOR_LENGTH} from '../../source/analysis/vector.js';
import {SCHEMA_VERSION} from '../../source/store/schema.js';
import type {StoredTrack} from '../../source/store/types.js';
import {runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/fixtures.js';
import {syntheticLibrary} from '../helpers/synthetic-library.js';
import {writeSyntheticStore} from '../helpers/synthetic-store.js';

/** Five families of ten, their vectors padded to this build's length. */
function library(root: string): StoredTrack[] {
	const {tracks} = syntheticLibrary({families: 5, perFamily: 10, seed: 3, root: path.join(root, 'Music')});
	return tracks.map(track => ({
		...track,
		analysis: {
			...track.analysis,
			featuresVersion: FEATURES_VERSION,
			vector: [...track.analysis.vector, ...Array<number>(VECTOR_LENGTH - track.analysis.vector.length).fill(0)],
		},
	}));
}

function folder(dir: string): Map<string, string> {
	return new Map(
		fs
			.readdirSync(dir)
			.sort()
			.map(name => [name, fs.readFileSync(path.join(dir, name), 'utf8')]),
	);
}

test('cron-like runs: a rerun rewrites nothing, added tracks join their playlists under the same files, the output says what changed', async t => {
	const root = tempDir(t, 'playlistgen-memory-cli-');
	const db = path.join(root, 'library.db');
	const out = path.join(root, 'playlists');
	const tracks = library(root);
	const late = tracks.slice(-4);
	await writeSyntheticStore(db, tracks.slice(0, -4));
	const playlists = (...args: string[]) => runCli(['playlists', '--db', db, '--out', out, '--target-length', '10', ...args], {cwd: root});

	const first = await playlists();
	t.is(first.code, 0, first.stderr);
	t.regex(first.stdout, /^Wrote \d files to /);
	t.notRegex(first.stdout, /Changes:/, 'nothing to compare the first write with');
	const before = folder(out);

	const rerun = await playlists();
	t.is(rerun.code, 0, rerun.stderr);
	t.regex(rerun.stdout, new RegExp(`^Wrote 0 files to .*; ${before.size} unchanged\\.\\n$`));
	t.deepEqual(folder(out), before, 'byte for byte');

	await writeSyntheticStore(db, late);
	const dry = await playlists('--dry-run', '--json');
	const planned = JSON.parse(dry.stdout) as {changes: {mode: string; kept: Array<{name: string; added: string[]}>; created: unknown[]}};
	t.is(planned.changes.mode, 'grown');
	t.deepEqual(planned.changes.created, []);
	const joined = planned.changes.kept.filter(kept => kept.added.length > 0);
	t.is(joined.length, 1);
	t.deepEqual(joined[0]!.added.sort(), late.map(track => track.path).sort());
	t.deepEqual(folder(out), before, '--dry-run writes nothing');

	const grown = await playlists();
	t.is(grown.code, 0, grown.stderr);
	t.true(grown.stdout.includes(`Changes: 4 tracks added to ${joined[0]!.name}.`), grown.stdout);
	const after = folder(out);
	t.deepEqual([...after.keys()], [...before.keys()], 'the same files');
	const file = [...after.keys()].find(name => name.startsWith(joined[0]!.name))!;
	for (const track of late) t.true(after.get(file)!.includes(path.basename(track.path)));

	// A playlist file deleted by hand is written again, and said so.
	fs.rmSync(path.join(out, file));
	const again = await playlists();
	t.true(again.stdout.includes(`Note: ${file} was missing (deleted since the last run?) and is written again.`), again.stdout);
	t.deepEqual(folder(out), after);

	// Another folder gets the same names, and the output says where the earlier ones are.
	const mpd = path.join(root, 'mpd');
	const elsewhere = await runCli(['playlists', '--db', db, '--out', mpd, '--format', 'm3u', '--target-length', '10'], {cwd: root});
	t.true(
		elsewhere.stdout.includes(`Note: first playlists written to ${mpd}; those written before to ${out} are left as they are there (same names).`),
		elsewhere.stdout,
	);
	t.deepEqual(
		[...folder(mpd).keys()].map(name => name.replace(/\.m3u$/, '')),
		[...after.keys()].map(name => name.replace(/\.m3u8$/, '')),
	);

	// --regroup groups afresh; the groups are the same, so are the names.
	const regrouped = await playlists('--regroup');
	t.regex(regrouped.stdout, /Changes: library grouped afresh \(asked for \(--regroup\)\)\./);
	t.deepEqual([...folder(out).keys()], [...after.keys()]);
});

test('the live view on the library folder and a playlists run on the whole store share the remembered playlists', async t => {
	const root = tempDir(t, 'playlistgen-memory-cli-');
	const db = path.join(root, 'library.db');
	const out = path.join(root, 'playlists');
	await writeSyntheticStore(db, library(root));
	const written = await runCli(['playlists', '--db', db, '--out', out, '--target-length', '10'], {cwd: root});
	t.is(written.code, 0, written.stderr);
	// As `playlistgen ~/Music` sets the library folder for its preview.
	const env = {PLAYLISTGEN_LIBRARY: path.join(root, 'Music')};
	const again = await runCli(['playlists', '--db', db, '--out', out, '--target-length', '10', '--dry-run', '--json'], {cwd: root, env});
	t.is((JSON.parse(again.stdout) as {changes: {mode: string}}).changes.mode, 'grown');
	// A folder that holds only part of the store keeps a set of its own.
	await writeSyntheticStore(db, library(path.join(root, 'elsewhere')));
	const part = await runCli(['playlists', '--db', db, '--out', out, '--target-length', '10', '--dry-run', '--json'], {cwd: root, env});
	t.is((JSON.parse(part.stdout) as {changes: {mode: string}}).changes.mode, 'first');
});

test('a store of the previous schema is migrated on the first playlists run and nothing analysed is lost', async t => {
	const root = tempDir(t, 'playlistgen-memory-cli-');
	const db = path.join(root, 'library.db');
	await writeSyntheticStore(db, library(root));
	// Back to schema 5: the tables this version adds are not there yet.
	const Database = (await import('better-sqlite3')).default;
	const old = new Database(db);
	old.exec('DROP TABLE playlist_files; DROP TABLE playlists; PRAGMA user_version = 5;');
	old.close();
	const result = await runCli(['playlists', '--db', db, '--out', path.join(root, 'out'), '--target-length', '10'], {cwd: root});
	t.is(result.code, 0, result.stderr);
	const stats = JSON.parse((await runCli(['stats', '--db', db, '--json'], {cwd: root})).stdout) as {schemaVersion: number; tracks: number};
	t.is(stats.schemaVersion, SCHEMA_VERSION);
	t.is(stats.tracks, 50);
});
