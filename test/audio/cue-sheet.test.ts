import test from 'ava';
import {cueTime, decodeCueText, parseCueSheet, spansOf} from '../../source/audio/cue-sheet.js';

const SHEET = `REM GENRE Rock
PERFORMER "The Band"
TITLE "The Album"
FILE "album.flac" WAVE
  TRACK 01 AUDIO
    TITLE "Opening"
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Second Song"
    PERFORMER "Guest"
    INDEX 00 03:58:10
    INDEX 01 04:00:37
`;

test('a sheet: album words, each track with its title, performer and INDEX 01 start; spans end where the next starts', t => {
	const sheet = parseCueSheet(SHEET);
	t.like(sheet, {title: 'The Album', performer: 'The Band'});
	t.is(sheet.files.length, 1);
	const spans = spansOf(sheet.files[0]!);
	t.deepEqual(
		spans.map(span => [span.number, span.ordinal, span.title, span.performer, span.startSeconds, span.endSeconds]),
		[
			[1, 1, 'Opening', undefined, 0, 240 + 37 / 75],
			[2, 2, 'Second Song', 'Guest', 240 + 37 / 75, undefined],
		],
	);
	t.is(cueTime('01:02:74'), 62 + 74 / 75);
	t.is(cueTime('01:60:00'), undefined);
});

test('encodings: UTF-8 with and without BOM, else Windows-1252 (Latin-1)', t => {
	const text = 'TITLE "Café Ñandú – ok"';
	t.is(decodeCueText(Buffer.from(text, 'utf8')), text);
	t.is(decodeCueText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), text);
	t.is(decodeCueText(Buffer.from('TITLE "Café Ñandú"', 'latin1')), 'TITLE "Café Ñandú"');
	// 0x96 is an en dash in Windows-1252 (a control character in Latin-1).
	t.is(decodeCueText(Buffer.from([0x41, 0x96, 0x42])), 'A–B');
	t.is(parseCueSheet(decodeCueText(Buffer.from(`\uFEFF${SHEET}`, 'utf8'))).title, 'The Album');
});

test('what is not a usable sheet is refused with a reason', t => {
	t.throws(() => parseCueSheet('hello world\nnothing here'), {message: /not a cue sheet/});
	t.throws(() => parseCueSheet(''), {message: /not a cue sheet/});
	t.throws(() => parseCueSheet('FILE "a.flac" WAVE\n'), {message: /no FILE with a TRACK/});
	t.throws(() => parseCueSheet('FILE "a.flac" WAVE\n TRACK 01 AUDIO\n  TITLE "x"\n'), {message: /track 1 has no INDEX 01/});
	t.throws(() => parseCueSheet('TRACK 01 AUDIO\n INDEX 01 00:00:00\n'), {message: /TRACK before any FILE/});
	t.throws(() => parseCueSheet('FILE "a.flac" WAVE\n TRACK 01 AUDIO\n  INDEX 01 00:10:00\n TRACK 02 AUDIO\n  INDEX 01 00:05:00\n'), {
		message: 'track 2 starts at 0:05:00, not after track 1 at 0:10:00: times out of order or overlapping',
	});
	t.throws(() => parseCueSheet('FILE "a.flac" WAVE\n TRACK 01 AUDIO\n  INDEX 01 00:10:00\n TRACK 02 AUDIO\n  INDEX 01 00:10:00\n'), {
		message: /out of order or overlapping/,
	});
	t.throws(() => parseCueSheet('FILE "a.flac" WAVE\n TRACK 01 AUDIO\n  INDEX 01 1:2\n'), {message: /not MM:SS:FF/});
});

test('several FILE lines: each keeps its tracks; ordinals run across the sheet', t => {
	const sheet = parseCueSheet(
		'FILE "1.wav" WAVE\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\nFILE "2.wav" WAVE\n TRACK 02 AUDIO\n  INDEX 01 00:00:00\n TRACK 03 AUDIO\n  INDEX 01 01:00:00\n',
	);
	t.deepEqual(
		sheet.files.map(file => [file.name, file.tracks.map(track => track.ordinal)]),
		[
			['1.wav', [1]],
			['2.wav', [2, 3]],
		],
	);
});

test('UTF-16 sheets with a BOM, as Windows rippers save "Unicode": little- and big-endian', t => {
	const text = `\uFEFF${SHEET.replace('Opening', 'Ouverture – Café')}`;
	const little = Buffer.from(text, 'utf16le');
	const big = Buffer.from(little).swap16();
	t.deepEqual([little[0], little[1], big[0], big[1]], [0xff, 0xfe, 0xfe, 0xff]);
	for (const bytes of [little, big]) {
		const sheet = parseCueSheet(decodeCueText(bytes));
		t.is(sheet.title, 'The Album');
		t.deepEqual(
			sheet.files[0]!.tracks.map(track => track.title),
			['Ouverture – Café', 'Second Song'],
		);
	}
});

test('a TRACK number given twice: the tracks are numbered by their place in the sheet, with a warning; none is lost', t => {
	const sheet = parseCueSheet(
		'FILE "a.flac" WAVE\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\n TRACK 02 AUDIO\n  INDEX 01 01:00:00\n TRACK 02 AUDIO\n  TITLE "Third"\n  INDEX 01 02:00:00\n',
	);
	t.deepEqual(
		sheet.files[0]!.tracks.map(track => [track.number, track.ordinal, track.startSeconds]),
		[
			[1, 1, 0],
			[2, 2, 60],
			[3, 3, 120],
		],
	);
	t.deepEqual(sheet.warnings, ['track number 2 is given twice (lines 4 and 6): the tracks are numbered by their place in the sheet']);
	t.deepEqual(parseCueSheet(SHEET).warnings, []);
});
