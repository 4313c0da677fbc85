import test from 'ava';
import {logOverlayContent, maxLogScroll, wrapText} from '../../../source/ui/panels/log-overlay.js';
import {initialState, type LogLine} from '../../../source/ui/state.js';
import {cellWidth, plain} from '../../../source/ui/text.js';

const LONG =
	"budget 32.0 MiB is under this machine's floor of 150 MiB with 3 decoders: running 1 decoder, 1 worker, 5 s chunks; even so the run needs about 96.0 MiB: memory will stay above the budget";

test('wrapText: at spaces, inside words longer than a line, nothing lost', t => {
	const lines = wrapText(LONG, 40);
	t.true(lines.length > 1);
	t.true(lines.every(line => cellWidth(line) <= 40));
	t.is(lines.join(' '), LONG);
	t.deepEqual(wrapText('/a/very/long/path/without/spaces.flac', 10), ['/a/very/lo', 'ng/path/wi', 'thout/spac', 'es.flac']);
	t.deepEqual(wrapText('', 10), ['']);
	t.deepEqual(wrapText('東京東京', 3), ['東', '京', '東', '京']);
});

function state(log: LogLine[]) {
	return {...initialState(), log};
}

test('every message reads whole at 80 columns, newest last; scrolling back shows the older ones', t => {
	const log: LogLine[] = [
		{at: 0, level: 'warn', text: LONG},
		...Array.from({length: 30}, (_, i): LogLine => ({at: 1000 * i, level: 'info', text: `line ${i + 1}`})),
	];
	const input = {state: state(log), now: 0, width: 80, height: 12, theme: {color: false}};
	const newest = logOverlayContent(input, 0);
	t.is(newest.lines.length, 10);
	t.regex(plain(newest.lines.at(-1)!), /line 30$/);
	t.is(newest.note, 'lines 24–33 of 33 · ↑/↓ · Esc closes');
	const oldest = logOverlayContent(input, maxLogScroll(log, 80, 12));
	const text = oldest.lines.map(line => plain(line).slice(9).trimEnd()).join(' ');
	t.true(text.startsWith(`warn: ${LONG}`), text);
	t.true(oldest.lines.every(line => cellWidth(plain(line)) <= 78));
	t.is(logOverlayContent(input, 1000).note, oldest.note, 'scrolled no further than the oldest line');
});
