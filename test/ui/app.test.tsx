import test from 'ava';
import {render} from 'ink-testing-library';
import {App, type QuitRequest} from '../../source/ui/app.js';
import type {Playlist, PlaylistService} from '../../source/playlists/types.js';
import {cellWidth} from '../../source/ui/text.js';
import {FakeSession} from '../helpers/fake-session.js';
import {settle} from '../helpers/ink.js';
import {waitFor} from '../helpers/wait.js';
import {chunk, memory, started, stripAnsi, T0, withEpochs} from '../helpers/view.js';

function mount(options: {columns?: number; rows?: number; saveLimits?: (limits: unknown) => Promise<string>; playlists?: PlaylistService} = {}) {
	const session = new FakeSession();
	const quits: QuitRequest[] = [];
	const instance = render(
		<App
			session={session}
			onQuit={request => quits.push(request)}
			color={false}
			columns={options.columns ?? 80}
			rows={options.rows ?? 24}
			frameMs={0}
			dataFrameMs={0}
			tickMs={0}
			clock={() => T0 + 5000}
			saveLimits={options.saveLimits as never}
			playlists={options.playlists}
		/>,
	);
	session.emit(started());
	session.emit({type: 'queue', total: 3, toAnalyse: 3, unchanged: 0, failedBefore: 0});
	session.emit(memory(T0 + 1000, 20));
	// The frame once rendering has gone quiet: on a busy machine a fixed pause is not always enough.
	const screen = async () => {
		await settle();
		let frames = instance.frames.length;
		for (let quiet = 0, waits = 0; quiet < 3 && waits < 80; waits++) {
			await settle(25);
			quiet = instance.frames.length === frames ? quiet + 1 : 0;
			frames = instance.frames.length;
		}
		return stripAnsi(instance.lastFrame() ?? '');
	};
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			instance.stdin.write(key);
			await settle(10);
		}
		return screen();
	};
	/** The screen once it shows `pattern` (work that resolves later, like a preview being built). */
	const screenShowing = async (pattern: RegExp) => {
		await waitFor(() => pattern.test(stripAnsi(instance.lastFrame() ?? '')));
		return screen();
	};
	return {session, quits, instance, screen, press, screenShowing};
}

test.serial('80×24: every panel title, the footer, nothing wider or taller than the terminal', async t => {
	const {screen, instance} = mount();
	const text = await screen();
	for (const title of ['Memory', 'Progress', 'Chunks', 'GC', 'Settings', 'Log']) t.regex(text, new RegExp(`┌─ ${title} `));
	t.regex(text, /\+\/- limit {2}\]\/\[ chunk/);
	t.regex(text, /S unavailable/);
	t.regex(text, /w unavailable/);
	const lines = text.split('\n');
	t.true(lines.length <= 24);
	t.true(Math.max(...lines.map(cellWidth)) <= 80);
	instance.unmount();
});

test.serial('+ raises the limit shown at once and the log says it applies from the next chunk', async t => {
	const {press, session, instance} = mount();
	const text = await press('+');
	t.deepEqual(session.calls, ['setLimits {"memoryLimitPercent":55}']);
	t.regex(text, /memory limit +55%\*/);
	t.regex(text, /limit 50% → 55%/);
	instance.unmount();
});

test.serial('keys reach the session: [ ] { } - g p s', async t => {
	const {press, session, instance} = mount();
	const text = await press(']', '[', '}', '{', '{', '-', 'g', 'p', 's');
	t.deepEqual(session.calls, [
		'setLimits {"chunkSeconds":16}',
		'setLimits {"chunkSeconds":15}',
		'setLimits {"maxChunkSeconds":35}',
		'setLimits {"maxChunkSeconds":30}',
		'setLimits {"maxChunkSeconds":25}',
		'setLimits {"memoryLimitPercent":45}',
		'forceGc command',
		'togglePause',
		'skip',
	]);
	t.regex(text, /PAUSED/);
	instance.unmount();
});

test.serial('a rejected change is logged with the reason', async t => {
	const {press, instance} = mount({columns: 140});
	// 15 s chunks and a 5 s minimum: the eleventh press of [ asks for 4 s.
	const text = await press(...Array.from({length: 11}, () => '['));
	t.regex(text, /rejected: chunk durations must satisfy/);
	instance.unmount();
});

test.serial('? opens the help from the keymap; Esc closes it', async t => {
	const {press, instance} = mount();
	const help = await press('?');
	t.regex(help, /┌─ Help /);
	t.regex(help, /\+\/- +memory limit ±5 %/);
	t.regex(help, /S +save the current limits to the configuration file \(unavailable here\)/);
	const closed = await press('\u001B');
	t.notRegex(closed, /┌─ Help /);
	t.regex(closed, /┌─ Memory /);
	instance.unmount();
});

test.serial('t opens the epochs table over the panels, within 80×24; after a change, two epochs and how to keep the settings; Esc closes', async t => {
	const {press, session, instance} = mount();
	session.emit(chunk('/music/a.mp3', 0, 15));
	const first = await press('t');
	t.regex(first, /┌─ Settings epochs /);
	t.regex(first, /▸ 1 +50% +15 s +30 s/);
	t.regex(first, /change a limit/);
	t.regex(first, /t epochs/, 'in the footer');
	t.notRegex(first, /┌─ Memory /);
	const lines = first.split('\n');
	t.true(lines.length <= 24);
	t.true(Math.max(...lines.map(cellWidth)) <= 80);
	// The session ends the first epoch when the limit changes (as the real one does).
	for (const event of withEpochs([
		started(),
		{type: 'queue', total: 3, toAnalyse: 3, unchanged: 0, failedBefore: 0},
		chunk('/music/a.mp3', 0, 15),
		{type: 'limits', limits: {...session.limits, memoryLimitPercent: 45}, changed: ['memoryLimitPercent'], workers: 2},
	]).filter(event => event.type === 'epoch'))
		session.emit(event);
	await press('-');
	session.emit(chunk('/music/a.mp3', 1, 15));
	const second = await press();
	t.regex(second, /│ {2}1 +50% /);
	t.regex(second, /▸ 2 +45% /);
	t.regex(second, /S saves the settings in force now \(limit 45%/);
	const closed = await press('\u001B');
	t.regex(closed, /┌─ Memory /);
	t.regex(closed, /epoch 1 ended/);
	instance.unmount();
});

test.serial('S saves through the injected function and says where', async t => {
	const {press, instance} = mount({saveLimits: async () => '/home/me/.config/playlistgen/config.yaml'});
	const text = await press('S');
	t.regex(text, /S save/);
	t.regex(text, /limits saved to \/home\/me\/\.config\/playlist…|limits saved to \/home\/me/);
	instance.unmount();
});

test.serial('q asks once to stop gracefully, again to force; Ctrl-C forces', async t => {
	const {press, quits, session, instance} = mount();
	const text = await press('q');
	t.deepEqual(quits, ['quit']);
	t.regex(text, /q again forces/);
	await press('q');
	t.deepEqual(quits, ['quit', 'force']);
	await press('\u0003');
	t.deepEqual(quits, ['quit', 'force', 'interrupt']);
	t.false(session.calls.includes('stop'), 'the runner, not the view, stops the session');
	instance.unmount();
});

test.serial('finished: the view stays with the summary, offers w and q, and q leaves at once', async t => {
	const {session, press, screen, quits, instance} = mount();
	session.emit({
		type: 'finished',
		summary: {
			tracks: 3,
			failed: 0,
			unchanged: 0,
			audioSeconds: 90,
			wallSeconds: 1,
			peakRssBytes: 1e8,
			peakWorkingSetBytes: 1e8,
			nodeMaxRssBytes: 1e8,
			failedBefore: 0,
			pruned: 0,
			chunks: 9,
			backpressureWaits: 0,
			forcedGcs: 0,
			stopped: false,
			epochs: [],
		},
	});
	const text = await screen();
	t.regex(text, /┌─ Finished /);
	t.regex(text, /w preview playlists · q quit/);
	t.notRegex(text, /\+\/- limit/);
	await press('q');
	t.deepEqual(quits, ['quit']);
	instance.unmount();
});

test.serial('narrow and short terminals still fit', async t => {
	for (const [columns, rows] of [
		[60, 24],
		[100, 30],
		[120, 40],
		[80, 12],
	] as const) {
		const {screen, instance} = mount({columns, rows});
		const lines = (await screen()).split('\n');
		t.true(lines.length <= rows, `${columns}×${rows} height`);
		t.true(Math.max(...lines.map(cellWidth)) <= columns, `${columns}×${rows} width`);
		instance.unmount();
	}
});

const playlist = (name: string, count: number): Playlist => ({
	name,
	tracks: Array.from({length: count}, (_, i) => ({
		path: `/music/${name}/${i}.mp3`,
		artist: 'Artist',
		title: `${name} ${i + 1}`,
		durationSeconds: 200,
		bpm: 120 + i,
		key: 'A minor',
		camelot: '8A',
	})),
	durationSeconds: 200 * count,
	bpmRange: [120, 120 + count - 1],
	mainKeys: ['A minor', 'C major'],
});

test.serial('w opens the playlists preview; q or Esc closes it', async t => {
	const service: PlaylistService = {
		preview: async () => ({playlists: [playlist('Upbeat', 3)], trackCount: 3}),
		write: async () => ({dir: '/tmp/out', written: ['a.m3u8'], keptEdited: [], problems: []}),
	};
	const {press, instance, screenShowing} = mount({playlists: service});
	t.regex(await press('w'), /Playlists preview/);
	const text = await screenShowing(/Upbeat/);
	t.regex(text, /Upbeat/);
	t.regex(text, /analysis still runs/);
	const closed = await press('\u001B');
	t.regex(closed, /┌─ Memory /);
	instance.unmount();
});

test.serial('the playlists preview has the header and footer of every other frame, what q did included', async t => {
	const service: PlaylistService = {
		preview: async () => ({playlists: [playlist('Upbeat', 3)], trackCount: 3}),
		write: async () => ({dir: '/tmp/out', written: ['a.m3u8'], keptEdited: [], problems: []}),
	};
	const {press, instance, screenShowing} = mount({playlists: service});
	const rows = (text: string) => text.split('\n').map(row => row.trimEnd());
	const panels = rows(await press('q'));
	t.regex(panels.at(-3)!, /^stopping: ffmpeg stopped/);
	await press('w');
	const preview = rows(await screenShowing(/Upbeat/));
	t.regex(preview.join('\n'), /Playlists preview/);
	t.is(preview[0], panels[0]);
	t.deepEqual(preview.slice(-3), panels.slice(-3));
	instance.unmount();
});

test.serial('80×24: l opens the whole log at full width, a long message read whole; Esc closes; the help says so and still fits', async t => {
	const {press, screen, session, instance} = mount();
	const message =
		"budget 32.0 MiB is under this machine's floor of 150 MiB with 3 decoders: running 1 decoder, 1 worker, 5 s chunks; even so the run needs about 96.0 MiB: memory will stay above the budget";
	session.emit({type: 'log', level: 'warn', message});
	const panels = await screen();
	t.notRegex(panels.replaceAll(/\s*│\s*/g, ' '), /memory will stay above the budget/, 'the Log panel cuts it');
	const log = await press('l');
	t.regex(log, /┌─ Log /);
	const inside = log
		.split('\n')
		.filter(line => line.startsWith('│'))
		.map(line => line.slice(1, -1).slice(9).trim())
		.join(' ');
	t.true(inside.includes(`warn: ${message}`), inside);
	t.true(log.split('\n').every(line => cellWidth(line) <= 80));
	t.true(log.split('\n').length <= 24);
	const closed = await press('\u001B');
	t.regex(closed, /┌─ Memory /);
	const help = await press('?');
	t.regex(help, /│l +the whole log, each message whole \(↑\/↓ scroll, Esc closes\) +│/);
	t.regex(help, /│Changes apply from the next chunk/);
	t.true(help.split('\n').length <= 24);
	instance.unmount();
});

test.serial('80×24 while the analysis runs: an open playlist of 19 tracks shows 12 of them, a row per line', async t => {
	const service: PlaylistService = {
		preview: async () => ({playlists: [playlist('Nineteen', 19)], trackCount: 19}),
		write: async () => ({dir: '/tmp/out', written: [], keptEdited: [], problems: []}),
	};
	const {press, instance, screenShowing} = mount({playlists: service});
	await press('w');
	await screenShowing(/Nineteen/);
	const open = await press('\r');
	t.regex(open, /19 tracks · /);
	t.regex(open, /analysis still runs/);
	t.is(open.split('\n').filter(row => /│ [▶ ] │ +\d+ │/.test(row)).length, 12, open);
	t.regex(open, /1–12 of 19/);
	t.true(open.split('\n').length <= 24);
	instance.unmount();
});
