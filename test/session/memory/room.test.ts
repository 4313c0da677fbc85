import test from 'ava';
import {MemoryRoom, roomVerdict, type RoomHost} from '../../../source/session/memory/room.js';

const MiB = 2 ** 20;

test('room free in the budget is granted at once; none free holds the analysis, then waits for it to drain', t => {
	const now = {needBytes: 100 * MiB, analysing: true, held: false, drained: false};
	t.is(roomVerdict({...now, availableBytes: 120 * MiB}), 'grant');
	t.is(roomVerdict({...now, availableBytes: 50 * MiB}), 'hold');
	t.is(roomVerdict({...now, availableBytes: 50 * MiB, held: true}), 'wait');
	t.is(roomVerdict({...now, availableBytes: 120 * MiB, held: true}), 'grant', 'memory came down before the chunks drained');
	t.is(roomVerdict({...now, availableBytes: 50 * MiB, held: true, drained: true}), 'grant-over', 'nothing more will come down');
	t.is(roomVerdict({...now, availableBytes: 50 * MiB, analysing: false}), 'grant-over', 'no analysis to hold');
});

/** A run whose memory the test sets, sample by sample. */
function hostWith(available: number[], inFlight: number[]) {
	const said: string[] = [];
	const calls: string[] = [];
	let sample = 0;
	const host: RoomHost = {
		monitor: {
			sample: async () => ({availableBytes: available[Math.min(sample, available.length - 1)]!}),
			// The timer's next reading comes at once.
			onSample(listener) {
				setImmediate(() => {
					sample++;
					listener();
				});
				return () => {};
			},
		},
		hold: {pause: () => calls.push('hold'), resume: () => calls.push('unhold')},
		inFlightBytes: () => inFlight[Math.min(sample, inFlight.length - 1)]!,
		analysing: () => true,
		collect: async () => {
			calls.push('collect');
		},
		log: (level, message) => said.push(`${level}: ${message}`),
	};
	return {host, said, calls};
}

test('a held analysis resumes when the last grant that held it is released, once', async t => {
	const {host, said, calls} = hostWith([40 * MiB, 60 * MiB, 150 * MiB], [8 * MiB, 8 * MiB, 0]);
	const room = new MemoryRoom(host);
	const grant = await room.make(100 * MiB, 'the playlists preview');
	t.true(grant.held);
	t.true(room.holding);
	t.true(room.besideAnalysis, 'readings hold the granted room now');
	t.deepEqual(calls, ['hold']);
	t.regex(said[0]!, /^info: analysis held at its next chunk: the playlists preview needs about 100 MiB and the budget has 40\.0 MiB free/);
	grant.release();
	grant.release();
	t.false(room.holding);
	t.false(room.besideAnalysis);
	t.deepEqual(calls, ['hold', 'unhold']);
	t.is(said.at(-1), 'info: analysis resumes: the playlists preview closed');
});

test('when nothing more comes down the room is granted anyway, with a warning of how far over it runs', async t => {
	const {host, said, calls} = hostWith([40 * MiB], [8 * MiB, 0]);
	const grant = await new MemoryRoom(host).make(100 * MiB, 'the playlists preview');
	t.true(grant.held);
	t.deepEqual(calls, ['hold', 'collect']);
	t.regex(said.at(-1)!, /^warn: the playlists preview needs about 100 MiB, more than the budget leaves with the analysis held \(40\.0 MiB free\)/);
});

test('room the budget has is granted without holding anything', async t => {
	const {host, said, calls} = hostWith([300 * MiB], [8 * MiB]);
	const room = new MemoryRoom(host);
	const grant = await room.make(100 * MiB, 'the playlists preview');
	t.false(grant.held);
	t.true(room.besideAnalysis);
	grant.release();
	t.false(room.besideAnalysis);
	t.deepEqual(calls, []);
	t.deepEqual(said, []);
});

test('a watched process is counted in the readings beside the analysis until it is let go', t => {
	const {host} = hostWith([300 * MiB], []);
	const room = new MemoryRoom(host);
	t.deepEqual(room.watchedPids, []);
	const unwatch = room.watch(4242);
	t.deepEqual(room.watchedPids, [4242]);
	t.true(room.besideAnalysis, 'the floor is not measured from readings that hold it');
	unwatch();
	t.deepEqual(room.watchedPids, []);
	t.false(room.besideAnalysis);
});
