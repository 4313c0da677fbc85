import test from 'ava';
import {fitTable, TABLE_FRAME_LINES, tableLines} from '../../source/ui/table.js';
import {cellWidth, plain} from '../../source/ui/text.js';

const COLUMNS = [
	{key: '#', align: 'right' as const},
	{key: 'track', flexible: true},
	{key: 'BPM', align: 'right' as const},
];
const ROWS = Array.from({length: 19}, (_, i) => ({'#': String(i + 1), track: `Artist - A rather long title of the album, part ${i + 1}`, BPM: '120'}));

test('a row per line: a window of rows between the header and the closing rule, no rule between rows', t => {
	const lines = tableLines(fitTable(ROWS, COLUMNS, 60), 0, 12).map(plain);
	t.is(lines.length, 12 + TABLE_FRAME_LINES);
	t.deepEqual(
		lines.map(line => cellWidth(line)),
		lines.map(() => 60),
		'every line takes the whole width',
	);
	t.regex(lines[0]!, /^┌─+┬─+┬─+┐$/);
	t.regex(lines[1]!, /^│ # {2}│ track +│ BPM │$/);
	t.regex(lines[2]!, /^├─+┼─+┼─+┤$/);
	t.regex(lines[3]!, /^│ {2}1 │ Artist - A rather long .*│ 120 │$/);
	t.is(lines.filter(line => line.startsWith('├')).length, 1);
	t.regex(lines.at(-1)!, /^└─+┴─+ 1–12 of 19 ─┘$/);
});

test('the window follows the selection; a table that shows whole says no range', t => {
	const lines = tableLines(fitTable(ROWS, COLUMNS, 60), 18, 12).map(plain);
	t.regex(lines[3]!, /^│ {2}8 │/);
	t.regex(lines.at(-1)!, / 8–19 of 19 ─┘$/);
	const whole = tableLines(fitTable(ROWS.slice(0, 3), COLUMNS, 60), 0, 12).map(plain);
	t.is(whole.length, 3 + TABLE_FRAME_LINES);
	t.regex(whole.at(-1)!, /^└─+┴─+┴─+┘$/);
});

test('a column with its own way of shortening uses it', t => {
	const middle = (text: string, width: number) => `${text.slice(0, 2)}…${text.slice(text.length - width + 3)}`;
	const fitted = fitTable(ROWS, [{key: 'track', flexible: true, shorten: middle}], 20);
	t.is(fitted.rows[8]!['track'], 'Ar…album, part 9');
	t.is(fitted.rows[18]!['track'], 'Ar…lbum, part 19');
});

test('a column that yields first is cut to its narrowest before the others are cut', t => {
	const rows = [{track: 'x'.repeat(40), playlist: 'y'.repeat(30)}];
	const fitted = fitTable(
		rows,
		[
			{key: 'track', flexible: true},
			{key: 'playlist', flexible: true, minWidth: 18, yieldsFirst: true},
		],
		60,
	);
	t.deepEqual(fitted.widths, [60 - 7 - 18, 18]);
	const shared = fitTable(
		rows,
		[
			{key: 'track', flexible: true},
			{key: 'playlist', flexible: true, minWidth: 18},
		],
		60,
	);
	t.deepEqual(shared.widths, [27, 26]);
});
