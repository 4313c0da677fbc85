/**
 * End to end on the bundled media/: analyse with the real CLI into a fresh store, then build playlists
 * with the real CLI, and check that tracks of a family (dusk, neon, rush) end up together.
 * Needs dist/ built (npm test builds it first).
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {bundledManifest, cliPath, mediaDir, tempDir} from '../helpers/fixtures.js';
import {runCli} from '../helpers/cli.js';

const ready = fs.existsSync(cliPath);
const maybe = ready ? test.serial : test.serial.skip;

type Output = {playlists: Array<{name: string; tracks: Array<{path: string}>}>};

async function analysed(t: Parameters<typeof tempDir>[0]): Promise<{db: string; library: string; family: Map<string, string>}> {
	const dir = tempDir(t);
	const library = path.join(dir, 'media');
	fs.mkdirSync(library);
	const family = new Map<string, string>();
	for (const entry of bundledManifest()) {
		fs.copyFileSync(path.join(mediaDir, entry.file), path.join(library, entry.file));
		family.set(path.join(library, entry.file), entry.family);
	}
	const db = path.join(dir, 'library.db');
	const result = await runCli(['analyze', library, '--db', db, '--no-tui'], {cwd: dir});
	t.is(result.code, 0, result.stderr);
	return {db, library, family};
}

maybe('media/: each family is one cluster (k = 3); grouping by neighbours never mixes families, at a short target length or by default', async t => {
	const {db, family} = await analysed(t);
	const fixed = await runCli(['playlists', '--db', db, '--k', '3', '--dry-run', '--json']);
	t.is(fixed.code, 0, fixed.stderr);
	const groups = (JSON.parse(fixed.stdout) as Output).playlists.map(playlist => playlist.tracks.map(track => family.get(track.path)));
	t.is(groups.length, 3);
	for (const group of groups) t.is(new Set(group).size, 1, JSON.stringify(groups));
	t.deepEqual(new Set(groups.map(group => group[0])), new Set(['dusk', 'neon', 'rush']));

	const short = await runCli(['playlists', '--db', db, '--target-length', '5', '--dry-run', '--json']);
	t.is(short.code, 0, short.stderr);
	const lists = (JSON.parse(short.stdout) as Output).playlists;
	t.is(lists.length, 3);
	for (const playlist of lists) t.is(new Set(playlist.tracks.map(track => family.get(track.path))).size, 1, playlist.name);

	// The library is under the default target, but its families are clearly apart: one playlist each.
	const auto = await runCli(['playlists', '--db', db, '--dry-run', '--json']);
	t.is(auto.code, 0, auto.stderr);
	const byDefault = (JSON.parse(auto.stdout) as Output).playlists;
	t.is(byDefault.length, 3);
	for (const playlist of byDefault) t.is(new Set(playlist.tracks.map(track => family.get(track.path))).size, 1, playlist.name);
});

maybe('media/: a radio from a dusk track plays dusk tracks first, and written playlists resolve', async t => {
	const {db, library, family} = await analysed(t);
	const radio = await runCli(['radio', path.join(library, 'dusk-01.mp3'), '--db', db, '--length', '3', '--dry-run', '--json']);
	t.is(radio.code, 0, radio.stderr);
	const tracks = (JSON.parse(radio.stdout) as Output).playlists[0]!.tracks;
	t.deepEqual(
		tracks.map(track => family.get(track.path)),
		['dusk', 'dusk', 'dusk'],
	);

	const out = path.join(path.dirname(library), 'lists');
	const written = await runCli(['playlists', '--db', db, '--out', out]);
	t.is(written.code, 0, written.stderr);
	for (const name of fs.readdirSync(out).filter(file => file.endsWith('.m3u8'))) {
		for (const line of fs.readFileSync(path.join(out, name), 'utf8').split('\n')) {
			if (line === '' || line.startsWith('#')) continue;
			t.true(fs.existsSync(path.resolve(out, line)), line);
		}
	}
});

maybe('media/: similar lists the nearest tracks of the same family, itself excluded; --all gives one NDJSON line a track', async t => {
	const {db, library, family} = await analysed(t);
	const seed = path.join(library, 'dusk-01.mp3');
	const one = await runCli(['similar', seed, '--db', db, '--limit', '2', '--json']);
	t.is(one.code, 0, one.stderr);
	const result = JSON.parse(one.stdout) as {path: string; neighbours: Array<{path: string; distance: number}>};
	t.is(result.path, seed);
	t.is(result.neighbours.length, 2);
	t.false(result.neighbours.some(neighbour => neighbour.path === seed));
	t.deepEqual(
		result.neighbours.map(neighbour => family.get(neighbour.path)),
		['dusk', 'dusk'],
	);
	t.true(result.neighbours[0]!.distance <= result.neighbours[1]!.distance);

	const text = await runCli(['similar', 'dusk-01', '--db', db, '--limit', '1']);
	t.is(text.code, 0, text.stderr);
	t.true(text.stdout.includes(result.neighbours[0]!.path), text.stdout);

	const all = await runCli(['similar', '--all', '--limit', '3', '--json', '--db', db]);
	t.is(all.code, 0, all.stderr);
	const lines = all.stdout
		.trim()
		.split('\n')
		.map(line => JSON.parse(line) as typeof result);
	t.is(lines.length, family.size);
	t.deepEqual(new Set(lines.map(line => line.path)), new Set(family.keys()));
	for (const line of lines) {
		t.is(line.neighbours.length, 3);
		t.false(line.neighbours.some(neighbour => neighbour.path === line.path));
		const distances = line.neighbours.map(neighbour => neighbour.distance);
		t.deepEqual(
			distances,
			[...distances].sort((a, b) => a - b),
		);
	}
	// The seed's line agrees with the single query: one distance for both.
	t.deepEqual(lines.find(line => line.path === seed)!.neighbours.slice(0, 2), result.neighbours);

	const bad = await runCli(['similar', '--db', db, '--limit', '0', seed]);
	t.is(bad.code, 2);
	t.regex(bad.stderr, /--limit/);
});
