import test from 'ava';
import stringWidth from 'string-width';
import {cellWidth, fitCells, plain, renderLine, seg, widthAtMost} from '../../source/ui/text.js';

test('cells are counted as Ink counts them: emoji, CJK and combining marks', t => {
	for (const text of ['🚀 launch', '☕ break', '日本語.flac', 'Cafe\u0301', '👩‍👩‍👧 family', 'plain.ogg']) {
		t.is(cellWidth(text), stringWidth(text), text);
	}
	t.is(cellWidth('🚀'), 2);
	t.is(cellWidth('日本'), 4);
	t.is(cellWidth('e\u0301'), 1);
});

test('fitCells cuts on whole characters and never past the width', t => {
	t.is(fitCells('日本語のアルバム', 7), '日本語…');
	t.is(cellWidth(fitCells('日本語のアルバム', 7)), 7);
	t.is(fitCells('👩‍👩‍👧👩‍👩‍👧', 3), '👩‍👩‍👧…');
	t.is(fitCells('/music/long/path/song.ogg', 10, 'start'), '…/song.ogg');
	t.is(fitCells('short', 10), 'short');
	t.is(fitCells('anything', 0), '');
});

test('renderLine pads or cuts a styled line to exactly the width', t => {
	const line = [seg('🚀 ', {bold: true}), seg('rocket song', {color: 'red'})];
	t.is(plain(line), '🚀 rocket song');
	const padded = renderLine(line, 20, false);
	t.is(stringWidth(padded), 20);
	const cut = renderLine(line, 8, false);
	t.is(stringWidth(cut), 8);
	t.true(cut.includes('…'));
	const coloured = renderLine(line, 8, true);
	t.is(stringWidth(coloured), 8, 'escape codes take no cells');
	t.true(coloured.includes('\u001B[31m'));
});

test('the quick count of one cell per character agrees with string-width for every character it covers', t => {
	const ranges = [
		[0x20, 0x7e],
		[0xa0, 0x2ff],
		[0x370, 0x52f],
		[0x2010, 0x205e],
		[0x2190, 0x25ff],
	] as const;
	const wrong: string[] = [];
	for (const [from, to] of ranges) {
		for (let code = from; code <= to; code++) {
			const char = String.fromCodePoint(code);
			if (cellWidth(`ab${char}`) !== stringWidth(`ab${char}`)) wrong.push(code.toString(16));
		}
	}
	t.deepEqual(wrong, []);
	t.is(cellWidth('┌─ Memory ─ Σ 3 × 12 ms · 1.2× realtime ▁▂▃█ ─┐'), 47);
});

test('cutting one-cell text gives what cutting character by character gives', t => {
	t.is(fitCells('budget 11.8 GiB = 50% of 23.5 GiB (machine)', 20), 'budget 11.8 GiB = 5…');
	t.is(fitCells('/music/Ærø/08 – utrennik.mp3', 12, 'start'), '…trennik.mp3');
	t.is(fitCells('abc', 1), '…');
	t.is(renderLine([seg('ab'), seg('cdefgh', {bold: true})], 5, false), 'ab\u001B[1mcd…\u001B[22m');
	t.is(renderLine([seg('abcdef')], 1, false), '…');
});

test('before string-width is there, text beyond the one-cell characters is measured at most: never too narrow', t => {
	for (const text of ['日本語', 'e\u0301', '🎵 song', 'Ⅻ', '\u200D']) t.true(widthAtMost(text) >= cellWidth(text), text);
	t.is(widthAtMost('café 日本'), 9);
	t.is(cellWidth('e\u0301'), 1, 'string-width measures once given');
});
