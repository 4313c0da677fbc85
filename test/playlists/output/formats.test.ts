import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import test from 'ava';
import {sanitiseFileName, uniqueFileNames} from '../../../source/playlists/output/filenames.js';
import {parseM3u8} from '../../helpers/m3u.js';
import {
	fileUri,
	ownership,
	renderFailures,
	displayTitle,
	renderJson,
	renderM3u8,
	renderXspf,
	sha256,
	trackReference,
	xmlText,
} from '../../../source/playlists/output/formats.js';
import type {Playlist, PlaylistTrack} from '../../../source/playlists/types.js';
import {pathFromBytes} from '../../../source/util/raw-path.js';
import {assertWellFormedXml} from '../../helpers/xml.js';

const playlist: Playlist = {
	name: 'Upbeat · Bright · 120–128 BPM',
	strategy: 'clusters',
	durationSeconds: 425.5,
	bpmRange: [120, 128],
	mainKeys: ['A minor', 'C major'],
	tracks: [
		{
			path: '/music/Neon/01 Lights.flac',
			artist: 'Neon & Co',
			title: 'Lights <live>',
			album: 'Nights',
			durationSeconds: 200.4,
			bpm: 120.04,
			key: 'A minor',
			camelot: '8A',
			loudnessDb: -9.26,
		},
		{path: '/music/loose/untagged track.mp3', durationSeconds: 225.1, bpm: 128, key: 'C major', camelot: '8B'},
	],
};
const options = {dir: '/music/playlists', absolutePaths: false, set: 'clusters'};

test('M3U8 golden: header, marker, #EXTINF from tags or the file name, relative forward-slash paths', t => {
	const {text, problems} = renderM3u8(playlist, options);
	t.is(
		text,
		'#EXTM3U\n' +
			'#PLAYLISTGEN:v1 set=clusters sha256=aaf0743a6b6020bf703827372237be8e274c6a463300ff5552836f6cb041cbd1\n' +
			'#PLAYLIST:Upbeat · Bright · 120–128 BPM\n' +
			'#EXTINF:200,Neon & Co - Lights <live>\n' +
			'../Neon/01 Lights.flac\n' +
			'#EXTINF:225,untagged track\n' +
			'../loose/untagged track.mp3\n',
	);
	t.deepEqual(problems, []);
	t.false(text.startsWith('\uFEFF'));
	t.false(text.includes('\r'));
	t.is(ownership(text).kind, 'ours');
});

test('M3U8 golden with absolute paths', t => {
	const {text} = renderM3u8(playlist, {...options, absolutePaths: true});
	t.is(
		text,
		'#EXTM3U\n' +
			'#PLAYLISTGEN:v1 set=clusters sha256=89b9e6484f6aa1aeba8f0178c42e58ff3a488b99de2bd72c40229fcbf6edf933\n' +
			'#PLAYLIST:Upbeat · Bright · 120–128 BPM\n' +
			'#EXTINF:200,Neon & Co - Lights <live>\n' +
			'/music/Neon/01 Lights.flac\n' +
			'#EXTINF:225,untagged track\n' +
			'/music/loose/untagged track.mp3\n',
	);
});

test('XSPF golden: valid XML, escaped text, percent-encoded file:// locations, durations in ms', t => {
	const {text} = renderXspf(playlist, {...options, absolutePaths: true});
	t.is(
		text,
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
			'<!-- PLAYLISTGEN:v1 set=clusters sha256=cee85f8bbab5d09124d4da422e663d432adb99095b8a01be614c3bbc51176840 -->\n' +
			'<playlist version="1" xmlns="http://xspf.org/ns/0/">\n' +
			'  <title>Upbeat · Bright · 120–128 BPM</title>\n' +
			'  <creator>playlistgen</creator>\n' +
			'  <trackList>\n' +
			'    <track>\n' +
			'      <location>file:///music/Neon/01%20Lights.flac</location>\n' +
			'      <creator>Neon &amp; Co</creator>\n' +
			'      <title>Lights &lt;live&gt;</title>\n' +
			'      <album>Nights</album>\n' +
			'      <duration>200400</duration>\n' +
			'    </track>\n' +
			'    <track>\n' +
			'      <location>file:///music/loose/untagged%20track.mp3</location>\n' +
			'      <title>untagged track</title>\n' +
			'      <duration>225100</duration>\n' +
			'    </track>\n' +
			'  </trackList>\n' +
			'</playlist>\n',
	);
	assertWellFormedXml(t, text);
	t.is(ownership(text).kind, 'ours');
});

test('JSON golden: valid JSON with the marker as "generator" and each track summary', t => {
	const {text} = renderJson(playlist, options);
	const parsed = JSON.parse(text) as Record<string, unknown>;
	t.is(parsed['generator'], 'PLAYLISTGEN:v1 set=clusters sha256=73448d1508f39393d94d049b7a8d062b35845d6ccd01671fb8fab7daf082ad12');
	t.deepEqual(
		{...parsed, generator: undefined},
		{
			generator: undefined,
			name: 'Upbeat · Bright · 120–128 BPM',
			strategy: 'clusters',
			durationSeconds: 426,
			bpmRange: [120, 128],
			mainKeys: ['A minor', 'C major'],
			tracks: [
				{
					path: '../Neon/01 Lights.flac',
					artist: 'Neon & Co',
					title: 'Lights <live>',
					album: 'Nights',
					durationSeconds: 200.4,
					bpm: 120,
					key: 'A minor',
					camelot: '8A',
					loudnessDb: -9.3,
				},
				{path: '../loose/untagged track.mp3', title: 'untagged track', durationSeconds: 225.1, bpm: 128, key: 'C major', camelot: '8B'},
			],
		},
	);
	t.is(ownership(text).kind, 'ours');
});

test('failed-tracks list: path, tab, error; control characters shown escaped', t => {
	const text = renderFailures([
		{path: '/music/b.ogg', error: 'Invalid data found when processing input'},
		{path: '/music/a\tb.mp3', error: 'line1\nline2'},
	]);
	t.is(
		text,
		'# PLAYLISTGEN:v1 set=failures sha256=5f3310cf78ea7e240e64a4af3d2ef444dbc23277523974b68cef968779795fad\n' +
			'# Tracks that could not be analysed: path, a tab, the error.\n' +
			'/music/a\\tb.mp3\tline1\\nline2\n' +
			'/music/b.ogg\tInvalid data found when processing input\n',
	);
	t.is(ownership(text).kind, 'ours');
});

test('ownership: an edit anywhere below the marker, or no marker at all, is noticed', t => {
	const {text} = renderM3u8(playlist, options);
	t.deepEqual(ownership(text), {kind: 'ours', set: 'clusters'});
	t.deepEqual(ownership(text.replace('../loose/untagged track.mp3\n', '')), {kind: 'edited', set: 'clusters'});
	t.deepEqual(ownership(text + '/music/added.mp3\n'), {kind: 'edited', set: 'clusters'});
	t.deepEqual(ownership(text.replaceAll('\n', '\r\n')), {kind: 'edited', set: 'clusters'});
	t.deepEqual(ownership('#EXTM3U\n/music/a.mp3\n'), {kind: 'foreign'});
	t.deepEqual(ownership(''), {kind: 'foreign'});
	t.is(sha256(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

const awkward: PlaylistTrack[] = [
	{path: '/lib/It\'s "quoted"/-leading dash.mp3', title: '-dash', durationSeconds: 61, bpm: 100, key: 'A minor', camelot: '8A'},
	{path: '/lib/Ünïcödé 東京/naïve café.flac', artist: 'Björk', title: 'Jóga', durationSeconds: 305, bpm: 100, key: 'A minor', camelot: '8A'},
	{path: '/lib/#1 hits/50% off?.ogg', durationSeconds: 0, bpm: 100, key: 'A minor', camelot: '8A'},
	{path: '/lib/spaces  and\ttab/a b.opus', artist: 'A\nB', title: 'multi\r\nline', durationSeconds: 10.6, bpm: 100, key: 'A minor', camelot: '8A'},
];
const awkwardPlaylist: Playlist = {name: '-Late "Night" · Ünïcode\'s mix', tracks: awkward, durationSeconds: 0, bpmRange: [100, 100], mainKeys: []};

test('spaces, quotes, unicode, leading dashes, # and % in paths round-trip through M3U8', t => {
	for (const absolutePaths of [false, true]) {
		const dir = '/lib/playlists';
		const {text, problems} = renderM3u8(awkwardPlaylist, {dir, absolutePaths, set: 'clusters'});
		t.deepEqual(problems, []);
		const parsed = parseM3u8(text);
		t.is(parsed.name, awkwardPlaylist.name);
		t.deepEqual(
			parsed.entries.map(entry => path.resolve(dir, entry.path)),
			awkward.map(track => track.path),
		);
		// "#1 hits/…" must not start a line, or it would be a comment.
		t.false(text.split('\n').some(line => line.startsWith('#1')));
		t.deepEqual(
			parsed.entries.map(entry => entry.title),
			['-dash', 'Björk - Jóga', '50% off?', 'A B - multi line'],
		);
		t.deepEqual(
			parsed.entries.map(entry => entry.durationSeconds),
			[61, 305, -1, 11],
		);
	}
});

test('the same paths round-trip through XSPF (relative URIs, or file:// URIs) and JSON', t => {
	for (const absolutePaths of [false, true]) {
		const xspf = renderXspf(awkwardPlaylist, {dir: '/lib/playlists', absolutePaths, set: 'clusters'}).text;
		assertWellFormedXml(t, xspf);
		// A relative reference resolves against the playlist's own URI, as players do.
		const base = pathToFileURL('/lib/playlists/list.xspf');
		const locations = [...xspf.matchAll(/<location>([^<]*)<\/location>/g)].map(match => match[1]!);
		t.is(
			locations.every(location => location.startsWith('file://')),
			absolutePaths,
		);
		t.deepEqual(
			locations.map(location => fileURLToPath(new URL(location, base))),
			awkward.map(track => track.path),
		);
	}
	const xspf = renderXspf(awkwardPlaylist, {dir: '/lib/playlists', absolutePaths: false, set: 'clusters'}).text;
	t.true(xspf.includes('<title>-Late &quot;Night&quot; · Ünïcode&apos;s mix</title>'));

	const json = JSON.parse(renderJson(awkwardPlaylist, {dir: '/lib/playlists', absolutePaths: false, set: 'clusters'}).text) as {
		name: string;
		tracks: Array<{path: string}>;
	};
	t.is(json.name, awkwardPlaylist.name);
	t.deepEqual(
		json.tracks.map(track => path.resolve('/lib/playlists', track.path)),
		awkward.map(track => track.path),
	);
});

test('a path with a line break cannot be written in M3U: reported and left out; XSPF encodes it', t => {
	const tracks: PlaylistTrack[] = [
		{path: '/lib/ok.mp3', durationSeconds: 1, bpm: 1, key: '', camelot: ''},
		{path: '/lib/bad\nname.mp3', durationSeconds: 1, bpm: 1, key: '', camelot: ''},
		{path: '/lib/also\rbad.mp3', durationSeconds: 1, bpm: 1, key: '', camelot: ''},
	];
	const withBreak: Playlist = {name: 'x', tracks, durationSeconds: 3, bpmRange: [1, 1], mainKeys: []};
	const {text, problems} = renderM3u8(withBreak, {dir: '/lib', absolutePaths: false, set: 'clusters'});
	t.deepEqual(
		parseM3u8(text).entries.map(entry => entry.path),
		['ok.mp3'],
	);
	t.deepEqual(
		problems.map(problem => problem.path),
		['/lib/bad\nname.mp3', '/lib/also\rbad.mp3'],
	);
	t.regex(problems[0]!.message, /line break/);
	const xspf = renderXspf(withBreak, {dir: '/lib', absolutePaths: false, set: 'clusters'}).text;
	t.true(xspf.includes('<location>bad%0Aname.mp3</location>'));
	assertWellFormedXml(t, xspf);
});

test('XML text: the five specials escaped, characters XML cannot hold dropped', t => {
	t.is(xmlText(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
	t.is(xmlText('bell\u0007 and nul\u0000 gone, tab\tkept, 😀 kept'), 'bell and nul gone, tab\tkept, 😀 kept');
	t.is(xmlText('lone \uD800 surrogate'), 'lone  surrogate');
});

test('a name that is not UTF-8: left out of M3U8 with a reason, its very bytes in XSPF', t => {
	const raw = pathFromBytes(Buffer.from('/lib/caf\xe9.ogg', 'latin1'));
	const tracks: PlaylistTrack[] = [{path: raw, durationSeconds: 1, bpm: 1, key: '', camelot: ''}];
	const latin: Playlist = {name: 'x', tracks, durationSeconds: 1, bpmRange: [1, 1], mainKeys: []};
	const {text, problems} = renderM3u8(latin, {dir: '/lib', absolutePaths: false, set: 'clusters'});
	t.deepEqual(parseM3u8(text).entries, []);
	t.regex(problems[0]!.message, /not UTF-8/);
	t.true(renderXspf(latin, {dir: '/lib', absolutePaths: false, set: 'clusters'}).text.includes('<location>caf%E9.ogg</location>'));
	t.true(renderXspf(latin, {dir: '/lib', absolutePaths: true, set: 'clusters'}).text.includes('<location>file:///lib/caf%E9.ogg</location>'));
});

test('file URIs are percent-encoded per segment, UTF-8', t => {
	t.is(fileUri('/a b/c#d/e%f?g/é'), 'file:///a%20b/c%23d/e%25f%3Fg/%C3%A9');
	t.is(fileUri("/it's (1).mp3"), 'file:///it%27s%20%281%29.mp3');
	t.is(fileURLToPath(fileUri('/a b/c#d/e%f?g/é')), '/a b/c#d/e%f?g/é');
});

test('track references: relative with forward slashes by default, absolute on request', t => {
	t.is(trackReference('/music/a/b.mp3', {dir: '/music/playlists', absolutePaths: false}), '../a/b.mp3');
	t.is(trackReference('/music/playlists/b.mp3', {dir: '/music/playlists', absolutePaths: false}), 'b.mp3');
	t.is(trackReference('/music/a/b.mp3', {dir: '/music/playlists', absolutePaths: true}), '/music/a/b.mp3');
	t.is(trackReference('/music/playlists/#x.mp3', {dir: '/music/playlists', absolutePaths: false}), './#x.mp3');
});

test('file names: safe on FAT and SMB shares, unique regardless of case', t => {
	t.is(sanitiseFileName('Upbeat · Bright · 120–128 BPM'), 'Upbeat · Bright · 120–128 BPM');
	t.is(sanitiseFileName('AC/DC: "Best" <of> | a\\b * ?'), 'AC_DC_ _Best_ _of_ _ a_b _ _');
	t.is(sanitiseFileName('trailing dots... '), 'trailing dots');
	t.is(sanitiseFileName('-leading dash'), '-leading dash');
	t.is(sanitiseFileName('.hidden'), '_hidden');
	t.is(sanitiseFileName('CON'), '_CON');
	t.is(sanitiseFileName('nul.txt'), '_nul.txt');
	t.is(sanitiseFileName('tab\there\nnewline'), 'tab here newline');
	t.is(sanitiseFileName('...'), '___');
	t.is(sanitiseFileName(''), 'playlist');
	const long = sanitiseFileName('é'.repeat(300));
	t.true(Buffer.byteLength(long) <= 200);
	t.is(long, 'é'.repeat(100));
	t.is(sanitiseFileName('cafe\u0301'), 'café', 'composed (NFC)');
	t.deepEqual(uniqueFileNames(['Fast', 'fast', 'FAST', 'A/B', 'A_B'], '.m3u8'), ['Fast.m3u8', 'fast (2).m3u8', 'FAST (3).m3u8', 'A_B.m3u8', 'A_B (2).m3u8']);
});

test('the XML check used above does catch malformed XML', async t => {
	for (const bad of ['<a>x & y</a>', '<a><b></a></b>', '<a>1</a><b>2</b>', '<a x=1></a>', '<a>\u0001</a>', '<a>']) {
		const attempt = await t.try(tt => assertWellFormedXml(tt, bad));
		const {passed} = attempt;
		attempt.discard();
		t.false(passed, bad);
	}
	const good = await t.try(tt => assertWellFormedXml(tt, '<?xml version="1.0"?>\n<!-- c -->\n<a x="1"><b/>t &amp; &#233;</a>\n'));
	const {passed} = good;
	good.discard();
	t.true(passed);
});

test('JSON: an unknown tempo is null, not 0; an untagged track takes its title from the file name, a CUE track from the sheet or the image', t => {
	const tracks: PlaylistTrack[] = [
		{path: '/lib/no tempo.ogg', durationSeconds: 30, bpm: Number.NaN, key: '', camelot: ''},
		{path: '/lib/zero.mp3', durationSeconds: 30, bpm: 0, key: '', camelot: ''},
		{
			path: '/lib/album.flac#2',
			durationSeconds: 200,
			bpm: 90,
			key: 'A minor',
			camelot: '8A',
			cue: {
				image: '/lib/album.flac',
				sheet: '/lib/album.cue',
				embedded: false,
				sheetSize: 1,
				sheetMtimeMs: 1,
				number: 2,
				ordinal: 2,
				startSeconds: 100,
				endSeconds: 300,
			},
		},
	];
	const playlist: Playlist = {name: 'x', tracks, durationSeconds: 260, bpmRange: [90, 90], mainKeys: []};
	const json = JSON.parse(renderJson(playlist, {dir: '/lib', absolutePaths: false, set: 'clusters'}).text) as {
		tracks: Array<{title: string; bpm: number | null}>;
	};
	t.deepEqual(
		json.tracks.map(track => [track.title, track.bpm]),
		[
			['no tempo', null],
			['zero', null],
			['album 02', 90],
		],
	);
	const titled = {...tracks[2]!, cue: {...tracks[2]!.cue!, title: 'Second Movement'}};
	t.is(displayTitle(titled), 'Second Movement');
	t.is(displayTitle({...titled, title: 'Tagged'}), 'Tagged');
});
