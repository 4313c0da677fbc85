import test from 'ava';
import {defaultLimits} from '../../../source/config/limits.js';
import type {MemoryMonitor, MemorySample} from '../../../source/memory/monitor.js';
import type {TreeMemory} from '../../../source/memory/working-set.js';
import {MemoryPolicy} from '../../../source/session/memory/memory-policy.js';
import {FLOOR_SETTLE_MS} from '../../../source/session/memory/shape-announcer.js';

const MiB = 2 ** 20;

/**
 * A policy on a budget (128 MiB unless given) with two workers asked for, fed readings by hand on a
 * hand-moved clock; what it says is kept. `secondDecoder`: whether the second decoder reads a track in work.
 */
function policy(budgetMiB = 128, secondDecoder = () => false) {
	const said: string[] = [];
	let time = 0;
	/** What the next sample finds used of the budget, in percent. */
	let usedPercent = 0;
	let tree: TreeMemory = {workingSetBytes: 0, workingSetSource: 'pss', rssBytes: 0, childRssBytes: 0, selfBytes: 0, children: new Map()};
	const reading = () => ({budgetUsedPercent: usedPercent, heapUsedBytes: 0, externalBytes: 0, budgetBytes: budgetMiB * MiB}) as MemorySample;
	const monitor = {
		get tree() {
			return tree;
		},
		state: () => ({budgetBytes: budgetMiB * MiB, usedBytes: tree.workingSetBytes, availableBytes: budgetMiB * MiB - tree.workingSetBytes}),
		sample: async () => reading(),
		reading: async () => reading(),
	} as unknown as MemoryMonitor;
	const memory = new MemoryPolicy({
		monitor,
		limits: () => ({...defaultLimits(), workers: 2}),
		bytesPerSecond: 22050 * 4,
		inFlightBytes: () => 0,
		forceGc: async () => {},
		reshaped: () => {},
		log: (level, message) => said.push(`${level}: ${message}`),
		now: () => time,
		secondDecoderInWork: secondDecoder,
	});
	/** node's own MiB and one decoder's. */
	const feed = (selfMiB: number, decoderMiB?: number) => {
		const children = new Map(decoderMiB === undefined ? [] : [[1000, {bytes: decoderMiB * MiB, privateBytes: 10 * MiB}]]);
		const bytes = (selfMiB + (decoderMiB ?? 0)) * MiB;
		tree = {workingSetBytes: bytes, workingSetSource: 'pss', rssBytes: bytes, childRssBytes: 0, selfBytes: selfMiB * MiB, children};
		memory.observe({workingSetBytes: bytes} as MemorySample);
	};
	const wait = (ms: number) => {
		time += ms;
	};
	const setUsed = (percent: number) => {
		usedPercent = percent;
	};
	return {memory, said, feed, wait, setUsed};
}

test('a floor that climbs in steps brings one message, said once it has settled, naming the last shape', t => {
	const {memory, said, feed, wait} = policy();
	feed(30);
	// The first track: node and its decoder grow for a while; the floor follows, step by step.
	for (const self of [40, 40, 40, 40, 55, 70, 85]) feed(self, 45);
	t.deepEqual(said, [], 'nothing said while the floor moves');
	t.like(memory.shape, {decoders: 1, workers: 1, overBudget: true}, 'the shape is cut at once');
	wait(FLOOR_SETTLE_MS - 1);
	feed(85, 45);
	t.deepEqual(said, [], 'nothing said before the floor has stayed put long enough');
	wait(1);
	feed(85, 45);
	t.is(said.length, 1, said.join('\n'));
	t.regex(said[0]!, /^warn: budget 128 MiB is under this machine's floor of .* running 1 decoder, 1 worker, 5 s chunks; even so/);
	feed(86, 45);
	wait(FLOOR_SETTLE_MS);
	feed(86, 45);
	t.is(said.length, 1, 'nothing new: nothing more said');
});

test('the static ffmpeg is named from what ffmpeg was measured at, never from the second decoder', t => {
	const run = (secondDecoderFrom: number | undefined) => {
		let fed = 0;
		const {memory, said, feed} = policy(128, () => secondDecoderFrom !== undefined && fed >= secondDecoderFrom);
		feed(30);
		for (const self of [85, 85, 85, 85]) {
			fed++;
			feed(self, 45);
		}
		memory.flush();
		return said.join('\n');
	};
	t.regex(run(undefined), /memory will stay above the budget; ffmpeg is 45\.0 MiB of it: a statically linked one/);
	// A track read by the second decoder while the decoders were measured: their cost is not ffmpeg's.
	const withSecond = run(2);
	t.regex(withSecond, /memory will stay above the budget/);
	t.notRegex(withSecond, /static/);
});

test('a limit changed before the floor is measured is answered as soon as it is, without waiting for the floor to settle', t => {
	const {memory, said, feed} = policy();
	feed(30);
	memory.limitsChanged();
	for (const self of [85, 85, 85, 85]) feed(self, 45);
	t.is(said.length, 1, said.join('\n'));
	t.regex(said[0]!, /^warn: budget 128 MiB is under this machine's floor/);
});

test('a change still unsaid when the run ends is said then', t => {
	const {memory, said, feed} = policy();
	feed(30);
	for (const self of [85, 85, 85, 85]) feed(self, 45);
	t.deepEqual(said, []);
	memory.flush();
	t.is(said.length, 1);
	memory.flush();
	t.is(said.length, 1);
});

test('above the threshold the warning is said once per stretch, and not twice within a minute', async t => {
	const {memory, said, wait, setUsed} = policy(1024);
	const {gcThresholdPercent, monitorIntervalChunks} = defaultLimits();
	let chunks = 0;
	const sampled = async (percent: number) => {
		setUsed(percent);
		chunks += monitorIntervalChunks;
		await memory.afterChunk(chunks);
	};
	await sampled(gcThresholdPercent);
	t.is(said.length, 1, said.join('\n'));
	t.regex(said[0]!, /^warn: memory at 90% of the budget: shorter chunks until it falls below 80%$/);
	await sampled(gcThresholdPercent + 5);
	t.is(said.length, 1, 'the same stretch above the threshold');
	await sampled(gcThresholdPercent - 20);
	wait(59_000);
	await sampled(gcThresholdPercent);
	t.is(said.length, 1, 'a new stretch, but within a minute of the warning');
	await sampled(gcThresholdPercent - 20);
	wait(1000);
	await sampled(gcThresholdPercent);
	t.is(said.length, 2, 'a new stretch a minute after the warning');
});
