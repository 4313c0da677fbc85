import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {parseM3u8} from '../helpers/m3u.js';
import {runCli} from '../helpers/cli.js';
import {synth, tempDir} from '../helpers/fixtures.js';
import {mpcBinary, mpdBinary, startMpd} from '../helpers/mpd.js';

// Debian's mpd and mpc (apt-get install mpd mpc); without them there is no player to ask.
const withMpd = mpdBinary && mpcBinary ? test : test.skip;

/** Names players trip over: URI specials, a literal %20, a leading #, non-ASCII, quotes. */
const NAMES = ['#leading hash', 'what? 50% off', 'literal %20 here', 'Sigur Rós – Hoppípolla', 'it\'s "quoted" & more', 'plain'];

withMpd('MPD lists the .m3u playlists written for it and finds every track they name', async t => {
	const home = tempDir(t);
	const music = path.join(home, 'music');
	for (const [index, name] of NAMES.entries()) {
		const album = index % 2 === 0 ? 'Album One' : 'Album #2';
		synth(path.join(music, album, `${name}.ogg`), `sine=f=${220 + index * 110}:d=2`, ['-c:a', 'libvorbis']);
	}
	const env = {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), HOME: home};
	const db = path.join(home, 'library.db');
	const analysed = await runCli(['analyze', music, '--db', db, '--no-tui', '--workers', '1'], {env, cwd: home});
	t.is(analysed.code, 0, analysed.stderr);
	const out = path.join(music, 'playlists');
	const written = await runCli(['playlists', '--db', db, '--out', out, '--format', 'm3u', '--k', '2'], {env, cwd: home});
	t.is(written.code, 0, written.stderr);
	const files = fs.readdirSync(out).filter(file => file.endsWith('.m3u'));
	t.true(files.length >= 1);

	// An MPD of our own: the playlists folder inside the music folder is its playlist_directory.
	const client = await startMpd(t, {home, music, playlists: out});
	client('update', '--wait');

	const names = files.map(file => file.slice(0, -'.m3u'.length));
	t.deepEqual(client('lsplaylists').sort(), [...names].sort(), 'every playlist listed by its name');
	const loaded: string[] = [];
	for (const [index, name] of names.entries()) {
		client('clear');
		client('load', name);
		const queue = client('playlist', '-f', '%file%');
		const expected = parseM3u8(fs.readFileSync(path.join(out, files[index]!), 'utf8')).entries.map(entry =>
			path.relative(music, path.resolve(out, entry.path)),
		);
		t.deepEqual(queue, expected, `${name}: the tracks of the file, in its order`);
		loaded.push(...queue);
	}
	t.deepEqual(loaded.map(file => path.basename(file, '.ogg')).sort(), [...NAMES].sort(), 'every track found');
});
