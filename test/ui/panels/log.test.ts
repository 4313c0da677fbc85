import test from 'ava';
import {logContent} from '../../../source/ui/panels/log.js';
import {panelFrame, widest} from '../../helpers/panel.js';
import {midRun, T0, viewOf} from '../../helpers/view.js';

test('most recent last, with the time on wide panels', t => {
	const {state, now} = midRun();
	const {lines} = panelFrame(logContent, {state, now, width: 80, height: 5}, {color: false});
	t.is(lines.length, 5);
	t.regex(lines[1]!, /^│12:00:02 12 tracks: 10 to analyse, 2 unchanged/);
	t.regex(lines[2]!, /^│12:00:13 forced GC \(key g\) at 42% of budget/);
	t.regex(lines[3]!, /^│12:00:16 error: failed c\/bad\.mp3: Invalid data found when processing input/);
	t.is(widest(lines), 80);
});

test('without colour the level is written; with colour it is coloured', t => {
	const {state, now} = midRun();
	t.regex(panelFrame(logContent, {state, now, width: 40, height: 4}, {color: false}).text, /error: failed c\/bad\.mp3/);
	const coloured = panelFrame(logContent, {state, now, width: 40, height: 4});
	t.regex(coloured.raw, /\u001B\[(?:\d+;)*31m[^\n]*failed c\/bad\.mp3/);
	t.notRegex(coloured.text, /error: failed/);
});

test('narrow panels drop the time; empty log', t => {
	const {state, now} = midRun();
	const narrow = panelFrame(logContent, {state, now, width: 30, height: 4}, {color: false});
	t.notRegex(narrow.text, /12:00/);
	t.is(widest(narrow.lines), 30);
	t.regex(panelFrame(logContent, {state: viewOf([]), now: T0, width: 30, height: 4}).text, /nothing yet/);
});
