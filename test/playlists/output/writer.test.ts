import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {parseM3u8} from '../../helpers/m3u.js';
import type {Playlist, PlaylistTrack} from '../../../source/playlists/types.js';
import {FAILURES_FILE, writePlaylists} from '../../../source/playlists/output/writer.js';
import {tempDir} from '../../helpers/fixtures.js';

/** A library folder of small files with awkward names, and playlists over them. */
function fixture(t: Parameters<typeof tempDir>[0]) {
	const root = tempDir(t, 'playlistgen-writer-');
	const library = path.join(root, 'Music');
	const names = ['Neon/01 Lights.flac', 'Dusk/It\'s "quoted".mp3', 'Dusk/-leading dash.ogg', 'Ünïcödé 東京/café.opus', '#1 hits/50% off.mp3', 'Rush/a b.wav'];
	const files = names.map(name => path.join(library, name));
	for (const file of files) {
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, 'audio');
	}
	const track = (file: string): PlaylistTrack => ({path: file, durationSeconds: 100, bpm: 120, key: 'A minor', camelot: '8A', title: path.basename(file)});
	const playlists: Playlist[] = [
		{
			name: 'Upbeat · Bright · 120–128 BPM',
			tracks: files.slice(0, 3).map(track),
			durationSeconds: 300,
			bpmRange: [120, 120],
			mainKeys: ['A minor'],
			strategy: 'clusters',
		},
		{
			name: '-Late "Night": Ünïcode/mix?',
			tracks: files.slice(3).map(track),
			durationSeconds: 300,
			bpmRange: [120, 120],
			mainKeys: ['A minor'],
			strategy: 'clusters',
		},
	];
	return {root, library, files, playlists, out: path.join(root, 'out dir', 'playlists')};
}

function listDir(dir: string): string[] {
	return fs.readdirSync(dir).sort();
}

test('writes one M3U8 per playlist, with safe file names, and no temporary files left', async t => {
	const {playlists, out} = fixture(t);
	const result = await writePlaylists(playlists, {dir: out});
	t.is(result.dir, out);
	t.deepEqual(listDir(out), ['-Late _Night__ Ünïcode_mix_.m3u8', 'Upbeat · Bright · 120–128 BPM.m3u8']);
	t.deepEqual(result.written.map(file => path.basename(file)).sort(), listDir(out));
	t.deepEqual(result.playlistFiles, result.written, "each playlist's file, in the order given");
	t.deepEqual(result.keptEdited, []);
	t.deepEqual(result.problems, []);
	const text = fs.readFileSync(path.join(out, '-Late _Night__ Ünïcode_mix_.m3u8'), 'utf8');
	t.is(parseM3u8(text).name, '-Late "Night": Ünïcode/mix?');
});

test('every path in the written M3U8 files resolves to an existing file, relative or absolute', async t => {
	const {playlists, out, files} = fixture(t);
	for (const absolutePaths of [false, true]) {
		const dir = path.join(out, absolutePaths ? 'absolute' : 'relative');
		await writePlaylists(playlists, {dir, absolutePaths});
		const resolved: string[] = [];
		for (const name of listDir(dir)) {
			for (const entry of parseM3u8(fs.readFileSync(path.join(dir, name), 'utf8')).entries) {
				t.is(path.isAbsolute(entry.path), absolutePaths, entry.path);
				t.false(entry.path.includes('\\'));
				const file = path.resolve(dir, entry.path);
				t.true(fs.existsSync(file), `${name}: ${entry.path}`);
				resolved.push(file);
			}
		}
		t.deepEqual(resolved.sort(), [...files].sort());
	}
});

test('XSPF and JSON formats are written with their extensions', async t => {
	const {playlists, out} = fixture(t);
	await writePlaylists(playlists, {dir: out, format: 'xspf'});
	await writePlaylists(playlists, {dir: path.join(out, 'json'), format: 'json'});
	t.deepEqual(
		listDir(out).filter(name => name.endsWith('.xspf')),
		['-Late _Night__ Ünïcode_mix_.xspf', 'Upbeat · Bright · 120–128 BPM.xspf'],
	);
	const json = JSON.parse(fs.readFileSync(path.join(out, 'json', 'Upbeat · Bright · 120–128 BPM.json'), 'utf8')) as {tracks: Array<{path: string}>};
	t.is(json.tracks.length, 3);
	t.true(fs.existsSync(path.resolve(out, 'json', json.tracks[0]!.path)));
});

test('a second run with the same playlists rewrites nothing', async t => {
	const {playlists, out} = fixture(t);
	await writePlaylists(playlists, {dir: out});
	const before = fs.statSync(path.join(out, 'Upbeat · Bright · 120–128 BPM.m3u8')).mtimeMs;
	const again = await writePlaylists(playlists, {dir: out});
	t.deepEqual(again.written, []);
	t.is(again.unchanged?.length, 2);
	t.is(fs.statSync(path.join(out, 'Upbeat · Bright · 120–128 BPM.m3u8')).mtimeMs, before);
});

test('a playlist someone edited is kept (and reported) unless forced', async t => {
	const {playlists, out} = fixture(t);
	await writePlaylists(playlists, {dir: out});
	const file = path.join(out, 'Upbeat · Bright · 120–128 BPM.m3u8');
	const edited = fs.readFileSync(file, 'utf8') + '/my/own/favourite.mp3\n';
	fs.writeFileSync(file, edited);
	const changed = playlists.map(playlist => ({...playlist, tracks: playlist.tracks.slice(0, 2)}));

	const kept = await writePlaylists(changed, {dir: out});
	t.deepEqual(kept.keptEdited, [file]);
	t.is(fs.readFileSync(file, 'utf8'), edited);
	t.is(kept.written.length, 1, 'the other playlist is still updated');

	const forced = await writePlaylists(changed, {dir: out, force: true});
	t.true(forced.written.includes(file));
	t.deepEqual(forced.keptEdited, []);
	t.is(parseM3u8(fs.readFileSync(file, 'utf8')).entries.length, 2);
});

test('a foreign file with the same name is never overwritten without --force', async t => {
	const {playlists, out} = fixture(t);
	fs.mkdirSync(out, {recursive: true});
	const file = path.join(out, 'Upbeat · Bright · 120–128 BPM.m3u8');
	fs.writeFileSync(file, '#EXTM3U\n/hand/made.mp3\n');
	const result = await writePlaylists(playlists, {dir: out});
	t.deepEqual(result.keptEdited, [file]);
	t.is(fs.readFileSync(file, 'utf8'), '#EXTM3U\n/hand/made.mp3\n');
});

test('stale playlists of the same set are removed when unchanged, kept when edited; other sets untouched', async t => {
	const {playlists, out} = fixture(t);
	const radio: Playlist = {...playlists[0]!, name: 'Radio · Lights', strategy: 'radio'};
	await writePlaylists([...playlists, {...playlists[0]!, name: 'Old cluster'}, {...playlists[0]!, name: 'Old edited'}], {dir: out});
	await writePlaylists([radio], {dir: out});
	fs.appendFileSync(path.join(out, 'Old edited.m3u8'), '# my note\n');
	fs.writeFileSync(path.join(out, 'notes.txt'), 'not a playlist');
	fs.writeFileSync(path.join(out, 'hand made.m3u8'), '#EXTM3U\n');

	const result = await writePlaylists(playlists, {dir: out});
	t.deepEqual(result.removed, [path.join(out, 'Old cluster.m3u8')]);
	t.deepEqual(result.keptEdited, [path.join(out, 'Old edited.m3u8')]);
	t.deepEqual(listDir(out), [
		'-Late _Night__ Ünïcode_mix_.m3u8',
		'Old edited.m3u8',
		'Radio · Lights.m3u8',
		'Upbeat · Bright · 120–128 BPM.m3u8',
		'hand made.m3u8',
		'notes.txt',
	]);
});

test('changing format replaces the playlists written in the old format', async t => {
	const {playlists, out} = fixture(t);
	await writePlaylists(playlists, {dir: out});
	const result = await writePlaylists(playlists, {dir: out, format: 'xspf'});
	t.is(result.removed?.length, 2);
	t.true(listDir(out).every(name => name.endsWith('.xspf')));
});

test('failed tracks go to failed-tracks.txt, which goes away when nothing fails', async t => {
	const {playlists, out} = fixture(t);
	await writePlaylists(playlists, {
		dir: out,
		failures: [
			{path: '/music/broken.ogg', error: 'Invalid data found when processing input'},
			{path: '/music/empty.mp3', error: 'no audio stream'},
		],
	});
	t.is(
		fs.readFileSync(path.join(out, FAILURES_FILE), 'utf8').split('\n').slice(1).join('\n'),
		'# Tracks that could not be analysed: path, a tab, the error.\n/music/broken.ogg\tInvalid data found when processing input\n/music/empty.mp3\tno audio stream\n',
	);
	const unchanged = await writePlaylists(playlists, {dir: out});
	t.true(fs.existsSync(path.join(out, FAILURES_FILE)), 'left as it is when failures are not given');
	t.deepEqual(unchanged.removed, []);
	const cleared = await writePlaylists(playlists, {dir: out, failures: []});
	t.deepEqual(cleared.removed, [path.join(out, FAILURES_FILE)]);
	t.false(fs.existsSync(path.join(out, FAILURES_FILE)));
});

test('tracks with a line break in their path are reported once and left out', async t => {
	const {playlists, out, library} = fixture(t);
	const bad = path.join(library, 'bad\nname.mp3');
	const withBad = playlists.map(playlist => ({...playlist, tracks: [...playlist.tracks, {...playlist.tracks[0]!, path: bad}]}));
	const result = await writePlaylists(withBad, {dir: out});
	t.deepEqual(
		result.problems.map(problem => problem.path),
		[bad],
	);
	for (const name of listDir(out)) {
		const text = fs.readFileSync(path.join(out, name), 'utf8');
		t.false(text.includes('bad'));
		for (const entry of parseM3u8(text).entries) t.true(fs.existsSync(path.resolve(out, entry.path)));
	}
});
