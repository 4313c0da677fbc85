/** The live view in a real terminal of 80×24: the playlists preview uses the screen, and the log reads whole. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {synth} from '../helpers/fixtures.js';
import {ptyMissing, spawnTui} from '../helpers/pty.js';

const serial = ptyMissing ? test.serial.skip : test.serial;

const TITLE = 'Living Caves of the Northern Range';

// Nineteen short parts of one album: their names differ only at the end.
const library = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-e2e-preview-'));
test.before(() => {
	if (ptyMissing) return;
	for (let part = 1; part <= 19; part++) {
		const args = ['-ar', '22050', '-ac', '1', '-metadata', 'artist=NeonCorridor', '-metadata', `title=${TITLE} (Part ${part})`];
		synth(path.join(library, `part-${String(part).padStart(2, '0')}.flac`), `sine=f=${200 + part * 37}:d=${6 + (part % 4)}`, args);
	}
});
test.after.always(() => fs.rmSync(library, {recursive: true, force: true}));

function home(t: import('ava').ExecutionContext): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-e2e-'));
	t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
	return dir;
}

serial('80×24: an open playlist of 19 tracks shows at least 12 of them, each name told apart by its end', async t => {
	const dir = home(t);
	// A radio of 19 from the first part: one playlist that holds the whole library.
	const seed = path.join(library, 'part-01.flac');
	const tui = spawnTui([library, '--db', path.join(dir, 'library.db'), '--strategy', 'radio', '--seed', seed, '--length', '19'], {home: dir});
	t.teardown(async () => {
		tui.kill('SIGKILL');
		await tui.exited;
	});
	await tui.waitFor('the end of the analysis', () => tui.events().some(event => event.type === 'summary'));
	tui.type('w');
	await tui.waitForScreen(/┌─ Playlists preview[\s\S]*│ ▶ │/);
	tui.type('\r');
	// The whole frame: its rows are sent as changed lines, top to bottom, the table's closing rule last.
	const screen = await tui.waitForScreen(/19 tracks · [\s\S]*\d+–\d+ of 19/);
	const rows = screen.split('\n');
	t.true(rows.length <= 24 && rows.every(row => [...row].length <= 80), screen);
	const tracks = rows.map(row => /│ [▶ ] │ +(\d+) │ (.+?) +│ +\d+:\d\d │/.exec(row)).filter(match => match !== null);
	t.true(tracks.length >= 12, screen);
	for (const [, , name] of tracks) t.regex(name!, /\(Part \d+\)$/, 'its end kept');
	t.is(new Set(tracks.map(([, , name]) => name)).size, tracks.length, 'no two names alike');
	t.true(
		tracks.every(([, , name]) => name!.startsWith('NeonC')),
		'the artist shortened, not dropped',
	);
	t.regex(screen, /1–\d+ of 19/);
	tui.type('q');
	await tui.waitForScreen(/┌─ Memory /);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});

serial('80×24: with --ram 64M the message about the budget reads whole in the log opened with l', async t => {
	const dir = home(t);
	const tui = spawnTui([library, '--db', path.join(dir, 'library.db'), '--ram', '64M'], {home: dir});
	t.teardown(async () => {
		tui.kill('SIGKILL');
		await tui.exited;
	});
	await tui.waitFor('the end of the analysis', () => tui.events().some(event => event.type === 'summary'));
	const said = tui.events().find(event => event.type === 'log' && /^budget .* is under this machine/.test(String(event['message'])));
	t.truthy(said, 'the run says its budget is under the floor');
	const message = String(said!['message']);
	t.true(message.length > 76, 'longer than a line of the log panel');
	tui.type('l');
	const screen = await tui.waitForScreen(/┌─ Log .*Esc closes/);
	// The overlay's lines: a time (or its blank) of 9 cells, then the text; wrapped lines joined by a space.
	const text = screen
		.split('\n')
		.filter(row => row.startsWith('│'))
		.map(row => row.slice(10, -1).trim())
		.join(' ');
	t.true(text.includes(message), `${message}\n${screen}`);
	tui.type('\u001B');
	await tui.waitForScreen(/┌─ Memory /);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});
