import test from 'ava';
import {AltScreen, clipToColumns} from '../../source/ui/terminal.js';

function terminal() {
	let written = '';
	const stdout = {isTTY: true, columns: 20, write: (text: string) => (written += text)} as unknown as NodeJS.WriteStream;
	const stdin = {isTTY: false} as NodeJS.ReadStream;
	return {screen: new AltScreen(stdout, stdin), written: () => written, say: (text: string) => () => (written += text)};
}

test('the first line fits the width; what is said meanwhile comes after the screen is left', t => {
	const {screen, written, say} = terminal();
	screen.enter('playlistgen starting… /a/rather/long/folder/name');
	t.true(screen.active);
	t.regex(written(), /\u001B\[\?1049h.*playlistgen starti…\u001B\[H$/);
	screen.afterLeaving(say('warning: one\n'));
	t.notRegex(written(), /warning/);
	screen.restore();
	t.regex(written(), /\u001B\[\?1049lwarning: one\n$/);
	screen.afterLeaving(say('now\n'));
	t.regex(written(), /now\n$/);
	screen.restore();
	t.is(written().match(/\u001B\[\?1049l/g)?.length, 1, 'left once');
});

test('clipping counts wide characters as two cells', t => {
	t.is(clipToColumns('abc', 3), 'abc');
	t.is(clipToColumns('abcd', 3), 'ab…');
	t.is(clipToColumns('日本語の曲', 6), '日本…');
	t.is(clipToColumns('日本語', 6), '日本語');
});
