import test from 'ava';
import {workersForBudget} from '../../source/session/workers.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const bytesPerSecond = 22_050 * 4;

test('a small budget runs fewer workers, never none', t => {
	const chunkBytes = 30 * bytesPerSecond;
	t.is(workersForBudget(4, 128 * MiB, chunkBytes), 1);
	t.is(workersForBudget(4, 32 * MiB, chunkBytes), 1);
	t.is(workersForBudget(4, 8 * GiB, chunkBytes), 4);
	const some = workersForBudget(8, 256 * MiB, chunkBytes);
	t.true(some > 1 && some < 8);
});
