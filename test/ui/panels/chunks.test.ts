import test from 'ava';
import {chunksContent} from '../../../source/ui/panels/chunks.js';
import {panelFrame, widest} from '../../helpers/panel.js';
import {chunk, midRun, started, T0, viewOf} from '../../helpers/view.js';

test('the chunk just read, the recent lengths, the rate and backpressure', t => {
	const {state, now} = midRun();
	const {text, lines} = panelFrame(chunksContent, {state, now, width: 50, height: 6}, {color: false});
	t.regex(lines[0]!, /Chunks/);
	t.regex(text, /now 30 s · 2\.5 MiB · memory · at 50%/);
	t.regex(text, /▅▅█ 5–30 s/);
	t.regex(text, /[\d.]+ chunks\/s · 3 in all/);
	t.regex(text, /backpressure: 1 waits, 12\.0 ms \(last 12\.0 ms\)/);
	t.is(widest(lines), 50);
});

test('shrinking chunks show as a falling line, on the scale of the longest allowed', t => {
	const events = [started(), ...[30, 25, 20, 15, 10, 5].map((seconds, index) => chunk('/music/a.mp3', index, seconds))];
	const state = viewOf(events);
	const {text} = panelFrame(chunksContent, {state, now: T0 + 7000, width: 40, height: 6}, {color: false});
	t.regex(text, /█▇▆▅▃▂ 5–30 s/);
});

test('a taller panel draws a chart from 0 to the longest chunk', t => {
	const events = [started(), ...[30, 15, 30, 15].map((seconds, index) => chunk('/music/a.mp3', index, seconds))];
	const {lines} = panelFrame(chunksContent, {state: viewOf(events), now: T0 + 5000, width: 40, height: 9}, {color: false});
	t.regex(lines[2]!, /^│█ █ +30 s +│$/);
	t.regex(lines[5]!, /^│████ +0 s +│$/);
});

test('empty', t => {
	t.regex(panelFrame(chunksContent, {state: viewOf([started()]), now: T0, width: 40, height: 6}).text, /no chunk yet/);
});
