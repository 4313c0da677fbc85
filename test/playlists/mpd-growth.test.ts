/**
 * What an MPD user lives with: playlists written into MPD's playlist_directory by one run, then by another
 * after the library grew by an album. MPD must still list the old names, and each must load with its old
 * tracks plus the new ones that fit.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {variant} from '../../media/recipes.js';
import {runCli} from '../helpers/cli.js';
import {mediaDir, tempDir} from '../helpers/fixtures.js';
import {mpcBinary, mpdBinary, startMpd} from '../helpers/mpd.js';
import {renderRecipes} from '../helpers/music.js';

// Debian's mpd and mpc (.ci/run installs them); without them there is no player to ask.
const withMpd = mpdBinary && mpcBinary ? test : test.skip;

withMpd('after the library grows by an album, MPD still lists every playlist by its old name, each with its old tracks and the new ones that fit', async t => {
	const home = tempDir(t);
	const music = path.join(home, 'music');
	// The bundled sample library, one folder per family (three families of three).
	for (const file of fs.readdirSync(mediaDir).filter(name => /\.(mp3|ogg|opus|flac|wav)$/.test(name))) {
		const family = file.split('-')[0]!;
		fs.mkdirSync(path.join(music, family), {recursive: true});
		fs.copyFileSync(path.join(mediaDir, file), path.join(music, family, file));
	}
	const env = {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), HOME: home};
	const db = path.join(home, 'library.db');
	const out = path.join(music, 'playlists');
	const analyse = async () => {
		const result = await runCli(['analyze', music, '--db', db, '--no-tui', '--workers', '1'], {env, cwd: home});
		t.is(result.code, 0, result.stderr);
	};
	const write = async () => {
		const result = await runCli(['playlists', '--db', db, '--out', out, '--format', 'm3u', '--player', 'mpd'], {env, cwd: home});
		t.is(result.code, 0, result.stderr);
		return result.stdout;
	};
	await analyse();
	await write();

	const client = await startMpd(t, {home, music, playlists: out});
	const contents = () => {
		client('update', '--wait');
		const lists = new Map<string, string[]>();
		for (const name of client('lsplaylists')) {
			client('clear');
			client('load', name);
			lists.set(name, client('playlist', '-f', '%file%').sort());
		}
		return lists;
	};
	const before = contents();
	t.is(before.size, 3, [...before.keys()].join(', '));

	// A new album of two more "neon" pieces: they belong with the neon family's playlist.
	await renderRecipes([variant('neon', 3, 18, 'ogg'), variant('neon', 4, 16, 'mp3')], path.join(music, 'neon more'));
	await analyse();
	const said = await write();
	t.regex(said, /Changes: 2 tracks added to [^;.]+\./);

	const after = contents();
	t.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'the same playlist names');
	let grown = 0;
	for (const [name, tracks] of before) {
		const now = after.get(name)!;
		t.true(
			tracks.every(track => now.includes(track)),
			`${name} keeps its tracks`,
		);
		const added = now.filter(track => !tracks.includes(track));
		if (added.length > 0) {
			grown++;
			t.deepEqual(added, ['neon more/neon-04.ogg', 'neon more/neon-05.mp3']);
			t.true(
				tracks.every(track => track.startsWith('neon/')),
				`the new pieces joined the neon playlist, not ${name}`,
			);
		}
	}
	t.is(grown, 1);
});
