/**
 * Sheets beside images as the scan finds them: which sheet cuts which image, and what is said about the
 * others. Real files in a temporary folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {describeCueProblem, findCueImages} from '../../source/audio/cue-find.js';
import type {ScannedTrack} from '../../source/audio/scan.js';
import {sheetText} from '../helpers/album-image.js';
import {tempDir} from '../helpers/fixtures.js';

function scannedFile(file: string): ScannedTrack {
	const stat = fs.statSync(file);
	return {path: file, size: stat.size, mtimeMs: stat.mtimeMs};
}

const tracks = (count: number) => Array.from({length: count}, (_, index) => ({title: `Song ${index + 1}`, seconds: 60}));

test('two sheets naming one image: the one named after the image cuts it, the other is said', async t => {
	const dir = tempDir(t);
	const image = path.join(dir, 'album.flac');
	fs.writeFileSync(image, 'audio');
	// "album (alt).cue" comes before "album.cue" in the scan's order.
	const alternative = path.join(dir, 'album (alt).cue');
	const own = path.join(dir, 'album.cue');
	fs.writeFileSync(alternative, sheetText('album.flac', tracks(2)));
	fs.writeFileSync(own, sheetText('album.flac', tracks(3)));
	const found = await findCueImages([scannedFile(image)], [scannedFile(alternative), scannedFile(own)]);
	t.is(found.images.get(image)?.sheet, own);
	t.is(found.images.get(image)?.spans.length, 3);
	t.deepEqual(
		found.problems.map(problem => describeCueProblem(problem)),
		[`cue sheet ${alternative}: it cuts album.flac too, which album.cue cuts; this sheet is not used for it`],
	);

	// album.flac.cue is named after the image too.
	fs.renameSync(own, path.join(dir, 'album.flac.cue'));
	const again = await findCueImages([scannedFile(image)], [scannedFile(alternative), scannedFile(path.join(dir, 'album.flac.cue'))]);
	t.is(again.images.get(image)?.sheet, path.join(dir, 'album.flac.cue'));
});

test('a sheet with a TRACK number given twice cuts every track, and says how they are numbered', async t => {
	const dir = tempDir(t);
	const image = path.join(dir, 'album.flac');
	fs.writeFileSync(image, 'audio');
	const sheet = path.join(dir, 'album.cue');
	fs.writeFileSync(sheet, sheetText('album.flac', tracks(3)).replace('TRACK 03', 'TRACK 02'));
	const found = await findCueImages([scannedFile(image)], [scannedFile(sheet)]);
	t.deepEqual(
		found.images.get(image)?.spans.map(span => span.number),
		[1, 2, 3],
	);
	t.deepEqual(
		found.problems.map(problem => describeCueProblem(problem)),
		[`cue sheet ${sheet}: track number 2 is given twice (lines 7 and 10): the tracks are numbered by their place in the sheet`],
	);
});

test('a UTF-16 sheet beside an image cuts it', async t => {
	const dir = tempDir(t);
	const image = path.join(dir, 'album.flac');
	fs.writeFileSync(image, 'audio');
	const sheet = path.join(dir, 'album.cue');
	fs.writeFileSync(sheet, Buffer.from(`\uFEFF${sheetText('album.flac', tracks(2))}`, 'utf16le'));
	const found = await findCueImages([scannedFile(image)], [scannedFile(sheet)]);
	t.deepEqual(found.problems, []);
	t.is(found.images.get(image)?.spans.length, 2);
});
