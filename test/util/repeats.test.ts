import {PassThrough} from 'node:stream';
import test from 'ava';
import {attachPlainReporter} from '../../source/report/plain.js';
import type {SessionEvent, SessionListener} from '../../source/session/events.js';
import {RepeatFolder, withCount} from '../../source/util/repeats.js';

test('a run of identical lines: the first at once, the count when the run ends', t => {
	const folder = new RepeatFolder();
	const out = [...folder.push('a'), ...folder.push('a'), ...folder.push('a'), ...folder.push('b'), ...folder.push('b'), ...folder.flush()];
	t.deepEqual(out, ['a', 'a (×3)', 'b', 'b (×2)']);
	t.deepEqual([...folder.push('c'), ...folder.flush()], ['c'], 'a single line has no count');
	t.is(withCount('x', 1), 'x');
});

test('the plain output collapses a warning said again and again', t => {
	let listener: SessionListener = () => {};
	const source = {on: (next: SessionListener) => ((listener = next), () => {})};
	const out = new PassThrough();
	const err = new PassThrough();
	let errText = '';
	err.on('data', (data: Buffer) => (errText += data.toString()));
	attachPlainReporter(source, out, err);
	const warn: SessionEvent = {type: 'log', level: 'warn', message: 'memory at 95% of the budget'};
	for (let i = 0; i < 34; i++) listener(warn);
	listener({type: 'log', level: 'warn', message: 'something else'});
	t.is(errText, 'warn: memory at 95% of the budget\nwarn: memory at 95% of the budget (×34)\nwarn: something else\n');
});
