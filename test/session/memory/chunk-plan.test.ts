import test from 'ava';
import type {Limits} from '../../../source/config/limits.js';
import {WARNING_PERCENT, type MemoryState} from '../../../source/memory/budget.js';
import {memoryAllowedSeconds, planChunk, type ChunkPlanInput} from '../../../source/session/memory/chunk-plan.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const bytesPerSecond = 22_050 * 4;

const limits: Limits = {
	memoryLimitPercent: 50,
	chunkSeconds: 15,
	minChunkSeconds: 5,
	maxChunkSeconds: 30,
	gcThresholdPercent: 90,
	monitorIntervalChunks: 5,
	monitoringEnabled: true,
	workers: 1,
};

function memory(totalBytes: number, usedBytes: number): MemoryState {
	const budgetBytes = totalBytes * 0.5;
	return {budgetBytes, usedBytes, availableBytes: Math.max(0, budgetBytes - usedBytes)};
}

function plan(overrides: Partial<ChunkPlanInput>) {
	return planChunk({limits, memory: memory(8 * GiB, 100 * MiB), bytesPerSecond, firstChunk: false, shrinkRequested: false, ...overrides});
}

test('the seed rule: a quarter of available or of the budget, times 0.25, in seconds', t => {
	const state: MemoryState = {budgetBytes: 400 * MiB, usedBytes: 0, availableBytes: 40 * MiB};
	// min(0.25 × 40 MiB, 0.25 × 400 MiB) × 0.25 = 2.5 MiB
	t.is(memoryAllowedSeconds(state, bytesPerSecond), (2.5 * MiB) / bytesPerSecond);
	const roomy: MemoryState = {budgetBytes: 40 * MiB, usedBytes: 0, availableBytes: 400 * MiB};
	t.is(memoryAllowedSeconds(roomy, bytesPerSecond), (2.5 * MiB) / bytesPerSecond);
});

test('huge RAM: the rule allows more than the maximum, so chunks are clamped to max', t => {
	const result = plan({memory: memory(1024 * GiB, 200 * MiB)});
	t.deepEqual(result, {seconds: 30, reason: 'memory'});
});

test('tiny RAM: chunks are clamped to the minimum, never zero', t => {
	const result = plan({memory: memory(16 * MiB, 2 * MiB)});
	t.is(result.seconds, limits.minChunkSeconds);
	const exhausted = plan({memory: {budgetBytes: 32 * MiB, usedBytes: 40 * MiB, availableBytes: 0}});
	t.is(exhausted.seconds, limits.minChunkSeconds);
});

test('in between, the chunk follows what memory allows', t => {
	// 160 MiB available → 0.25 × 0.25 × 160 MiB = 10 MiB ≈ 118.9 s: still above max; 40 MiB available → 2.5 MiB ≈ 29.7 s
	const state: MemoryState = {budgetBytes: 1 * GiB, usedBytes: 100 * MiB, availableBytes: 40 * MiB};
	const result = plan({memory: state});
	t.is(result.reason, 'memory');
	t.is(result.seconds, Math.round(((2.5 * MiB) / bytesPerSecond) * 100) / 100);
});

test('above the warning level the chunk is halved', t => {
	const budget = 1 * GiB;
	const below = plan({memory: {budgetBytes: budget, usedBytes: budget * ((WARNING_PERCENT - 1) / 100), availableBytes: 4 * GiB}});
	const above = plan({memory: {budgetBytes: budget, usedBytes: budget * ((WARNING_PERCENT + 1) / 100), availableBytes: 4 * GiB}});
	t.is(below.seconds, 30);
	t.deepEqual(above, {seconds: 15, reason: 'warning'});
});

test('a shrink request after a forced GC halves the next chunk, but not below the minimum', t => {
	t.deepEqual(plan({memory: memory(64 * GiB, 0), shrinkRequested: true}), {seconds: 15, reason: 'shrunk'});
	const small = plan({limits: {...limits, maxChunkSeconds: 8}, memory: memory(64 * GiB, 0), shrinkRequested: true});
	t.is(small.seconds, limits.minChunkSeconds);
});

test('the first chunk of a track starts from chunkSeconds', t => {
	t.deepEqual(plan({firstChunk: true, memory: memory(64 * GiB, 0)}), {seconds: 15, reason: 'start'});
	// ...unless memory allows less.
	const tight: MemoryState = {budgetBytes: 1 * GiB, usedBytes: 0, availableBytes: 12 * MiB};
	const result = plan({firstChunk: true, memory: tight});
	t.is(result.reason, 'memory');
	t.true(result.seconds < 15);
});

test('with monitoring off the chunk is chunkSeconds whatever memory says', t => {
	const off = {...limits, monitoringEnabled: false};
	t.deepEqual(plan({limits: off, memory: memory(64 * MiB, 60 * MiB)}), {seconds: 15, reason: 'fixed'});
	t.deepEqual(plan({limits: off, memory: memory(1024 * GiB, 0)}), {seconds: 15, reason: 'fixed'});
});

test('the same inputs always give the same plan', t => {
	const input = {memory: {budgetBytes: 3 * GiB, usedBytes: 2.2 * GiB, availableBytes: 700 * MiB}};
	t.deepEqual(plan(input), plan(input));
});
