import test from 'ava';
import type {SessionSummary} from '../../source/session/events.js';
import {peakMemoryText, summarySentence} from '../../source/report/summary.js';
import {MiB} from '../helpers/view.js';

// The working set (what the budget counts) and RSS (shared library pages counted in every process) differ.
const summary: SessionSummary = {
	tracks: 9,
	failed: 0,
	unchanged: 0,
	failedBefore: 0,
	pruned: 0,
	audioSeconds: 188,
	wallSeconds: 2.8,
	peakRssBytes: 176 * MiB,
	peakWorkingSetBytes: 148 * MiB,
	nodeMaxRssBytes: 1,
	chunks: 16,
	backpressureWaits: 4,
	forcedGcs: 0,
	stopped: false,
	epochs: [],
};

test('the peak is the working set, with RSS beside it when there is room', t => {
	t.is(peakMemoryText(summary), 'peak memory 148 MiB (RSS 176 MiB)');
	t.is(peakMemoryText(summary, 33), 'peak memory 148 MiB (RSS 176 MiB)');
	t.is(peakMemoryText(summary, 32), 'peak memory 148 MiB');
	t.is(peakMemoryText(summary, 18), 'peak 148 MiB');
	// Narrower than even the shortest: still the working set, for the line to cut.
	t.is(peakMemoryText(summary, 4), 'peak 148 MiB');
});

test('the sentence a run ends with states the same peak', t => {
	t.true(summarySentence(summary).endsWith(`, ${peakMemoryText(summary)}`));
	t.regex(
		summarySentence(summary),
		/^finished: 9 analysed, 0 failed, 0 unchanged; 3:08 of audio in 2\.8 s \(67× realtime\), peak memory 148 MiB \(RSS 176 MiB\)$/,
	);
});

test('a run stopped before its first track was analysed does not say there was nothing to analyse', t => {
	const none = {...summary, tracks: 0, audioSeconds: 0};
	t.regex(summarySentence(none), /^finished: 0 analysed, 0 failed, 0 unchanged; nothing new to analyse, peak/);
	t.regex(summarySentence({...none, stopped: true}), /^stopped: 0 analysed, 0 failed, 0 unchanged; nothing analysed before the stop, peak/);
});
