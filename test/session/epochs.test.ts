import test from 'ava';
import type {SessionEvent} from '../../source/session/events.js';
import {bestEpoch, closeEpoch, emptyEpochLog, epochFigures, medianOf, observeEpochs, type Epoch, type EpochLog} from '../../source/session/epochs.js';
import {chunk, GiB, limits, memory, MiB, started} from '../helpers/view.js';

const queue: SessionEvent = {type: 'queue', total: 4, toAnalyse: 4, unchanged: 0, failedBefore: 0};
const lower = (memoryLimitPercent: number): SessionEvent => ({
	type: 'limits',
	limits: {...limits, memoryLimitPercent},
	changed: ['memoryLimitPercent'],
	workers: 2,
});

/** Feeds [time in ms, event] pairs; returns the log and every epoch closed on the way. */
function feed(steps: Array<[number, SessionEvent]>, log: EpochLog = emptyEpochLog()): {log: EpochLog; closed: Epoch[]} {
	const closed: Epoch[] = [];
	for (const [at, event] of steps) {
		const result = observeEpochs(log, event, at);
		log = result.log;
		if (result.closed) closed.push(result.closed);
	}
	return {log, closed};
}

test('the median of bucketed counts, the lower middle for an even count', t => {
	t.is(medianOf(new Map()), 0);
	t.is(medianOf(new Map([[5, 1]])), 5);
	t.is(
		medianOf(
			new Map([
				[9, 1],
				[1, 1],
				[5, 1],
			]),
		),
		5,
	);
	t.is(
		medianOf(
			new Map([
				[1, 1],
				[9, 3],
			]),
		),
		9,
	);
	t.is(
		medianOf(
			new Map([
				[1, 2],
				[9, 2],
			]),
		),
		1,
	);
});

test('one epoch from the start: speed over the analysing time, memory against its budget, chunk median', t => {
	// 8 GiB at 50 %: a 4 GiB budget. Memory samples at 10 %, 20 %, 30 % of it.
	const {log, closed} = feed([
		[0, started()],
		[500, memory(500, 90)], // still scanning: not counted
		[1000, queue],
		[1500, chunk('/a', 0, 15)],
		[2000, memory(2000, 10)],
		[2500, chunk('/a', 1, 30, {waitedMs: 40})],
		[3000, memory(3000, 30)],
		[3500, chunk('/a', 2, 30)],
		[4000, memory(4000, 20)],
		[4000, {type: 'gc-forced', reason: 'threshold', budgetUsedPercent: 91, heapBeforeBytes: 60e6, heapAfterBytes: 20e6}],
	]);
	t.deepEqual(closed, []);
	const end = closeEpoch(log, 6000);
	const epoch = end.closed!;
	t.is(epoch.index, 1);
	t.deepEqual(epoch.limits, limits);
	t.is(epoch.budgetBytes, 4 * GiB);
	t.is(epoch.seconds, 5, 'from the queue (after the scan) to the end');
	t.is(epoch.audioSeconds, 75);
	t.is(epoch.realtime, 15);
	t.is(epoch.peakBytes, 0.3 * 4 * GiB);
	t.is(epoch.peakPercent, 30);
	t.true(Math.abs(epoch.medianPercent - 20) < 0.1, `${epoch.medianPercent}`);
	t.true(Math.abs(epoch.medianBytes - 0.2 * 4 * GiB) <= MiB);
	t.is(epoch.chunks, 3);
	t.is(epoch.medianChunkSeconds, 30);
	t.is(epoch.forcedGcs, 1);
	t.is(epoch.backpressureWaits, 1);
	t.is(epoch.waitedMs, 40);
	t.is(epoch.startSeconds, 0);
	t.is(end.log.current, undefined);
});

test('each change of limits closes the running epoch with its own figures and opens the next', t => {
	const {log, closed} = feed([
		[0, started()],
		[0, queue],
		[1000, chunk('/a', 0, 10)],
		[2000, memory(2000, 40)],
		[4000, lower(45)],
		[5000, chunk('/a', 1, 5)],
		[6000, memory(6000, 25)],
		[8000, lower(40)],
		[9000, chunk('/a', 2, 5)],
	]);
	t.is(closed.length, 2);
	t.deepEqual(
		closed.map(epoch => [epoch.index, epoch.limits.memoryLimitPercent, epoch.startSeconds, epoch.seconds, epoch.audioSeconds, epoch.chunks]),
		[
			[1, 50, 0, 4, 10, 1],
			[2, 45, 4, 4, 5, 1],
		],
	);
	t.is(closed[0]!.realtime, 2.5);
	t.is(closed[1]!.budgetBytes, Math.floor(8 * GiB * 0.45));
	t.is(closed[1]!.peakPercent, Math.round(((0.25 * 4 * GiB) / (8 * GiB * 0.45)) * 1000) / 10, 'against its own budget');
	const last = closeEpoch(log, 10_000).closed!;
	t.is(last.index, 3);
	t.is(last.limits.memoryLimitPercent, 40);
	t.is(last.seconds, 2);
});

test('an epoch in which no chunk was read is dropped, and the next takes its number', t => {
	const {log, closed} = feed([
		[0, started()],
		[0, queue],
		[1000, chunk('/a', 0, 10)],
		[2000, lower(45)],
		[2100, lower(40)],
		[2200, lower(35)],
		[3000, chunk('/a', 1, 5)],
	]);
	t.deepEqual(
		closed.map(epoch => epoch.index),
		[1],
	);
	const current = closeEpoch(log, 4000).closed!;
	t.is(current.index, 2);
	t.is(current.limits.memoryLimitPercent, 35);
	t.is(current.startSeconds, 2.2);
});

test('paused time and time after stopping do not count, nor memory sampled meanwhile', t => {
	const {log} = feed([
		[0, started()],
		[0, queue],
		[1000, chunk('/a', 0, 10)],
		[1000, memory(1000, 20)],
		[2000, {type: 'paused'}],
		[3000, memory(3000, 95)],
		[7000, lower(45)], // opened while paused: its clock waits for the resume
		[8000, {type: 'resumed'}],
		[9000, chunk('/a', 1, 10)],
		[9500, memory(9500, 10)],
		[10_000, {type: 'stopping'}],
		[10_500, memory(10_500, 99)],
	]);
	const epoch = closeEpoch(log, 20_000).closed!;
	t.is(epoch.index, 2);
	t.is(epoch.seconds, 2, 'resumed at 8 s, stopping at 10 s');
	t.is(epoch.peakBytes, 0.1 * 4 * GiB);
});

test('time held for room beside the analysis (the playlists preview) does not count, with or without a pause inside it', t => {
	const {log} = feed([
		[0, started()],
		[0, queue],
		[1000, chunk('/a', 0, 10)],
		[2000, {type: 'held'}],
		[3000, {type: 'paused'}],
		[4000, {type: 'resumed'}],
		[5000, memory(5000, 99)],
		[6000, {type: 'unheld'}],
		[7000, chunk('/a', 1, 10)],
	]);
	const epoch = closeEpoch(log, 8000).closed!;
	t.is(epoch.seconds, 4, '0–2 s and 6–8 s');
	t.is(epoch.peakBytes, 0, 'memory sampled while held says nothing of the settings');
});

test('the figures of the running epoch at a moment', t => {
	const {log} = feed([
		[0, started()],
		[0, queue],
		[1000, chunk('/a', 0, 20)],
	]);
	const now = epochFigures(log, log.current!, 2000);
	t.is(now.seconds, 2);
	t.is(now.realtime, 10);
	t.is(epochFigures(log, log.current!, 4000).realtime, 5);
});

test('nothing analysed: no epoch at the end', t => {
	const {log} = feed([
		[0, started()],
		[0, {...queue, toAnalyse: 0}],
	]);
	t.is(closeEpoch(log, 1000).closed, undefined);
});

test('the best epoch: fastest with its peak within its budget, among those long enough to judge', t => {
	const epoch = (index: number, realtime: number, peakPercent: number, seconds = 10, chunks = 10): Epoch => ({
		index,
		limits,
		workers: 2,
		budgetBytes: 100,
		startSeconds: 0,
		seconds,
		audioSeconds: realtime * seconds,
		realtime,
		peakBytes: peakPercent,
		medianBytes: peakPercent / 2,
		peakPercent,
		medianPercent: peakPercent / 2,
		chunks,
		medianChunkSeconds: 10,
		forcedGcs: 0,
		backpressureWaits: 0,
		waitedMs: 0,
	});
	t.is(bestEpoch([epoch(1, 100, 50), epoch(2, 300, 90), epoch(3, 200, 70)])?.index, 2);
	t.is(bestEpoch([epoch(1, 100, 50), epoch(2, 300, 120)])?.index, 1, 'over its budget');
	t.is(bestEpoch([epoch(1, 100, 50), epoch(2, 300, 50, 1)])?.index, 1, 'too short');
	t.is(bestEpoch([epoch(1, 100, 50), epoch(2, 300, 50, 10, 1)])?.index, 1, 'too few chunks');
	t.is(bestEpoch([epoch(1, 100, 150)]), undefined);
});
