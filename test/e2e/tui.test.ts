import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {synth} from '../helpers/fixtures.js';
import {waitFor} from '../helpers/wait.js';
import {ffmpegProcesses, ptyMissing, spawnTui, type TuiProcess} from '../helpers/pty.js';

const serial = ptyMissing ? test.serial.skip : test.serial;

// One long library for all tests (made once): four 4-minute tracks take several seconds to analyse,
// time enough to pause, steer and quit while it runs.
const library = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-e2e-lib-'));
test.before(() => {
	if (ptyMissing) return;
	for (const [index, hz] of [220, 330, 440, 550].entries()) {
		synth(path.join(library, `tone-${index + 1}.wav`), `sine=f=${hz}:d=240`, ['-ar', '22050', '-ac', '1']);
	}
});
test.after.always(() => fs.rmSync(library, {recursive: true, force: true}));

function home(t: import('ava').ExecutionContext): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-e2e-'));
	t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
	return dir;
}

function start(t: import('ava').ExecutionContext, options: {columns?: number; rows?: number; env?: NodeJS.ProcessEnv} = {}): TuiProcess {
	const dir = home(t);
	const tui = spawnTui([library, '--db', path.join(dir, 'library.db')], {home: dir, ...options});
	t.teardown(async () => {
		tui.kill('SIGKILL');
		await tui.exited;
	});
	return tui;
}

const chunks = (tui: TuiProcess) => tui.events().filter(event => event.type === 'chunk');

serial('80×24: every panel title and the footer, in the alternate screen', async t => {
	const tui = start(t);
	tui.type('p');
	const screen = await tui.waitForScreen(/PAUSED/);
	for (const title of ['Memory', 'Progress', 'Chunks', 'GC', 'Settings', 'Log']) t.regex(screen, new RegExp(`┌─ ${title} `), title);
	t.regex(screen, /\+\/- limit/);
	t.regex(screen, /q quit/);
	t.true(tui.screen.altScreen);
	t.false(tui.screen.cursorVisible);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});

serial('+ raises the limit shown at once, and the next chunk uses it', async t => {
	const tui = start(t);
	await tui.waitForScreen(/┌─ Memory /);
	tui.type('p');
	await tui.waitForScreen(/PAUSED/);
	await tui.waitFor('the paused event', () => tui.events().some(event => event.type === 'paused'));
	tui.type('+');
	await tui.waitForScreen(/memory limit +55%\*/);
	await tui.waitForScreen(/limit 50% → 55%/);
	await tui.waitFor('the limits event', () => tui.events().some(event => event.type === 'limits'));
	const before = tui.events().length;
	tui.type('p');
	await tui.waitFor('a chunk after the change', () =>
		tui
			.events()
			.slice(before)
			.some(event => event.type === 'chunk'),
	);
	const next = tui
		.events()
		.slice(before)
		.find(event => event.type === 'chunk')!;
	t.is(next['limitPercent'], 55);
	await tui.waitForScreen(/now in effect: chunk of .* at 55%/);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});

serial('p stops new chunks until pressed again', async t => {
	const tui = start(t);
	await tui.waitFor('a first chunk', () => chunks(tui).length > 0);
	tui.type('p');
	await tui.waitForScreen(/PAUSED/);
	await tui.waitFor('the paused event', () => tui.events().some(event => event.type === 'paused'));
	// A chunk already being read when the key came may still arrive; after that, nothing.
	const pausedAt = tui.events().findIndex(event => event.type === 'paused');
	// An absence of chunks: it takes time to see. 1.5 s is several chunks' worth at full speed.
	await new Promise(resolve => setTimeout(resolve, 1500));
	const whilePaused = tui
		.events()
		.slice(pausedAt)
		.filter(event => event.type === 'chunk').length;
	t.true(whilePaused <= 1, `${whilePaused} chunks after pausing`);
	const count = chunks(tui).length;
	tui.type('p');
	await tui.waitFor('chunks again after resuming', () => chunks(tui).length > count);
	t.pass();
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});

serial('q stops gracefully: exit 0, no ffmpeg left, the terminal given back', async t => {
	const tui = start(t);
	await tui.waitFor('a chunk', () => chunks(tui).length > 0);
	t.true(ffmpegProcesses(library).length > 0, 'an ffmpeg child decodes while running');
	tui.type('q');
	const {exitCode} = await tui.exited;
	t.is(exitCode, 0);
	t.deepEqual(ffmpegProcesses(library), []);
	t.false(tui.screen.altScreen, 'back to the main screen');
	t.true(tui.screen.cursorVisible, 'cursor shown');
	t.regex(tui.screen.text(), /stopped: \d+ analysed/);
	t.true(tui.events().some(event => event.type === 'stopping'));
});

serial('Ctrl-C forces the exit with 130; SIGTERM stops with 143; both restore the terminal', async t => {
	const first = start(t);
	await first.waitFor('a chunk', () => chunks(first).length > 0);
	first.type('\u0003');
	t.is((await first.exited).exitCode, 130);
	t.false(first.screen.altScreen);
	t.true(first.screen.cursorVisible);
	t.true(await waitFor(() => ffmpegProcesses(library).length === 0, 5000), 'no ffmpeg left');

	const second = start(t);
	await second.waitFor('a chunk', () => chunks(second).length > 0);
	second.kill('SIGTERM');
	t.is((await second.exited).exitCode, 143);
	t.false(second.screen.altScreen);
	t.true(second.screen.cursorVisible);
	t.deepEqual(ffmpegProcesses(library), []);
});

serial('when the analysis finishes the view stays, with the summary, until q', async t => {
	const tui = start(t, {columns: 100, rows: 30});
	await tui.waitForScreen(/┌─ Finished /, 90_000);
	const screen = tui.screen.text();
	t.regex(screen, /4 analysed · 0 failed · 0 unchanged/);
	t.regex(screen, /w preview playlists · q quit/);
	t.true(tui.screen.altScreen);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
	t.regex(tui.screen.text(), /finished: 4 analysed, 0 failed/);
});

serial('NO_COLOR: no colour codes, gauges still readable', async t => {
	const tui = start(t, {env: {NO_COLOR: '1'}});
	tui.type('p');
	const screen = await tui.waitForScreen(/budget +[█▏▎▍▌▋▊▉░]+ +[\d.]+%/);
	t.regex(screen, /machine +[█▏▎▍▌▋▊▉░]+ +[\d.]+%/);
	t.notRegex(tui.screen.raw, /\u001B\[(?:\d+;)*(?:3[0-79]|9[0-7]|38;5;\d+)m/);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});

serial('a resize redraws the layout for the new size', async t => {
	const tui = start(t, {columns: 100, rows: 30});
	tui.type('p');
	await tui.waitForScreen(/PAUSED/);
	const widest = () =>
		Math.max(
			...tui.screen
				.text()
				.split('\n')
				.map(line => line.length),
		);
	await tui.waitFor('the 100-column layout', () => widest() === 100);
	tui.resize(64, 24);
	// One column: the Progress panel spans the width.
	await tui.waitForScreen(/^┌─ Progress ─+┐$/m);
	t.true(widest() <= 64);
	tui.resize(120, 40);
	// The frame arrives in pieces: wait for its last panel, not only its first line.
	await tui.waitFor('the 120-column layout with every panel', () => {
		const text = tui.screen.text();
		return /┐┌─ Progress/.test(text) && /┌─ Settings /.test(text) && widest() === 120;
	});
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
});

serial('a configuration warning, said while the first line was already up, is on the main screen after the view', async t => {
	const dir = home(t);
	fs.writeFileSync(path.join(dir, '.playlistgenrc'), 'chunkSecs: 4\n');
	const tui = spawnTui([library, '--db', path.join(dir, 'library.db')], {home: dir});
	t.teardown(() => tui.kill('SIGKILL'));
	await tui.waitForScreen(/┌─ Memory /);
	t.notRegex(tui.screen.text(), /unknown option/);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
	t.false(tui.screen.altScreen);
	t.regex(tui.screen.text(), /warning: .*unknown option "chunkSecs/);
});

serial('a bad flag value: the screen given back, the error on the main screen, exit 2', async t => {
	const dir = home(t);
	const tui = spawnTui([library, '--db', path.join(dir, 'library.db'), '--memory-limit', '150'], {home: dir});
	t.teardown(() => tui.kill('SIGKILL'));
	t.is((await tui.exited).exitCode, 2);
	t.false(tui.screen.altScreen);
	t.true(tui.screen.cursorVisible);
	t.regex(tui.screen.text(), /--memory-limit = "150": must be a percentage from 1 to 100/);
});
