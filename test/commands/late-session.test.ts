import test from 'ava';
import {LateSession} from '../../source/commands/late-session.js';
import {defaultLimits} from '../../source/config/limits.js';
import type {AnalysisSession} from '../../source/session/session.js';

/** A session that only records the processes it watches. */
function watchingSession() {
	const watched = new Set<number>();
	const session = {
		on: () => () => {},
		setLimits: () => true,
		watchProcess(pid: number) {
			watched.add(pid);
			return () => watched.delete(pid);
		},
	} as unknown as AnalysisSession;
	return {session, watched};
}

test('a process watched before the session is there is watched by it once it is, until let go', async t => {
	const {session, watched} = watchingSession();
	let create!: (session: AnalysisSession) => void;
	const late = new LateSession(defaultLimits(), new Promise(resolve => (create = resolve)));
	const early = late.watchProcess(101);
	const gone = late.watchProcess(102);
	gone();
	create(session);
	await new Promise(resolve => setImmediate(resolve));
	t.deepEqual([...watched], [101], 'the one still watched when the session came');
	const after = late.watchProcess(103);
	t.deepEqual([...watched].sort(), [101, 103]);
	early();
	after();
	t.deepEqual([...watched], []);
});
