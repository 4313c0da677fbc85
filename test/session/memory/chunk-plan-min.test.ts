/**
 * The shortest chunk is a minimum: whatever memory says, whether the chunk is halved above the warning
 * level or after a forced GC, no chunk of a track is shorter than minChunkSeconds, the last one included,
 * unless the whole track is.
 */
import test from 'ava';
import type {Limits} from '../../../source/config/limits.js';
import type {MemoryState} from '../../../source/memory/budget.js';
import {noShortRest, planChunk, readReason} from '../../../source/session/memory/chunk-plan.js';

const MiB = 1024 * 1024;
const bytesPerSecond = 22_050 * 4;

const limits: Limits = {
	memoryLimitPercent: 50,
	chunkSeconds: 15,
	minChunkSeconds: 5,
	maxChunkSeconds: 30,
	gcThresholdPercent: 90,
	monitoringEnabled: true,
	monitorIntervalChunks: 5,
	workers: 1,
};

/** A 64 MiB machine at 50 %: 32 MiB of budget, used at `percent`. */
function tight(percent: number): MemoryState {
	const budgetBytes = 32 * MiB;
	const usedBytes = (budgetBytes * percent) / 100;
	return {budgetBytes, usedBytes, availableBytes: Math.max(0, budgetBytes - usedBytes)};
}

/** The chunks a track of `seconds` is read in, planned one after another as the session does. */
function chunksOf(seconds: number, memory: MemoryState, shrinkRequested: boolean, chunkLimits = limits): number[] {
	const chunks: number[] = [];
	let left = seconds;
	while (left > 1e-9) {
		const plan = planChunk({limits: chunkLimits, memory, bytesPerSecond, firstChunk: chunks.length === 0, shrinkRequested, remainingSeconds: left});
		const read = Math.min(plan.seconds, left);
		chunks.push(read);
		left -= read;
	}
	return chunks;
}

test('under a 64 MiB budget, halved or shrunk, every chunk of a track is at least the minimum, the last one included', t => {
	for (const percent of [10, 75, 95, 120]) {
		for (const shrinkRequested of [false, true]) {
			for (let seconds = 5; seconds <= 200; seconds += 0.37) {
				const chunks = chunksOf(seconds, tight(percent), shrinkRequested);
				const short = chunks.filter(chunk => chunk < limits.minChunkSeconds);
				t.deepEqual(
					short,
					[],
					`${seconds.toFixed(2)} s at ${percent} %${shrinkRequested ? ', shrunk' : ''}: ${chunks.map(chunk => chunk.toFixed(2)).join(' ')}`,
				);
				t.true(
					chunks.every(chunk => chunk <= limits.maxChunkSeconds),
					`${seconds.toFixed(2)} s: ${chunks.join(' ')}`,
				);
			}
		}
	}
});

test('a track shorter than the minimum is one chunk; without a known end the plan stands', t => {
	t.deepEqual(chunksOf(3.2, tight(95), false), [3.2]);
	const plan = planChunk({limits, memory: tight(95), bytesPerSecond, firstChunk: false, shrinkRequested: false});
	t.deepEqual(plan, {seconds: 5, reason: 'warning'});
});

test('the rest is taken along up to the maximum, else the chunk leaves exactly the minimum', t => {
	t.is(noShortRest(5, 8.5, limits), 8.5);
	t.is(noShortRest(5, 12, limits), 5, 'a rest of 7 s is long enough');
	t.is(noShortRest(30, 33, limits), 28, 'past the maximum: 28 s, then 5 s');
	t.is(noShortRest(5, 5, limits), 5);
	t.is(noShortRest(5, undefined, limits), 5);
});

test('a chunk the track ended before filling says so: "end", not the rule that planned it', t => {
	t.is(readReason({seconds: 5, reason: 'warning'}, 3.5), 'end');
	t.is(readReason({seconds: 5, reason: 'warning'}, 5), 'warning');
	t.is(readReason({seconds: 4.99, reason: 'memory'}, 4.989_977), 'memory', 'whole samples of a planned length are that length');
});
