import test from 'ava';
import {peakMemoryText} from '../../../source/report/summary.js';
import {progressContent} from '../../../source/ui/panels/progress.js';
import {panelFrame, widest} from '../../helpers/panel.js';
import {MiB, midRun, started, T0, viewOf} from '../../helpers/view.js';

test('tracks done, failed, unchanged; each track in work with its own position; audio, speed and ETA', t => {
	const {state, now} = midRun();
	const {text, lines} = panelFrame(progressContent, {state, now, width: 60, height: 7}, {color: false});
	t.regex(lines[0]!, /Progress/);
	t.regex(text, /done 2\/10 · failed 1 · unchanged 2/);
	t.regex(text, /▸ a\/one\.mp3 +[█▏▎▍▌▋▊▉░]+ 0:45\/3:20/);
	t.regex(text, /▸ b\/two\.flac +[█▏▎▍▌▋▊▉░]+ 0:15\/1:40/);
	t.regex(text, /audio 1:00 · 3\.5× realtime · ETA \d+:\d\d/);
	t.regex(text, /23% · elapsed 0:17 · analysing/);
	t.is(widest(lines), 60);
});

test('paused and stopping say so; more tracks than lines are counted', t => {
	const {state, now} = midRun();
	const paused = panelFrame(progressContent, {state: {...state, paused: true}, now, width: 50, height: 6}, {color: false});
	t.regex(paused.text, /paused/);
	t.regex(paused.text, /\+1 in work/);
});

test('before the queue: starting, then scanning with the files found', t => {
	t.regex(panelFrame(progressContent, {state: viewOf([]), now: T0, width: 40, height: 7}).text, /starting…/);
	const scanning = viewOf([started(), {type: 'scan', found: 1234, done: false}]);
	t.regex(panelFrame(progressContent, {state: scanning, now: T0, width: 40, height: 7}).text, /scanning… 1234 files found/);
});

/** A finished run whose working set (what the budget counts) is below its RSS, as it is with ffmpeg children. */
function finishedRun() {
	return viewOf([
		started(),
		{type: 'queue', total: 12, toAnalyse: 10, unchanged: 2, failedBefore: 0},
		{
			type: 'finished',
			summary: {
				tracks: 9,
				failed: 1,
				unchanged: 2,
				audioSeconds: 1880,
				wallSeconds: 10,
				peakRssBytes: 176 * MiB,
				peakWorkingSetBytes: 148 * MiB,
				nodeMaxRssBytes: 1,
				failedBefore: 0,
				pruned: 0,
				chunks: 120,
				backpressureWaits: 3,
				forcedGcs: 1,
				stopped: false,
				epochs: [],
			},
		},
	]);
}

test('finished: the summary and what to do next', t => {
	const state = finishedRun();
	const {text, lines} = panelFrame(progressContent, {state, now: T0 + 60_000, width: 60, height: 7}, {color: false});
	t.regex(lines[0]!, /Finished/);
	t.regex(text, /9 analysed · 1 failed · 2 unchanged/);
	t.regex(text, /31:20 of audio in 10 s · 188× realtime/);
	t.regex(text, /120 chunks · 3 waits · 1 forced GCs/);
	t.regex(text, /w preview playlists · q quit/);
});

test('finished at 80 columns: the peak is the working set the budget counts, as the summary on exit says, RSS beside it', t => {
	const state = finishedRun();
	// The right half of an 80-column terminal, at its natural height.
	const {text} = panelFrame(progressContent, {state, now: T0 + 60_000, width: 40, height: 7}, {color: false});
	t.true(text.includes(peakMemoryText(state.summary!)), text);
	t.regex(text, /peak memory 148 MiB \(RSS 176 MiB\)/);
	t.notRegex(text, /peak 176/);
	t.regex(text, /120 chunks · 3 waits · 1 forced GCs/);
	t.regex(text, /w preview playlists · q quit/);
});

test('finished in a short panel: the peak, still the working set, comes before the counts on one line', t => {
	const state = finishedRun();
	const {text} = panelFrame(progressContent, {state, now: T0 + 60_000, width: 40, height: 6}, {color: false});
	t.regex(text, /peak (memory )?148 MiB · 120 chunks/);
	t.notRegex(text, /176/);
	t.regex(text, /w preview playlists · q quit/);
});

test('narrow: names are cut from the start so the file name stays', t => {
	const {state, now} = midRun();
	const {lines} = panelFrame(progressContent, {state, now, width: 30, height: 7}, {color: false});
	t.is(widest(lines), 30);
	t.true(lines.some(line => /…\S*\.mp3|one\.mp3/.test(line)));
});
