import test from 'ava';
import {settingsContent} from '../../../source/ui/panels/settings.js';
import {reduce} from '../../../source/ui/reduce.js';
import {panelFrame, widest} from '../../helpers/panel.js';
import {limits, started, T0, viewOf} from '../../helpers/view.js';

test('every live limit with the key (or flag) that changes it', t => {
	const state = viewOf([started()]);
	const {text, lines} = panelFrame(settingsContent, {state, now: T0, width: 44, height: 9}, {color: false});
	t.regex(text, /memory limit +50% +\+\/-/);
	t.regex(text, /chunk +15 s +\]\/\[/);
	t.regex(text, /max chunk +30 s +\}\/\{/);
	t.regex(text, /min chunk +5 s +--min-chunk/);
	t.regex(text, /GC threshold +90% +--gc-threshold/);
	t.regex(text, /monitor +every 5 +--monitor-interval/);
	t.regex(text, /workers +2 +--workers/);
	t.is(widest(lines), 44);
});

test('a change shows at once, marked until a chunk uses it', t => {
	let state = viewOf([started()]);
	state = reduce(state, {type: 'limits', limits: {...limits, memoryLimitPercent: 55}, changed: ['memoryLimitPercent'], workers: 1}, T0 + 1000);
	const {text, raw} = panelFrame(settingsContent, {state, now: T0, width: 44, height: 9});
	t.regex(text, /memory limit +55%\*/);
	t.regex(text, /workers +1 of 2/);
	t.regex(raw, /\u001B\[1;33m *55%\*/);
});

test('compact when short; monitoring off', t => {
	const state = viewOf([started('/m', {monitoringEnabled: false})]);
	const {text, lines} = panelFrame(settingsContent, {state, now: T0, width: 40, height: 7}, {color: false});
	t.is(lines.length, 7);
	t.regex(text, /min 5 s · GC at 90%/);
	t.regex(text, /monitor off · workers 2/);
});

test('empty', t => {
	t.regex(panelFrame(settingsContent, {state: viewOf([]), now: T0, width: 40, height: 7}).text, /starting…/);
});
