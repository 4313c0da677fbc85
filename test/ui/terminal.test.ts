import {EventEmitter} from 'node:events';
import test from 'ava';
import {AltScreen, splitKeys} from '../../source/ui/terminal.js';

function terminal() {
	let written = '';
	const stdout = {isTTY: true, columns: 20, write: (text: string) => (written += text)} as unknown as NodeJS.WriteStream;
	const stdin = {isTTY: false} as NodeJS.ReadStream;
	return {screen: new AltScreen(stdout, stdin), written: () => written, say: (text: string) => () => (written += text)};
}

test('what is said while the alternate screen is up comes after it is left', t => {
	const {screen, written, say} = terminal();
	screen.enter();
	t.true(screen.active);
	t.regex(written(), /\u001B\[\?1049h/);
	screen.afterLeaving(say('warning: one\n'));
	t.notRegex(written(), /warning/);
	screen.restore();
	t.regex(written(), /\u001B\[\?1049lwarning: one\n$/);
	screen.afterLeaving(say('now\n'));
	t.regex(written(), /now\n$/);
	screen.restore();
	t.is(written().match(/\u001B\[\?1049l/g)?.length, 1, 'left once');
});

test('typed-ahead input as keys: characters one by one, escape sequences whole', t => {
	t.deepEqual(splitKeys('p+q'), ['p', '+', 'q']);
	t.deepEqual(splitKeys('\u001B[A\u001B[5~x\u001BOP\u001B'), ['\u001B[A', '\u001B[5~', 'x', '\u001BOP', '\u001B']);
	t.deepEqual(splitKeys('é🎵'), ['é', '🎵']);
});

test('keys typed while held: raw mode at once, then handed over as keys, stdin paused; leaving the screen turns raw mode off', async t => {
	let written = '';
	const stdout = {isTTY: true, columns: 20, write: (text: string) => (written += text)} as unknown as NodeJS.WriteStream;
	const stdin = Object.assign(new EventEmitter(), {
		isTTY: true,
		isRaw: false,
		paused: false,
		setRawMode(raw: boolean) {
			stdin.isRaw = raw;
		},
		pause() {
			stdin.paused = true;
		},
	});
	const screen = new AltScreen(stdout, stdin as unknown as NodeJS.ReadStream);
	screen.holdKeys();
	t.false(stdin.isRaw, 'nothing held before the screen is entered');
	screen.enter();
	screen.holdKeys();
	t.true(stdin.isRaw);
	stdin.emit('data', Buffer.from('p+'));
	stdin.emit('data', Buffer.from('\u001B[A'));
	t.deepEqual(await screen.releaseKeys(), ['p', '+', '\u001B[A']);
	t.true(stdin.paused);
	t.is(stdin.listenerCount('data'), 0);
	t.deepEqual(await screen.releaseKeys(), [], 'handed over once');
	screen.restore();
	t.false(stdin.isRaw);
	t.regex(written, /\u001B\[\?1049l$/);
});
