import test from 'ava';
import {gcContent} from '../../../source/ui/panels/gc.js';
import {panelFrame, widest} from '../../helpers/panel.js';
import {midRun, started, T0, viewOf} from '../../helpers/view.js';

test('counts and pauses per kind, forced ones, workers, the latest events first', t => {
	const {state, now} = midRun();
	const {text, lines} = panelFrame(gcContent, {state, now, width: 64, height: 6}, {color: false});
	t.regex(lines[0]!, /GC .* count × mean, Σ pause/);
	t.regex(text, /minor +1 × 0\.50 ms {2}Σ 0\.50 ms/);
	t.regex(text, /major +2 × 5\.0 ms {2}Σ 10\.0 ms/);
	// What the forced GC freed: the heap before and after it.
	t.regex(text, /forced 1 \(g 1, threshold 0\): heap 40\.0M→22\.0M · in workers 1/);
	t.regex(text, /latest major 6\.0 ms forced, major 4\.0 ms \(worker\) +│/);
	t.is(widest(lines), 64);
});

test('with room, one latest event per line; a forced one is marked in words and in colour', t => {
	const {state, now} = midRun();
	const {raw, lines} = panelFrame(gcContent, {state, now, width: 50, height: 9});
	t.regex(lines[4]!, /latest major 6\.0 ms forced/);
	t.regex(lines[5]!, / {7}major 4\.0 ms \(worker\)/);
	t.regex(raw, /\u001B\[(?:\d+;)*33m.*major 6\.0 ms forced/);
});

test('empty', t => {
	t.regex(panelFrame(gcContent, {state: viewOf([started()]), now: T0, width: 40, height: 6}).text, /no collection yet/);
});
