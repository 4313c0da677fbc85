import test from 'ava';
import {derive} from '../../source/ui/derive.js';
import {midRun, started, T0, viewOf} from '../helpers/view.js';

test('throughput, fraction done and ETA come from audio decoded, tracks finished and positions', t => {
	const {state, now} = midRun();
	const d = derive(state, now);
	// 1 done + 1 failed + (45/200 + 15/100) of 10.
	t.is(d.finished, 2);
	t.true(Math.abs(d.fraction - (2 + 0.225 + 0.15) / 10) < 1e-9);
	t.is(d.activeSeconds, 17);
	t.is(d.realtime, 60 / 17);
	t.true(d.etaSeconds! > 0);
	t.true(d.chunksPerSecond >= 0);
});

test('scan failures are not counted against the queue', t => {
	const state = viewOf([
		started(),
		{type: 'track-failed', path: '/music/locked', message: 'permission denied'},
		{type: 'queue', total: 3, toAnalyse: 3, unchanged: 0, failedBefore: 0},
		{type: 'track-done', path: '/music/a.mp3', durationSeconds: 10, chunks: 1, analysisMs: 5, partial: false, tags: {}, analysis: undefined},
	]);
	t.is(derive(state, T0 + 10_000).finished, 1);
	t.is(state.failed, 1);
});
