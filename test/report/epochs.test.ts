import test from 'ava';
import {bestEpochLine, EPOCH_TABLE_WIDTH, epochTable} from '../../source/report/epochs.js';
import type {Epoch} from '../../source/session/epochs.js';
import {limits, MiB} from '../helpers/view.js';

function epoch(index: number, memoryLimitPercent: number, realtime: number, peakPercent: number): Epoch {
	const budgetBytes = 512 * MiB;
	return {
		index,
		limits: {...limits, memoryLimitPercent},
		workers: 2,
		budgetBytes,
		startSeconds: index * 10,
		seconds: 10,
		audioSeconds: realtime * 10,
		realtime,
		peakBytes: (budgetBytes * peakPercent) / 100,
		medianBytes: (budgetBytes * peakPercent) / 200,
		peakPercent,
		medianPercent: peakPercent / 2,
		chunks: 20,
		medianChunkSeconds: 12.5,
		forcedGcs: index - 1,
		backpressureWaits: 3,
		waitedMs: 120,
	};
}

test('the table: a row per epoch within 80 columns, the fastest within budget starred and named', t => {
	const lines = epochTable([epoch(1, 50, 280, 60), epoch(2, 45, 310, 80), epoch(3, 40, 350, 120)]);
	t.true(EPOCH_TABLE_WIDTH <= 78);
	for (const line of lines) t.true(line.length <= 80, line);
	t.regex(lines[1]!, /#\s+limit\s+chunk\s+max\s+ran\s+speed\s+budget\s+peak\s+median\s+~chunk\s+GCs\s+waits/);
	t.regex(lines[2]!, /^ 1\s+50%\s+15 s\s+30 s\s+0:10\s+280× \s+512 MiB\s+60%\s+30%\s+12\.5 s\s+0\s+3$/);
	t.regex(lines[3]!, /^ 2\s+45%.*310×\*/, 'the best: fastest within its budget');
	t.regex(lines[4]!, /350× .*120%/, 'faster, but over its budget');
	t.is(lines[5], 'fastest within budget: #2 (limit 45%, chunk 15 s, max 30 s) at 310× realtime');
});

test('one epoch: the table without a suggestion; none: nothing', t => {
	const lines = epochTable([epoch(1, 50, 280, 60)]);
	t.is(lines.length, 3);
	t.notRegex(lines.join('\n'), /\*|fastest/);
	t.deepEqual(epochTable([]), []);
	t.is(bestEpochLine([epoch(1, 50, 280, 160), epoch(2, 45, 300, 110)]), 'no setting has kept within its budget long enough to judge');
});
