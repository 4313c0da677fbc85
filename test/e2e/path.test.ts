/** The live view in a real terminal: a path marked in the playlists preview, shown, and written with y. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {parseM3u8} from '../helpers/m3u.js';
import {synth} from '../helpers/fixtures.js';
import {ptyMissing, spawnTui} from '../helpers/pty.js';

const serial = ptyMissing ? test.serial.skip : test.serial;

serial('w, Enter, a on a track, Enter, b on a neighbour: the path between them shows, and y writes it', async t => {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-e2e-path-'));
	t.teardown(() => fs.rmSync(home, {recursive: true, force: true}));
	const library = path.join(home, 'Music');
	// Six short pieces of different lengths and sounds (never taken for copies of one recording).
	const sources = ['sine=f=220', 'sine=f=330', 'sine=f=440', 'anoisesrc=c=pink:a=0.3', 'anoisesrc=c=brown:a=0.3', 'anoisesrc=c=white:a=0.1'];
	const files = sources.map((source, index) =>
		synth(path.join(library, `piece-${index + 1}.wav`), `${source}:d=${12 + 4 * index}`, ['-ar', '22050', '-ac', '1']),
	);
	const tui = spawnTui([library, '--db', path.join(home, 'library.db')], {home});
	t.teardown(async () => {
		tui.kill('SIGKILL');
		await tui.exited;
	});
	await tui.waitFor('the end of the analysis', () => tui.events().some(event => event.type === 'summary'));
	tui.type('w');
	await tui.waitForScreen(/┌─ Playlists preview[\s\S]*│ ▶ │/);
	tui.type('\r');
	await tui.waitForScreen(/┌─ Playlist: /);
	tui.type('a');
	await tui.waitForScreen(/path from piece-\d\.wav to b marks the destination/);
	tui.type('\r');
	await tui.waitForScreen(/┌─ Nearest to: piece-\d\.wav[\s\S]*│ ▶ │ 1 │/);
	tui.type('b');
	const shown = await tui.waitForScreen(/y write this path · Esc back/);
	const [, from, to] = /┌─ Path: (piece-\d)\.wav → (piece-\d)\.wav /.exec(shown) ?? [];
	t.truthy(from && to && from !== to, shown);
	t.regex(shown, /6 tracks · /, 'the library holds 6 tracks: the path takes them all');
	t.regex(shown, new RegExp(`│ ▶ │ +1 │ ${from}\\.wav +│`));
	tui.type('y');
	await tui.waitForScreen(/wrote 1 playlist to /);
	const out = path.join(home, 'playlists');
	const file = path.join(out, `Path · ${from} → ${to}.m3u8`);
	const text = fs.readFileSync(file, 'utf8');
	t.regex(text, /PLAYLISTGEN:v1 set=path /);
	const entries = parseM3u8(text).entries.map(entry => path.resolve(out, entry.path));
	t.is(entries[0], path.join(library, `${from}.wav`));
	t.is(entries.at(-1), path.join(library, `${to}.wav`));
	t.deepEqual([...entries].sort(), [...files].sort());
	tui.type('q');
	await tui.waitForScreen(/┌─ Memory /);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});
