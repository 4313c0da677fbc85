import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {synth} from '../helpers/fixtures.js';
import {ptyMissing, spawnTui, type TuiProcess} from '../helpers/pty.js';

const serial = ptyMissing ? test.serial.skip : test.serial;
const TITLES = ['Memory', 'Progress', 'Chunks', 'GC', 'Settings', 'Log'];

const library = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-e2e-start-'));
test.before(() => {
	if (ptyMissing) return;
	synth(path.join(library, 'tone.wav'), 'sine=f=330:d=120', ['-ar', '22050', '-ac', '1']);
});
test.after.always(() => fs.rmSync(library, {recursive: true, force: true}));

/**
 * The CLI in a terminal whose configuration file does not finish loading until `open()`: it marks when
 * it starts, then waits for a file. Whatever is on screen meanwhile was drawn before the configuration,
 * the store, the engine, React and Ink were there.
 */
function startHeldAtConfiguration(t: import('ava').ExecutionContext, env: NodeJS.ProcessEnv = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-e2e-'));
	t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
	const loading = path.join(dir, 'loading');
	const gate = path.join(dir, 'open');
	fs.writeFileSync(
		path.join(dir, '.playlistgenrc.mjs'),
		[
			"import fs from 'node:fs';",
			`fs.writeFileSync(${JSON.stringify(loading)}, '');`,
			`while (!fs.existsSync(${JSON.stringify(gate)})) await new Promise(resolve => setTimeout(resolve, 20));`,
			'export default {};',
		].join('\n'),
	);
	const tui = spawnTui([library, '--db', path.join(dir, 'library.db')], {home: dir, env});
	t.teardown(async () => {
		tui.kill('SIGKILL');
		await tui.exited;
	});
	const held = () => !fs.existsSync(gate);
	const open = () => fs.writeFileSync(gate, '');
	return {tui, held, open, configurationLoading: () => fs.existsSync(loading)};
}

const hasEveryPanel = (text: string) => TITLES.every(title => text.includes(`┌─ ${title} `)) && /q quit$/m.test(text);

/** The rows where the panels' top borders are, and their titles: the layout as a person sees it. */
function titleRows(tui: TuiProcess): string[] {
	return tui.screen
		.text()
		.split('\n')
		.map((line, row) => (line.includes('┌─') ? `${row}: ${line.replaceAll(/─+/g, '─')}` : ''))
		.filter(Boolean);
}

serial('the first frame holds every panel, the library and the keys before the configuration has loaded', async t => {
	const {tui, held, open, configurationLoading} = startHeldAtConfiguration(t);
	await tui.waitFor('every panel on screen', () => hasEveryPanel(tui.screen.text()));
	t.true(held(), 'drawn while the configuration is still held');
	const first = tui.screen.text();
	t.regex(first.split('\n')[0]!, new RegExp(`^playlistgen starting… ${library.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} +0:00$`));
	t.regex(first, /waiting for the first sample…/);
	t.regex(first, /\+\/- limit .* w playlists/);
	t.true(tui.screen.altScreen);
	t.false(tui.screen.cursorVisible);
	t.deepEqual(tui.events(), [], 'nothing analysed yet');
	const layout = titleRows(tui);
	await tui.waitFor('the configuration to be read', configurationLoading);

	// The view takes over with the same layout and fills the figures in.
	open();
	await tui.waitForScreen(/done 0\/1/);
	t.deepEqual(titleRows(tui), layout);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});

serial('keys typed at the first frame are not echoed over it, and act once the view is up', async t => {
	const {tui, held, open} = startHeldAtConfiguration(t);
	await tui.waitFor('every panel on screen', () => hasEveryPanel(tui.screen.text()));
	const before = tui.screen.text();
	tui.type('p');
	tui.type('+');
	// Give the terminal time to echo, as it would in its cooked mode; a raw terminal shows nothing.
	await new Promise(resolve => setTimeout(resolve, 300));
	t.true(held());
	t.is(tui.screen.text(), before);
	open();
	// Both keys act: paused, and the limit raised.
	await tui.waitFor('PAUSED and the raised limit on screen', () => /PAUSED/.test(tui.screen.text()) && /memory limit +55%/.test(tui.screen.text()));
	t.pass();
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});

serial('Ctrl-C at the first frame: exit 130 at once, the terminal given back', async t => {
	const {tui, held} = startHeldAtConfiguration(t);
	await tui.waitFor('every panel on screen', () => hasEveryPanel(tui.screen.text()));
	tui.type('\u0003');
	const {exitCode} = await tui.exited;
	t.true(held(), 'left before the configuration was read');
	t.is(exitCode, 130);
	t.false(tui.screen.altScreen);
	t.true(tui.screen.cursorVisible);
});

serial('NO_COLOR: the first frame has no colour codes', async t => {
	const {tui, open} = startHeldAtConfiguration(t, {NO_COLOR: '1'});
	await tui.waitFor('every panel on screen', () => hasEveryPanel(tui.screen.text()));
	t.notRegex(tui.screen.raw, /\u001B\[(?:\d+;)*(?:3[0-79]|9[0-7]|38;5;\d+)m/);
	open();
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});
