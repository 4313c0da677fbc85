import test from 'ava';
import {render} from 'ink-testing-library';
import {App} from '../../source/ui/app.js';
import type {PlaylistService} from '../../source/playlists/types.js';
import {startingFrame} from '../../source/ui/starting-view.js';
import {cellWidth} from '../../source/ui/text.js';
import {FakeSession} from '../helpers/fake-session.js';
import {settle} from '../helpers/ink.js';
import {waitFor} from '../helpers/wait.js';
import {stripAnsi, T0} from '../helpers/view.js';

const ROOT = '/srv/music/library';

/** The rows of the view's first frame, as the terminal writer receives them. */
async function viewFirstFrame(columns: number, rows: number, color: boolean): Promise<readonly string[]> {
	const frames: Array<readonly string[]> = [];
	const instance = render(
		<App
			session={new FakeSession()}
			onQuit={() => {}}
			onFrame={rows => frames.push(rows)}
			color={color}
			columns={columns}
			rows={rows}
			tickMs={0}
			clock={() => T0}
			root={ROOT}
			saveLimits={async () => 'config.yaml'}
			playlists={{} as PlaylistService}
		/>,
	);
	await waitFor(() => frames.length > 0);
	await settle();
	instance.unmount();
	return frames[0]!;
}

for (const [columns, rows] of [
	[80, 24],
	[64, 24],
	[120, 40],
	[80, 12],
] as const) {
	for (const color of [true, false]) {
		test.serial(`the view's first frame is the starting frame, ${columns}×${rows}${color ? '' : ', no colour'}`, async t => {
			t.deepEqual(await viewFirstFrame(columns, rows, color), startingFrame(ROOT, columns, rows, color));
		});
	}
}

test('80×24: every panel, the library in the header, the keys; nothing wider or taller than the terminal', t => {
	const frame = startingFrame(ROOT, 80, 24, true);
	t.is(frame.length, 24);
	for (const row of frame) t.true(cellWidth(stripAnsi(row)) <= 80, row);
	const text = stripAnsi(frame.join('\n'));
	for (const title of ['Memory', 'Progress', 'Chunks', 'GC', 'Settings', 'Log']) t.regex(text, new RegExp(`┌─ ${title} `), title);
	t.regex(frame[0]!, /starting…/);
	t.regex(stripAnsi(frame[0]!), /^playlistgen starting… \/srv\/music\/library +0:00$/);
	t.regex(text, /q quit$/);
});

test('without colour: no colour codes, the same text', t => {
	const plain = startingFrame(ROOT, 80, 24, false);
	t.notRegex(plain.join('\n'), /\u001B\[(?:\d+;)*(?:3[0-79]|9[0-7]|38;5;\d+)m/);
	t.deepEqual(plain.map(stripAnsi), startingFrame(ROOT, 80, 24, true).map(stripAnsi));
});

test('a library name with a line break or an escape sequence is shown escaped, on one line', t => {
	const frame = startingFrame('/srv/two\nlines\u001B[2J', 80, 24, false);
	t.is(frame.length, 24);
	t.regex(frame[0]!, /two\\nlines\\x1B\[2J/);
});
