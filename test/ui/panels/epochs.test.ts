import test from 'ava';
import {panelRows} from '../../../source/ui/box.js';
import {chunksContent} from '../../../source/ui/panels/chunks.js';
import {epochsContent} from '../../../source/ui/panels/epochs.js';
import {memoryContent} from '../../../source/ui/panels/memory.js';
import {epochMark} from '../../../source/ui/epochs.js';
import type {ViewState} from '../../../source/ui/state.js';
import {drawn, panelFrame, widest} from '../../helpers/panel.js';
import {chunk, memory, started, T0, tunedRun, viewOf, withEpochs} from '../../helpers/view.js';

const events = tunedRun();
const state = viewOf(events);
const now = T0 + events.length * 1000;

/** The `t` overlay as the live view draws it over the panels (compose.ts), with colour unless told otherwise. */
function overlay(state: ViewState, now: number, width: number, height: number, {color = true} = {}) {
	return drawn(panelRows(epochsContent({state, now, height}), width, height, color));
}

test('the table: a row per epoch, the running one marked, the fastest within budget starred and named', t => {
	const {lines, text} = overlay(state, now, 80, 21, {color: false});
	t.regex(lines[0]!, /Settings epochs/);
	t.regex(lines[1]!, /# limit chunk +max +ran +speed +budget +peak median ~chunk +GCs +waits/);
	t.regex(lines[2]!, /^│ {2}1 +50% +15 s +30 s +0:\d\d +\d+×\* +4\.0 GiB +40% +40% +30 s +0 +0 +│$/);
	t.regex(lines[3]!, /^│ {2}2 +45% .* 3\.6 GiB +67% +67% +20 s /);
	t.regex(lines[4]!, /^│▸ 3 +40% .* 3\.2 GiB +88% +88% +10 s /, 'the running epoch, as of now');
	t.regex(text, /fastest within budget: #1 \(limit 50%, chunk 15 s, max 30 s\) at \d+× realtime/);
	t.regex(text, /S saves the settings in force now \(limit 40%, chunk 15 s, max 30 s\)/);
	t.regex(text, /▸ running · \* fastest/);
	t.is(widest(lines), 80);
	t.is(lines.length, 21);
});

test('the table with colour draws the same text; a short box keeps the latest epochs', t => {
	const plain = overlay(state, now, 80, 21, {color: false}).text;
	const coloured = overlay(state, now, 80, 21, {color: true}).text;
	t.is(coloured, plain);
	const {text} = overlay(state, now, 80, 8, {color: false});
	t.notRegex(text, /│ {2}1 +50%/);
	t.regex(text, /▸ 3 +40%/);
	t.regex(text, /1 earlier not shown/);
});

test('one epoch: its row and how to begin the next; none yet: says so', t => {
	const one = [started(), {type: 'queue' as const, total: 1, toAnalyse: 1, unchanged: 0, failedBefore: 0}, chunk('/music/a.mp3', 0, 15)];
	const {text} = overlay(viewOf(one), T0 + 5000, 80, 12, {color: false});
	t.regex(text, /▸ 1 +50%/);
	t.regex(text, /change a limit .* to begin the next epoch/);
	t.notRegex(text, /fastest within/);
	t.regex(
		overlay(viewOf([started()]), T0, 80, 12, {color: false}).text,
		/▸ 1 +50% +15 s +30 s +0:00 +- +4\.0 GiB +- +- +- +0 +0/,
		'begun, nothing measured yet',
	);
	t.regex(overlay(viewOf([]), T0, 80, 12).text, /no epoch yet/);
});

test('after the run: the epochs the session reported, none running', t => {
	const ended = viewOf([
		...withEpochs(
			tunedRun().filter(event => event.type !== 'epoch'),
			{end: true},
		),
	]);
	t.is(ended.epochs.closed.length, 3);
	const finished = viewOf([
		...withEpochs(
			tunedRun().filter(event => event.type !== 'epoch'),
			{end: true},
		),
		{
			type: 'finished',
			summary: {
				tracks: 1,
				failed: 0,
				unchanged: 0,
				failedBefore: 0,
				pruned: 0,
				audioSeconds: 300,
				wallSeconds: 30,
				peakRssBytes: 1,
				peakWorkingSetBytes: 1,
				nodeMaxRssBytes: 1,
				chunks: 11,
				backpressureWaits: 0,
				forcedGcs: 0,
				stopped: false,
				epochs: ended.epochs.closed,
			},
		},
	]);
	const {text} = overlay(finished, now + 60_000, 80, 21, {color: false});
	t.notRegex(text, /▸/);
	t.regex(text, /│ {2}3 +40%/);
});

test('the memory and chunk charts mark where each epoch began, with characters (no colour needed)', t => {
	const memoryText = panelFrame(memoryContent, {state, now, width: 40, height: 7}, {color: false}).text;
	t.regex(memoryText, /1▁+2▆+3█ /);
	const chunkText = panelFrame(chunksContent, {state, now, width: 40, height: 5}, {color: false}).text;
	t.regex(chunkText, /│█{4}2▆{3}3▃▃ 5–30 s/);
	const tall = panelFrame(chunksContent, {state, now, width: 40, height: 9}, {color: false}).lines;
	t.regex(tall[2]!, /^│█{4}2 {3}3 /, 'on the top row of a taller chart');
});

test('one epoch: no marks', t => {
	const one = viewOf([
		started(),
		{type: 'queue', total: 1, toAnalyse: 1, unchanged: 0, failedBefore: 0},
		chunk('/music/a.mp3', 0, 15),
		memory(T0 + 3000, 40),
		chunk('/music/a.mp3', 1, 30),
	]);
	t.notRegex(panelFrame(memoryContent, {state: one, now: T0 + 6000, width: 40, height: 7}, {color: false}).text, /\d[▁▂▃▄▅▆▇█]/);
	t.notRegex(panelFrame(chunksContent, {state: one, now: T0 + 6000, width: 40, height: 5}, {color: false}).text, /[▁▂▃▄▅▆▇█]\d/);
});

test('marks: 1–9, then letters', t => {
	t.deepEqual([1, 9, 10, 35, 36].map(epochMark), ['1', '9', 'A', 'Z', '+']);
});
