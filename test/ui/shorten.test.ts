import test from 'ava';
import {shortenMiddle, shortenTrackName} from '../../source/ui/shorten.js';
import {cellWidth} from '../../source/ui/text.js';

test('tracks of one album stay apart: the artist is cut first, then the middle of the title, never its end', t => {
	const names = [1, 2, 3].map(part => `NeonCorridor - Living Caves of the Northern Range (Part ${part})`);
	for (const width of [30, 40, 50]) {
		const shortened = names.map(name => shortenTrackName(name, width));
		t.is(new Set(shortened).size, 3, `${width}: ${shortened.join(' | ')}`);
		for (const [index, text] of shortened.entries()) {
			t.true(cellWidth(text) <= width, text);
			t.true(text.endsWith(`(Part ${index + 1})`), text);
		}
	}
	// Room for the whole title: only the artist gives way.
	t.is(shortenTrackName('A Very Long Artist Name Indeed - Short Title', 30), 'A Very Long Art… - Short Title');
	t.is(shortenTrackName('NeonCorridor - Living Caves of the Northern Range (Part 2)', 40), 'NeonC… - Living Caves…ern Range (Part 2)');
	t.is(shortenTrackName('short - name', 20), 'short - name');
});

test('a name without an artist keeps its end: files of one folder differ by their number', t => {
	t.is(shortenMiddle('soundtrack-main-theme-extended-03.flac', 20), 'soundtr…nded-03.flac');
	t.is(shortenTrackName('soundtrack-main-theme-extended-03.flac', 20), 'soundtr…nded-03.flac');
	t.is(shortenMiddle('abc', 1), '…');
	t.is(shortenMiddle('abc', 3), 'abc');
	// Wide characters are measured in cells.
	const wide = shortenMiddle('東京の夜の長い長い歌 パート2', 12);
	t.true(cellWidth(wide) <= 12, wide);
	t.true(wide.endsWith('2'), wide);
});
