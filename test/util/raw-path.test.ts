import test from 'ava';
import {hasRawBytes, nativePath, pathFromBytes, pathToBytes, showText} from '../../source/util/raw-path.js';

test('bytes that are not UTF-8 survive the round trip through a string', t => {
	const samples = [
		Buffer.from('/music/caf\xe9.ogg', 'latin1'),
		Buffer.from([0x2f, 0xff, 0xfe, 0x80, 0xc3]), // stray bytes, a truncated sequence at the end
		Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate: not UTF-8
		Buffer.from([0xe0, 0x80, 0xaf]), // overlong
		Buffer.from('/music/日本 – 💿.flac', 'utf8'),
	];
	for (const bytes of samples) t.deepEqual(pathToBytes(pathFromBytes(bytes)), bytes);
	t.false(hasRawBytes(pathFromBytes(samples[4]!)), 'UTF-8 stays a plain string');
	t.is(nativePath('/music/💿.flac'), '/music/💿.flac', 'a surrogate pair is not a stray byte');
	t.true(Buffer.isBuffer(nativePath(pathFromBytes(samples[0]!))));
	t.not(pathFromBytes(Buffer.from('caf\xe9', 'latin1')), pathFromBytes(Buffer.from('caf\ufffd', 'utf8')), 'no two names meet');
});

test('shown text escapes stray bytes and control characters, and nothing else', t => {
	t.is(showText(pathFromBytes(Buffer.from('caf\xe9.ogg', 'latin1'))), 'caf\\xE9.ogg');
	t.is(showText('two\nlines\r\tand \u001B[31mred'), 'two\\nlines\\r\\tand \\x1B[31mred');
	t.is(showText('Sigur Rós – 日本 💿'), 'Sigur Rós – 日本 💿');
});
