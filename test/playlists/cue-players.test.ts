/**
 * CUE tracks in written playlists, for each player: the M3U forms, and a real MPD (where Debian's mpd
 * and mpc are installed) loading the playlist and playing the right track of the image.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {renderJson, renderM3u8, renderXspf} from '../../source/playlists/output/formats.js';
import {parseM3u8} from '../helpers/m3u.js';
import type {Playlist} from '../../source/playlists/types.js';
import type {CueRef} from '../../source/library/track.js';
import {renderAlbumTracks, writeImage} from '../helpers/album-image.js';
import {runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/fixtures.js';
import {mpcBinary, mpdBinary, startMpd} from '../helpers/mpd.js';

const cue = (number: number, extra: Partial<CueRef> = {}): CueRef => ({
	image: '/music/Album/album.flac',
	sheet: '/music/Album/album.cue',
	embedded: false,
	sheetSize: 300,
	sheetMtimeMs: 0,
	number,
	ordinal: number,
	title: `Song ${number}`,
	performer: 'The Band',
	startSeconds: (number - 1) * 181.5,
	endSeconds: number * 181.5,
	...extra,
});

const playlist: Playlist = {
	name: 'Album tracks',
	durationSeconds: 363,
	bpmRange: [100, 120],
	mainKeys: ['A minor'],
	tracks: [2, 1].map(number => ({
		path: `/music/Album/album.flac#0${number}`,
		artist: 'The Band',
		title: `Song ${number}`,
		durationSeconds: 181.5,
		bpm: 110,
		key: 'A minor',
		camelot: '8A',
		cue: cue(number),
	})),
};
const options = {dir: '/music/playlists', absolutePaths: false, set: 'clusters'};

test('M3U for MPD names the track in the sheet; for other players the image with VLC start and stop times', t => {
	const mpd = renderM3u8(playlist, {...options, player: 'mpd'});
	t.deepEqual(
		parseM3u8(mpd.text).entries.map(entry => [entry.path, entry.title]),
		[
			['../Album/album.cue/track0002', 'The Band - Song 2'],
			['../Album/album.cue/track0001', 'The Band - Song 1'],
		],
	);
	const any = renderM3u8(playlist, {...options, player: 'any'});
	t.true(any.text.includes('#EXTINF:182,The Band - Song 2\n#EXTVLCOPT:start-time=181.5\n#EXTVLCOPT:stop-time=363\n../Album/album.flac\n'), any.text);
	const embedded = renderM3u8(
		{...playlist, tracks: [{...playlist.tracks[0]!, cue: cue(2, {embedded: true, sheet: '/music/Album/album.flac'})}]},
		{...options, player: 'mpd'},
	);
	t.deepEqual(parseM3u8(embedded.text).entries, []);
	t.regex(embedded.problems[0]!.message, /MPD cannot play one track of a cue sheet inside the file/);
});

test('XSPF opens the image with VLC options; JSON carries the start and end', t => {
	const xspf = renderXspf(playlist, options).text;
	t.true(xspf.includes('xmlns:vlc="http://www.videolan.org/vlc/playlist/ns/0/"'));
	t.true(xspf.includes('<location>../Album/album.flac</location>'));
	t.true(xspf.includes('<vlc:option>start-time=181.5</vlc:option>\n        <vlc:option>stop-time=363</vlc:option>'));
	const json = JSON.parse(renderJson(playlist, options).text) as {tracks: Array<Record<string, unknown>>};
	t.like(json.tracks[0], {path: '../Album/album.flac', title: 'Song 2', cue: {number: 2, startSeconds: 181.5, endSeconds: 363}});
});

const withMpd = mpdBinary && mpcBinary ? test : test.skip;

withMpd('MPD loads the playlist written for it and plays the CUE track it names, not the album', async t => {
	const home = tempDir(t);
	const music = path.join(home, 'music');
	const album = await renderAlbumTracks(path.join(home, 'separate'));
	writeImage(album, path.join(music, 'Album'), 'album.flac', 'beside');
	const env = {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), HOME: home};
	const db = path.join(home, 'library.db');
	const analysed = await runCli(['analyze', music, '--db', db, '--no-tui', '--workers', '1'], {env, cwd: home});
	t.is(analysed.code, 0, analysed.stderr);
	const out = path.join(music, 'playlists');
	const written = await runCli(['playlists', '--db', db, '--out', out, '--format', 'm3u', '--player', 'mpd', '--k', '2'], {env, cwd: home});
	t.is(written.code, 0, written.stderr);
	const files = fs.readdirSync(out).filter(file => file.endsWith('.m3u'));
	const entriesOf = (file: string) => parseM3u8(fs.readFileSync(path.join(out, file), 'utf8')).entries.map(entry => entry.path);
	t.deepEqual(files.flatMap(file => entriesOf(file)).sort(), ['../Album/album.cue/track0001', '../Album/album.cue/track0002', '../Album/album.cue/track0003']);

	const client = await startMpd(t, {home, music, playlists: out});
	client('update', '--wait');
	for (const file of files) {
		client('clear');
		client('load', file.slice(0, -'.m3u'.length));
		const queue = client('playlist', '-f', '%file%\t%title%');
		t.deepEqual(
			queue,
			entriesOf(file).map(entry => {
				const ordinal = Number(/track(\d{4})$/.exec(entry)![1]);
				return `Album/album.cue/track${String(ordinal).padStart(4, '0')}\tSong ${ordinal}`;
			}),
			'each entry is the CUE track, with its title from the sheet',
		);
		const second = queue.findIndex(line => line.includes('Song 2'));
		if (second === -1) continue;
		client('play', String(second + 1));
		t.deepEqual(client('current', '-f', '%title%\t%time%'), ['Song 2\t0:12'], 'the track plays, 12 s long, not the 36 s album');
	}
	client('stop');
});
