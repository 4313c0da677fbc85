import test from 'ava';
import {besideEachOther, frameRows, panelRows} from '../../source/ui/box.js';
import {cellWidth, seg} from '../../source/ui/text.js';
import {stripAnsi} from '../helpers/view.js';

test('a panel as rows: title bar, lines between borders cut and padded to the box, bottom border', t => {
	const rows = panelRows(
		{title: 'Memory', note: 'last 60 s', lines: [[seg('budget 40%')], [seg('a line far too long for this box')], [seg('cut')]]},
		24,
		4,
		false,
	);
	t.deepEqual(rows.map(stripAnsi), ['┌─ Memory ─ last 60 s ─┐', '│budget 40%            │', '│a line far too long f…│', '└──────────────────────┘']);
	t.deepEqual(
		panelRows({title: 'Log', lines: []}, 10, 4, false).map(stripAnsi),
		['┌─ Log ──┐', '│        │', '│        │', '└────────┘'],
		'blank rows under short content',
	);
	t.deepEqual(panelRows({title: 'Log', lines: []}, 3, 4, false), [], 'too narrow: nothing');
	const coloured = panelRows({title: 'GC', lines: [[seg('x', {color: 'red'})]]}, 10, 3, true);
	t.deepEqual(coloured.map(stripAnsi), ['┌─ GC ───┐', '│x       │', '└────────┘']);
	t.true(coloured.every(row => cellWidth(stripAnsi(row)) === 10));
});

test('columns side by side, blank where one is shorter; the frame is as tall as the terminal, trailing blanks off', t => {
	const body = besideEachOther([['ab', 'cd', 'ef'], ['XY']], [2, 2], 3);
	t.deepEqual(body, ['abXY', 'cd  ', 'ef  ']);
	t.deepEqual(frameRows([['head  '], body, ['foot']], 6), ['head', 'abXY', 'cd', 'ef', 'foot', '']);
	t.deepEqual(frameRows([['a'], ['b'], ['c']], 2), ['a', 'b']);
});
