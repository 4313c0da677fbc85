import {EventEmitter} from 'node:events';
import test from 'ava';
import {FrameWriter} from '../../source/ui/screen.js';
import {waitFor} from '../helpers/wait.js';

class FakeTerminal extends EventEmitter {
	columns = 20;
	rows = 5;
	writes: string[] = [];
	write(text: string): boolean {
		this.writes.push(text);
		return true;
	}
}

function setup(minFrameMs = 0) {
	const terminal = new FakeTerminal();
	let now = 0;
	const writer = new FrameWriter(terminal as unknown as NodeJS.WriteStream, {minFrameMs, now: () => now});
	return {terminal, writer, advance: (ms: number) => (now += ms)};
}

test('the first frame is written whole, each line at its own row, inside a synchronised update', t => {
	const {terminal, writer} = setup();
	writer.write('one\ntwo\nthree');
	t.is(terminal.writes.length, 1);
	t.is(terminal.writes[0], '\u001B[?2026h\u001B[1;1H\u001B[2Kone\u001B[2;1H\u001B[2Ktwo\u001B[3;1H\u001B[2Kthree\u001B[?2026l');
});

test('later frames rewrite only the lines that changed, and clear lines that went away', t => {
	const {terminal, writer} = setup();
	writer.write('one\ntwo\nthree');
	writer.write('one\nTWO\nthree');
	t.is(terminal.writes[1], '\u001B[?2026h\u001B[2;1H\u001B[2KTWO\u001B[?2026l');
	writer.write('one');
	t.is(terminal.writes[2], '\u001B[?2026h\u001B[2;1H\u001B[2K\u001B[3;1H\u001B[2K\u001B[?2026l');
	writer.write('one');
	t.is(terminal.writes.length, 3, 'an unchanged frame writes nothing');
});

test('a frame handed over as rows is drawn like the same frame from Ink', t => {
	const {terminal, writer} = setup();
	writer.frame(['one', 'two', 'three']);
	writer.write('one\nTWO\nthree');
	writer.frame(['one', 'TWO', 'three']);
	t.deepEqual(terminal.writes, [
		'\u001B[?2026h\u001B[1;1H\u001B[2Kone\u001B[2;1H\u001B[2Ktwo\u001B[3;1H\u001B[2Kthree\u001B[?2026l',
		'\u001B[?2026h\u001B[2;1H\u001B[2KTWO\u001B[?2026l',
	]);
});

test('frames closer than the minimum wait; the latest one wins', async t => {
	const {terminal, writer, advance} = setup(100);
	writer.write('a');
	writer.write('b');
	writer.write('c');
	t.is(terminal.writes.length, 1);
	advance(100);
	t.true(await waitFor(() => terminal.writes.length === 2), 'the waiting frame is written when its time comes');
	t.regex(terminal.writes[1]!, /\u001B\[1;1H\u001B\[2Kc/);
	writer.close();
});

test('a resize clears the screen, redraws whole and tells Ink; empty writes are ignored', t => {
	const {terminal, writer} = setup();
	let resized = 0;
	writer.on('resize', () => resized++);
	writer.write('one\ntwo');
	writer.write('');
	t.is(terminal.writes.length, 1);
	terminal.emit('resize');
	t.is(resized, 1);
	t.is(terminal.writes[1], '\u001B[H\u001B[2J');
	writer.write('one\ntwo');
	t.regex(terminal.writes[2]!, /1;1H.*one.*2;1H.*two/);
	t.is(writer.columns, 20);
	t.is(writer.rows, 5);
	writer.close();
	terminal.emit('resize');
	t.is(resized, 1, 'a closed writer no longer listens');
});

test('a frame taller than the terminal is cut at its last row', t => {
	const {terminal, writer} = setup();
	writer.write('1\n2\n3\n4\n5\n6\n7');
	t.notRegex(terminal.writes[0]!, /6;1H/);
	t.regex(terminal.writes[0]!, /5;1H\u001B\[2K5/);
});
