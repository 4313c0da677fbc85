import fs from 'node:fs';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import test from 'ava';
import {parseCommandLine, UsageError} from '../../source/commands/args.js';
import {createContext, type Io} from '../../source/commands/context.js';
import {main} from '../../source/commands/main.js';
import {formatDuration, playlistServiceFor, runPlaylistsCommand, type PlaylistLoaders} from '../../source/commands/playlists.js';
import {VECTOR_LENGTH} from '../../source/analysis/vector.js';
import {DEFAULT_WEIGHTS} from '../../source/config/options.js';
import {vectorGroups} from '../../source/playlists/similarity/vector-groups.js';
import {parseM3u8} from '../helpers/m3u.js';
import type {StoredTrack} from '../../source/store/types.js';
import {tempDir} from '../helpers/fixtures.js';
import {syntheticLibrary} from '../helpers/synthetic-library.js';

type Captured = {io: Io; stdout: () => string; stderr: () => string};

function captureIo(cwd: string): Captured {
	const out = new PassThrough();
	const err = new PassThrough();
	let stdout = '';
	let stderr = '';
	out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const io = {stdout: out, stderr: err, stdin: process.stdin, env: {HOME: cwd, XDG_CONFIG_HOME: path.join(cwd, '.config')}, cwd} as unknown as Io;
	return {io, stdout: () => stdout, stderr: () => stderr};
}

/** A synthetic library whose files exist under `root`, so written playlists can be checked with fs. */
function libraryOnDisk(root: string): StoredTrack[] {
	const {tracks} = syntheticLibrary({families: 3, perFamily: 6, root: path.join(root, 'Music')});
	for (const track of tracks) {
		fs.mkdirSync(path.dirname(track.path), {recursive: true});
		fs.writeFileSync(track.path, 'audio');
	}
	return tracks;
}

async function run(argv: string[], loaders: PlaylistLoaders, cwd: string) {
	const captured = captureIo(cwd);
	const args = parseCommandLine(argv);
	const context = await createContext(args, captured.io, {libraryArgument: false});
	const code = await runPlaylistsCommand(context, args.command as 'playlists' | 'radio', loaders);
	return {code, stdout: captured.stdout(), stderr: captured.stderr()};
}

test('playlists --dry-run prints each playlist with its tracks, duration, BPM range and keys, and writes nothing', async t => {
	const cwd = tempDir(t);
	const tracks = libraryOnDisk(cwd);
	const result = await run(['playlists', '--dry-run', '--target-length', '6'], {loadTracks: async () => tracks}, cwd);
	t.is(result.code, 0, result.stderr);
	t.regex(
		result.stdout,
		/^(Slightly )?(Slower|Faster|Calm|Energetic|Dark|Bright|Major-key|Minor-key|Short|Long|Balanced)( · .+)?\n {2}6 tracks, \d+:\d\d, \d+–\d+ BPM, keys [A-G]#? (major|minor)/m,
	);
	t.regex(result.stdout, /^ {2}1\. Artist \d - Song \d+ {2}\(\d+ BPM {2}\d+[AB] {2}\d+:\d\d\)$/m);
	t.regex(result.stdout, /3 playlists, 18 tracks \(grouped by nearest neighbours, about 6 tracks each\)\nNothing written \(--dry-run\)\.\n$/);
	t.false(fs.existsSync(path.join(cwd, 'playlists')));
});

test('playlists --dry-run --json prints the playlists as JSON', async t => {
	const cwd = tempDir(t);
	const tracks = libraryOnDisk(cwd);
	const result = await run(['playlists', '--dry-run', '--json', '--strategy', 'bands'], {loadTracks: async () => tracks}, cwd);
	const output = JSON.parse(result.stdout) as {strategy: string; playlists: Array<{name: string; tracks: unknown[]}>};
	t.is(output.strategy, 'bands');
	t.is(
		output.playlists.reduce((sum, playlist) => sum + playlist.tracks.length, 0),
		18,
	);
});

test('playlists writes M3U8 files into --out, with failed tracks listed apart', async t => {
	const cwd = tempDir(t);
	const tracks = libraryOnDisk(cwd);
	const loaders: PlaylistLoaders = {
		loadTracks: async () => tracks,
		loadFailures: async () => [{path: path.join(cwd, 'Music', 'broken.ogg'), error: 'Invalid data found when processing input'}],
	};
	const result = await run(['playlists', '--out', 'my lists', '--k', '3'], loaders, cwd);
	t.is(result.code, 0, result.stderr);
	const out = path.join(cwd, 'my lists');
	t.regex(result.stdout, new RegExp(`^Wrote 4 files to ${out.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(m3u8\\)\\.\n$`));
	const names = fs.readdirSync(out).sort();
	t.is(names.length, 4);
	t.true(names.includes('failed-tracks.txt'));
	let entries = 0;
	for (const name of names.filter(file => file.endsWith('.m3u8'))) {
		for (const entry of parseM3u8(fs.readFileSync(path.join(out, name), 'utf8')).entries) {
			t.true(fs.existsSync(path.resolve(out, entry.path)));
			entries++;
		}
	}
	t.is(entries, 18);

	// An edited playlist survives the next run, and the run says so.
	const edited = path.join(
		out,
		names.find(file => file.endsWith('.m3u8'))!,
	);
	fs.appendFileSync(edited, '# mine\n');
	const again = await run(['playlists', '--out', 'my lists', '--k', '3'], loaders, cwd);
	t.regex(again.stdout, /Kept 1 file edited by hand or not written by playlistgen \(--force overwrites\):/);
	t.true(fs.readFileSync(edited, 'utf8').endsWith('# mine\n'));
});

test('radio TRACK starts from the track named by path or by "Artist - Title"', async t => {
	const cwd = tempDir(t);
	const tracks = libraryOnDisk(cwd);
	const byTitle = await run(['radio', 'artist 2 - song 3', '--length', '5', '--dry-run', '--json'], {loadTracks: async () => tracks}, cwd);
	const radio = (JSON.parse(byTitle.stdout) as {playlists: Array<{name: string; tracks: Array<{path: string}>}>}).playlists[0]!;
	t.is(radio.name, 'Radio · Artist 2 - Song 3');
	t.is(radio.tracks.length, 5);
	t.is(radio.tracks[0]!.path, path.join(cwd, 'Music', 'family-02', 'family-02-0003.mp3'));

	const byPath = await run(['radio', 'Music/family-01/family-01-0001.mp3', '--length', '3'], {loadTracks: async () => tracks}, cwd);
	t.is(byPath.code, 0, byPath.stderr);
	t.true(fs.existsSync(path.join(cwd, 'playlists', 'Radio · Artist 1 - Song 1.m3u8')));
});

test('radio: an ambiguous or unknown TRACK is a usage error that lists candidates', async t => {
	const cwd = tempDir(t);
	const tracks = libraryOnDisk(cwd);
	const ambiguous = await t.throwsAsync(run(['radio', 'song 1', '--dry-run'], {loadTracks: async () => tracks}, cwd), {instanceOf: UsageError});
	t.regex(ambiguous.message, /matches \d+ tracks; give more of the path:\n {2}\//);
	await t.throwsAsync(run(['radio', 'no such song', '--dry-run'], {loadTracks: async () => tracks}, cwd), {message: /No analysed track matches/});
	await t.throwsAsync(run(['radio', '--dry-run'], {loadTracks: async () => tracks}, cwd), {message: /radio needs a TRACK/});
});

test('--seed makes playlists a radio, and conflicts with another explicit strategy', async t => {
	const cwd = tempDir(t);
	const tracks = libraryOnDisk(cwd);
	const seeded = await run(['playlists', '--seed', 'Artist 3 - Song 2', '--length', '4', '--dry-run', '--json'], {loadTracks: async () => tracks}, cwd);
	const output = JSON.parse(seeded.stdout) as {strategy: string; playlists: Array<{tracks: unknown[]}>};
	t.is(output.strategy, 'radio');
	t.is(output.playlists[0]!.tracks.length, 4);
	await t.throwsAsync(run(['playlists', '--strategy', 'bands', '--seed', 'Song 2'], {loadTracks: async () => tracks}, cwd), {
		message: /--seed applies to the radio strategy/,
	});
	await t.throwsAsync(run(['playlists', '--strategy', 'radio'], {loadTracks: async () => tracks}, cwd), {message: /needs a seed track/});
});

test('no analysed tracks: a clear message and exit status 1', async t => {
	const cwd = tempDir(t);
	const result = await run(['playlists'], {loadTracks: async () => []}, cwd);
	t.is(result.code, 1);
	t.regex(result.stderr, /no analysed tracks yet; run "playlistgen analyze DIR" first/);
});

test('the playlists command is dispatched from main, and reads the store given by --db', async t => {
	const cwd = tempDir(t);
	const captured = captureIo(cwd);
	const code = await main(['playlists', '--dry-run', '--db', path.join(cwd, 'none.db')], captured.io);
	t.is(code, 1);
	t.regex(captured.stderr(), /no store at .*none\.db: nothing has been analysed with it yet/);
	const usage = captureIo(cwd);
	t.is(await main(['radio'], usage.io), 2, 'arguments are checked before the store is opened');
});

test('the vector layout comes from the analysis, with a weight group for every index', t => {
	const groups = vectorGroups();
	t.is(groups.length, VECTOR_LENGTH);
	for (const group of new Set(groups)) t.true(group in DEFAULT_WEIGHTS, group);
});

test('durations read m:ss, or h:mm:ss from an hour', t => {
	t.is(formatDuration(0), '0:00');
	t.is(formatDuration(65.4), '1:05');
	t.is(formatDuration(3600 + 125), '1:02:05');
	t.is(formatDuration(Number.NaN), '0:00');
});

test('playlistServiceFor gives front ends a service over the store named by the configuration', async t => {
	const cwd = tempDir(t);
	const captured = captureIo(cwd);
	const context = await createContext(parseCommandLine(['--db', path.join(cwd, 'none.db'), '--out', 'lists']), captured.io, {libraryArgument: false});
	const service = playlistServiceFor(context);
	await t.throwsAsync(service.preview(), {message: /no store at/});
});
