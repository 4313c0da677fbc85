/**
 * A real VLC (where Debian's vlc-bin is installed) playing one CUE track of an album image from the
 * playlists written for players other than MPD: M3U with #EXTVLCOPT start and stop times, and XSPF with
 * VLC's options. The image is three tones of 3 s (440, 880, 1760 Hz); VLC writes what it plays to a WAV
 * file (its afile output), and the test hears which tone that is and how long it lasts.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {findOnPath} from '../../source/audio/ffmpeg-locate.js';
import {renderM3u8, renderXspf} from '../../source/playlists/output/formats.js';
import type {Playlist} from '../../source/playlists/types.js';
import {ffmpeg, tempDir} from '../helpers/fixtures.js';

const cvlc = findOnPath('cvlc');
// VLC refuses to run as root: as root, it runs as nobody (runuser), or not at all.
const asRoot = process.getuid?.() === 0;
const runuser = asRoot ? findOnPath('runuser') : undefined;
const withVlc = cvlc && (!asRoot || runuser) ? test : test.skip;

const TONES = [440, 880, 1760];
const SECONDS = 3;

function albumImage(t: ExecutionContext): {dir: string; image: string} {
	const dir = tempDir(t);
	if (asRoot) fs.chmodSync(dir, 0o777);
	const image = path.join(dir, 'album.flac');
	const inputs = TONES.flatMap(hz => ['-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${SECONDS}`]);
	const made = spawnSync(ffmpeg(), [
		'-hide_banner',
		'-loglevel',
		'error',
		'-y',
		...inputs,
		'-filter_complex',
		`concat=n=${TONES.length}:v=0:a=1`,
		'-c:a',
		'flac',
		image,
	]);
	if (made.status !== 0) throw new Error(`ffmpeg: ${String(made.stderr)}`);
	return {dir, image};
}

function secondTrack(image: string): Playlist {
	const start = SECONDS;
	return {
		name: 'Second track',
		durationSeconds: SECONDS,
		bpmRange: [100, 100],
		mainKeys: [],
		tracks: [
			{
				path: `${image}#02`,
				artist: 'Tones',
				title: 'Two',
				durationSeconds: SECONDS,
				bpm: 100,
				key: 'A major',
				camelot: '11B',
				cue: {
					image,
					sheet: image.replace(/\.flac$/, '.cue'),
					embedded: false,
					sheetSize: 1,
					sheetMtimeMs: 1,
					number: 2,
					ordinal: 2,
					startSeconds: start,
					endSeconds: start + SECONDS,
				},
			},
		],
	};
}

/** What VLC plays from `playlist`: mono 16-bit samples and their rate. */
function vlcPlays(dir: string, playlist: string): {samples: Int16Array; rate: number} {
	const out = path.join(dir, 'played.wav');
	const args = ['-I', 'dummy', '--play-and-exit', '--no-video', '--aout', 'afile', '--audiofile-file', out, '--audiofile-channels', '1', playlist];
	const result = asRoot
		? spawnSync(runuser!, ['-u', 'nobody', '--', cvlc!, ...args], {encoding: 'utf8', timeout: 60_000})
		: spawnSync(cvlc!, args, {encoding: 'utf8', timeout: 60_000});
	if (!fs.existsSync(out)) throw new Error(`VLC wrote nothing (${result.status}): ${result.stderr}`);
	const wav = fs.readFileSync(out);
	fs.rmSync(out);
	const data = wav.indexOf('data');
	const rate = wav.readUInt32LE(24);
	const bytes = wav.subarray(data + 8);
	return {samples: new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2)), rate};
}

/** The tone of each tenth of a second, from its zero crossings. */
function tonesOf({samples, rate}: {samples: Int16Array; rate: number}): number[] {
	const window = Math.round(rate / 10);
	const tones: number[] = [];
	for (let start = 0; start + window <= samples.length; start += window) {
		let crossings = 0;
		for (let index = start + 1; index < start + window; index++) if (samples[index - 1]! < 0 !== samples[index]! < 0) crossings++;
		tones.push(crossings * 5);
	}
	return tones;
}

function assertSecondTrack(t: ExecutionContext, played: {samples: Int16Array; rate: number}, form: string): void {
	const seconds = played.samples.length / played.rate;
	// VLC stops at the first block past stop-time: a FLAC frame (~0.1 s) of the next track may follow.
	t.true(seconds > SECONDS - 0.1 && seconds < SECONDS + 0.5, `${form}: VLC played ${seconds.toFixed(2)} s, the track is ${SECONDS} s`);
	const tones = tonesOf(played);
	t.log(`${form}: ${seconds.toFixed(2)} s played; tone of each 0.1 s: ${tones.join(' ')}`);
	const second = tones.filter(hz => Math.abs(hz - TONES[1]!) <= 20).length;
	t.true(second >= tones.length - 3, `${form}: the second track's ${TONES[1]} Hz throughout, heard ${tones.join(' ')}`);
	t.false(
		tones.some(hz => Math.abs(hz - TONES[0]!) <= 20),
		`${form}: nothing of the first track`,
	);
}

withVlc('VLC plays the CUE track of the M3U written for other players (#EXTVLCOPT start and stop), not the album', t => {
	const {dir, image} = albumImage(t);
	const list = path.join(dir, 'second.m3u8');
	const rendered = renderM3u8(secondTrack(image), {dir, absolutePaths: false, set: 'clusters', player: 'any'});
	t.true(rendered.text.includes(`#EXTVLCOPT:start-time=${SECONDS}\n#EXTVLCOPT:stop-time=${2 * SECONDS}\nalbum.flac\n`), rendered.text);
	fs.writeFileSync(list, rendered.text);
	assertSecondTrack(t, vlcPlays(dir, list), 'M3U');
});

withVlc('VLC plays the CUE track of the XSPF, from its VLC options', t => {
	const {dir, image} = albumImage(t);
	const list = path.join(dir, 'second.xspf');
	fs.writeFileSync(list, renderXspf(secondTrack(image), {dir, absolutePaths: false, set: 'clusters'}).text);
	assertSecondTrack(t, vlcPlays(dir, list), 'XSPF');
});
