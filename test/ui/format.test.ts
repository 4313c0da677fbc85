import test from 'ava';
import {bar, bucketByTime, chart, compactBytes, levelOf, percentText, sparkline} from '../../source/ui/format.js';
import {cellWidth, fitCells, paint, plain, renderLine, seg} from '../../source/ui/text.js';
import {stripAnsi} from '../helpers/view.js';

test('threshold levels at 50 / 70 / 90 %', t => {
	t.is(levelOf(0), 'ok');
	t.is(levelOf(49.9), 'ok');
	t.is(levelOf(50), 'careful');
	t.is(levelOf(69.9), 'careful');
	t.is(levelOf(70), 'warning');
	t.is(levelOf(90), 'critical');
	t.is(levelOf(150), 'critical');
});

test('bars are made of characters, always exactly as wide as asked', t => {
	t.is(bar(0, 10), '░'.repeat(10));
	t.is(bar(100, 10), '█'.repeat(10));
	t.is(bar(50, 10), '█████░░░░░');
	t.is(bar(55, 10), '█████▌░░░░');
	t.is(bar(250, 4), '████');
	t.is(bar(Number.NaN, 3), '░░░');
	for (let p = 0; p <= 100; p += 7) t.is([...bar(p, 13)].length, 13);
});

test('percentages read the same without colour', t => {
	t.is(percentText(62.4), ' 62%');
	t.is(percentText(1.234), '1.2%');
	t.is(percentText(100), '100%');
	t.is(percentText(0), '  0%');
});

test('sparklines scale to their range; charts stack rows', t => {
	t.is(sparkline([0, 50, 100], {min: 0, max: 100}), '▁▅█');
	t.is(sparkline([3, 3]), '▄▄');
	t.is(sparkline([Number.NaN, 1, 2]), ' ▁█');
	t.deepEqual(chart([0, 50, 100], 2, 0, 100), ['  █', '▁██']);
});

test('samples fold into time columns; gaps repeat the value before', t => {
	const now = 60_000;
	const columns = bucketByTime(
		[
			{at: 30_000, value: 5},
			{at: 31_000, value: 9},
			{at: 59_000, value: 2},
		],
		now,
		60_000,
		6,
	);
	t.deepEqual(columns.slice(0, 3).map(Number.isNaN), [true, true, true]);
	t.deepEqual(columns.slice(3), [9, 9, 2]);
});

test('compact byte figures', t => {
	t.is(compactBytes(512), '512B');
	t.is(compactBytes(158 * 1024 ** 2), '158M');
	t.is(compactBytes(14.6 * 1024 ** 2), '14.6M');
	t.is(compactBytes(11.8 * 1024 ** 3), '11.8G');
});

test('cell widths and cutting count wide characters as two cells', t => {
	t.is(cellWidth('abc'), 3);
	t.is(cellWidth('│█·…'), 4);
	t.is(cellWidth('日本'), 4);
	t.is(fitCells('abcdef', 4), 'abc…');
	t.is(fitCells('/long/path/file.mp3', 9, 'start'), '…file.mp3');
	t.is(fitCells('日本語', 4), '日…');
});

test('a rendered line is exactly as wide as asked, styled only with colour on', t => {
	const line = [seg('ab', {color: 'red'}), seg('cd', {bold: true})];
	t.is(renderLine(line, 6, true), '\u001B[31mab\u001B[39m\u001B[1mcd\u001B[22m  ');
	t.is(renderLine(line, 6, false), 'ab\u001B[1mcd\u001B[22m  ');
	t.is(stripAnsi(renderLine(line, 3, true)), 'ab…');
	t.is(stripAnsi(renderLine([seg('abcdef')], 4, false)), 'abc…');
	t.is(plain(line), 'abcd');
	t.is(paint('x', {dim: true}, false), 'x');
	t.is(paint('x', {color: 'orange'}, true), '\u001B[38;5;208mx\u001B[39m');
});
