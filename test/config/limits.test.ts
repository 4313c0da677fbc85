import test from 'ava';
import {applyLimitsChange, type Limits} from '../../source/config/limits.js';

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

test('min > max is rejected, with the values', t => {
	const result = applyLimitsChange(limits, {minChunkSeconds: 40});
	t.false(result.ok);
	if (!result.ok) t.regex(result.errors[0]!, /min ≤ chunk ≤ max, got 40 ≤ 15 ≤ 30/);
	const inverted = applyLimitsChange(limits, {maxChunkSeconds: 4});
	t.false(inverted.ok);
});

test('limit changes are validated and report what changed', t => {
	const result = applyLimitsChange(limits, {memoryLimitPercent: 55, chunkSeconds: 15});
	t.true(result.ok);
	if (result.ok) {
		t.is(result.limits.memoryLimitPercent, 55);
		t.deepEqual(result.changed, ['memoryLimitPercent']);
	}
	const bad = applyLimitsChange(limits, {memoryLimitPercent: 105});
	t.false(bad.ok);
	if (!bad.ok) t.regex(bad.errors[0]!, /memoryLimitPercent = 105: must be a percentage from 1 to 100/);
});
