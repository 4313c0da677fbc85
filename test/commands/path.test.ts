/** `playlistgen path FROM TO`: the real CLI on a real store of synthetic tracks. */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {parseM3u8} from '../helpers/m3u.js';
import {runCli, type CliResult} from '../helpers/cli.js';
import {tempDir} from '../helpers/fixtures.js';
import {vectorStore} from '../helpers/vector-store.js';
import {syntheticTrack} from '../helpers/synthetic-library.js';
import {writeSyntheticStore} from '../helpers/synthetic-store.js';
import {FEATURES_VERSION, VECTOR_LENGTH} from '../../source/analysis/vector.js';
import {slimTracksOf} from '../../source/commands/store-tracks.js';
import {DEFAULT_WEIGHTS} from '../../source/config/options.js';
import {libraryRoute, pathPlaylist} from '../../source/playlists/order/song-path.js';
import {librarySimilarity} from '../../source/playlists/similarity/similarity.js';
import {vectorGroups} from '../../source/playlists/similarity/vector-groups.js';
import {LibraryStore} from '../../source/store/library-store.js';

type Listed = {strategy: string; playlists: Array<{name: string; strategy: string; tracks: Array<{path: string}>}>; problems: unknown[]; recordings: unknown[]};

async function library(t: Parameters<typeof tempDir>[0], count = 60): Promise<{root: string; db: string; track: (index: number) => string}> {
	const root = tempDir(t);
	const db = await vectorStore(path.join(root, 'library.db'), root, count);
	return {root, db, track: index => path.join(root, 'Music', `track ${index}.flac`)};
}

function cli(root: string, args: string[]): Promise<CliResult> {
	return runCli(args, {cwd: root, env: {HOME: root, XDG_CONFIG_HOME: path.join(root, '.config')}});
}

/** A usage error: exit 2, the message, the hint, no stack trace. */
function usageError(t: Parameters<typeof tempDir>[0], result: CliResult, message: RegExp): void {
	t.is(result.code, 2, result.stderr);
	t.regex(result.stderr, message);
	t.regex(result.stderr, /Run "playlistgen --help" for usage\.\n$/);
	t.notRegex(result.stderr, /\n\s+at /, 'no stack trace');
	t.is(result.stdout, '');
}

test('path --dry-run --json: radio’s shape with "strategy": "path", FROM first, TO last, N distinct tracks', async t => {
	const {root, db, track} = await library(t);
	const result = await cli(root, ['path', track(3), 'Music/track 40.flac', '--length', '9', '--dry-run', '--json', '--db', db]);
	t.is(result.code, 0, result.stderr);
	const listed = JSON.parse(result.stdout) as Listed;
	t.deepEqual(Object.keys(listed), ['strategy', 'playlists', 'problems', 'recordings']);
	t.is(listed.strategy, 'path');
	t.is(listed.playlists.length, 1);
	const [playlist] = listed.playlists;
	t.is(playlist!.name, 'Path · Artist 3 - Song 3 → Artist 5 - Song 40');
	t.is(playlist!.strategy, 'path');
	const paths = playlist!.tracks.map(entry => entry.path);
	t.is(paths.length, 9);
	t.is(new Set(paths).size, 9);
	t.is(paths[0], track(3));
	t.is(paths.at(-1), track(40));
});

test('path without --length holds 20 tracks; the plain --dry-run lists them like a radio and writes nothing', async t => {
	const {root, db, track} = await library(t);
	const result = await cli(root, ['path', track(1), track(2), '--dry-run', '--db', db]);
	t.is(result.code, 0, result.stderr);
	t.regex(result.stdout, /^Path · Artist 1 - Song 1 → Artist 2 - Song 2\n {2}20 tracks, 1:00:00, /);
	t.regex(result.stdout, /^ {3}1\. Artist 1 - Song 1 {2}\(/m);
	t.regex(result.stdout, /^ {2}20\. Artist 2 - Song 2 {2}\(/m);
	t.regex(result.stdout, /1 playlist, 20 tracks\nNothing written \(--dry-run\)\.\n$/);
	t.false(fs.existsSync(path.join(root, 'playlists')));
});

test('--via: the path passes through each track in order', async t => {
	const {root, db, track} = await library(t);
	const result = await cli(root, ['path', track(0), track(50), '--via', track(20), '--via', track(33), '--length', '12', '--dry-run', '--json', '--db', db]);
	t.is(result.code, 0, result.stderr);
	const paths = (JSON.parse(result.stdout) as Listed).playlists[0]!.tracks.map(entry => entry.path);
	t.is(paths.length, 12);
	t.is(new Set(paths).size, 12);
	const positions = [track(0), track(20), track(33), track(50)].map(file => paths.indexOf(file));
	t.is(positions[0], 0);
	t.is(positions[3], 11);
	t.true(positions[1]! > 0 && positions[2]! > positions[1]! && positions[3]! > positions[2]!, JSON.stringify(positions));
});

test('path writes its playlist like a radio: the format and folder asked for, and a later path replaces it but leaves the radio', async t => {
	const {root, db, track} = await library(t);
	const out = path.join(root, 'lists');
	const radio = await cli(root, ['radio', track(7), '--length', '5', '--out', out, '--db', db]);
	t.is(radio.code, 0, radio.stderr);
	const first = await cli(root, ['path', track(3), track(9), '--length', '6', '--out', out, '--db', db]);
	t.is(first.code, 0, first.stderr);
	t.regex(first.stdout, /^Wrote 1 file to .*lists \(m3u8\)\./);
	const file = path.join(out, 'Path · Artist 3 - Song 3 → Artist 2 - Song 9.m3u8');
	const text = fs.readFileSync(file, 'utf8');
	t.regex(text, /PLAYLISTGEN:v1 set=path /);
	// Paths relative to the playlist's folder.
	const entries = parseM3u8(text).entries.map(entry => path.resolve(out, entry.path));
	t.is(entries.length, 6);
	t.is(entries[0], track(3));
	t.is(entries.at(-1), track(9));

	const second = await cli(root, ['path', track(4), track(8), '--length', '4', '--format', 'json', '--out', out, '--json', '--db', db]);
	t.is(second.code, 0, second.stderr);
	const written = JSON.parse(second.stdout) as {playlists: string[]; removed: string[]};
	t.deepEqual(written.playlists, ['Path · Artist 4 - Song 4 → Artist 1 - Song 8']);
	t.deepEqual(written.removed, [file], 'the earlier path is replaced');
	const names = fs.readdirSync(out).sort();
	t.true(
		names.some(name => name.startsWith('Radio · ')),
		'the radio stays',
	);
	t.true(names.includes('Path · Artist 4 - Song 4 → Artist 1 - Song 8.json'));
	t.false(names.includes(path.basename(file)));
});

test('bad input is a usage error with a clear message and exit 2, never a stack trace', async t => {
	const {root, db, track} = await library(t);
	const run = (...args: string[]) => cli(root, ['path', ...args, '--dry-run', '--db', db]);
	usageError(t, await run(track(3), track(3)), /FROM and TO are the same track \(.*track 3\.flac\)/);
	usageError(t, await run(track(3), 'Music/track 3.flac'), /FROM and TO are the same track/);
	usageError(t, await run(track(3), track(5), '--via', track(5)), /--via ".*track 5\.flac" and TO are the same track/);
	usageError(t, await run(track(3), 'no such song'), /No analysed track matches "no such song"/);
	usageError(t, await run(track(3), path.join(root, 'Music', 'track 99.flac')), /No analysed track matches ".*track 99\.flac"/);
	usageError(t, await run(track(3), track(4), '--length', '1'), /--length 1: a path holds at least 2 tracks, FROM and TO/);
	usageError(t, await run(track(3), track(4), '--length', '61'), /--length 61 is more than the library's 60 tracks: give --length 60 or less/);
	usageError(t, await run(track(3), track(4), '--via', track(5), '--via', track(6), '--length', '3'), /a path through 4 tracks .* needs --length 4 or more/);
	usageError(t, await run(track(3)), /path needs FROM and TO/);
	usageError(t, await run(track(3), track(4), track(5)), /Unexpected argument ".*track 5\.flac" \(tracks on the way are given with --via TRACK\)/);
	// "Song 1" is in Song 1, Song 10 … Song 19: the candidates are listed.
	const ambiguous = await run('Song 1', track(4));
	usageError(t, ambiguous, /"Song 1" matches 11 tracks; give more of the path:\n {2}.*track 1\.flac\n/);
	t.regex(ambiguous.stderr, /… and 6 more/);
});

test('a library of 2 tracks: the default length is a usage error that says how many the library holds; --length 2 is the two tracks', async t => {
	const {root, db, track} = await library(t, 2);
	usageError(
		t,
		await cli(root, ['path', track(0), track(1), '--dry-run', '--db', db]),
		/--length 20 is more than the library's 2 tracks: give --length 2 or less/,
	);
	const two = await cli(root, ['path', track(0), track(1), '--length', '2', '--dry-run', '--json', '--db', db]);
	t.is(two.code, 0, two.stderr);
	t.deepEqual(
		(JSON.parse(two.stdout) as Listed).playlists[0]!.tracks.map(entry => entry.path),
		[track(0), track(1)],
	);
});

test('path reads the library as similar does, its own tracks whole: the playlist is the one made from every track read whole', async t => {
	const root = tempDir(t);
	const db = path.join(root, 'library.db');
	const tracks = Array.from({length: 80}, (_, index) =>
		syntheticTrack(
			{path: path.join(root, 'Music', `track ${index}.flac`), tags: {artist: `Artist ${index % 7}`, title: `Song ${index}`, album: `Album ${index % 5}`}},
			{
				featuresVersion: FEATURES_VERSION,
				bpm: 90 + (index % 50),
				loudnessDb: -20 + (index % 9),
				vector: Array.from({length: VECTOR_LENGTH}, (_, j) => Math.sin(index * 3 + j)),
			},
		),
	);
	await writeSyntheticStore(db, tracks);
	const [from, to] = [tracks[3]!.path, tracks[40]!.path];
	const result = await cli(root, ['path', from, to, '--length', '12', '--dry-run', '--json', '--db', db]);
	t.is(result.code, 0, result.stderr);
	const listed = JSON.parse(result.stdout) as {playlists: Array<{tracks: Array<{album?: string; loudnessDb?: number; camelot?: string}>}>};
	t.true(listed.playlists[0]!.tracks.every(track => track.album !== undefined && track.loudnessDb !== undefined && track.camelot !== undefined));

	// The same path from every track read whole, as path read the store before.
	const store = await LibraryStore.open(db, {mode: 'read', featuresVersion: FEATURES_VERSION});
	const whole = slimTracksOf(store, undefined);
	store.close();
	const {library, similarity} = librarySimilarity(whole, {groups: vectorGroups(), weights: DEFAULT_WEIGHTS});
	const waypoints = [from, to].map(file => library.tracks.findIndex(track => track.path === file));
	const route = libraryRoute(library, similarity, waypoints, 12);
	const recordings = route.recordings.map(set => ({best: set.best.path, copies: set.copies.map(copy => copy.path)}));
	const expected = {strategy: 'path', playlists: [pathPlaylist(library, route)], problems: library.problems, recordings};
	t.is(result.stdout, JSON.stringify(expected, null, 2) + '\n');
});
