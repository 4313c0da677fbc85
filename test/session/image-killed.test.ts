/**
 * An album image whose ffmpeg is killed after its first CUE track: that track stays in the store, the
 * image is recorded as failed and not tried again until it or its sheet changes (or retryFailed).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {LibraryStore} from '../../source/store/library-store.js';
import {sheetText} from '../helpers/album-image.js';
import {ffmpeg, tempDir} from '../helpers/fixtures.js';
import {createTestSession, ofType} from '../helpers/session.js';

test('ffmpeg killed part-way through an image: the CUE tracks finished before are kept', async t => {
	const dir = tempDir(t);
	const library = path.join(dir, 'library');
	fs.mkdirSync(library);
	const image = path.join(library, 'album.flac');
	// Three 20 s tones: far more audio than the pipe holds once the first track is done.
	const inputs = [220, 440, 880].flatMap(hz => ['-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=20`]);
	const made = spawnSync(ffmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', ...inputs, '-filter_complex', 'concat=n=3:v=0:a=1', '-c:a', 'flac', image]);
	t.is(made.status, 0, String(made.stderr));
	fs.writeFileSync(
		path.join(library, 'album.cue'),
		sheetText(
			'album.flac',
			['One', 'Two', 'Three'].map(title => ({title, seconds: 20})),
		),
	);
	const store = await LibraryStore.open(path.join(dir, 'library.db'));
	t.teardown(() => store.close());

	const {session, events} = createTestSession(library, {store});
	session.on(event => {
		// Killed from outside, as the OOM killer or a user would.
		if (event.type === 'track-done' && event.cue?.number === 1) process.kill(session.activeTracks[0]!.decoder.pid!, 'SIGKILL');
	});
	await session.run();
	t.deepEqual(
		ofType(events, 'track-done').map(event => event.cue?.number),
		[1],
	);
	t.regex(ofType(events, 'track-failed')[0]?.message ?? '', /killed by SIGKILL/);
	t.deepEqual(
		store.allTracks().map(track => [path.basename(track.path), track.tags.title]),
		[['album.flac#01', 'One']],
	);
	t.is(store.failures().length, 1);

	const again = createTestSession(library, {store});
	await again.session.run();
	t.like(ofType(again.events, 'queue')[0], {toAnalyse: 0, failedBefore: 1});
	t.is(store.allTracks().length, 1, 'the finished track is still there');

	const retried = createTestSession(library, {store, retryFailed: true});
	await retried.session.run();
	t.deepEqual(
		store.allTracks().map(track => path.basename(track.path)),
		['album.flac#01', 'album.flac#02', 'album.flac#03'],
	);
	t.deepEqual(store.failures(), []);
});
