/**
 * Album images for CUE tests: tracks of known tempo and key rendered on their own, then joined into one
 * file (FLAC or WAV) with a sheet beside it or one embedded, as rippers leave them.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {ManifestEntry} from '../../media/render.js';
import {ffmpeg} from './fixtures.js';
import {embedCuesheet} from './flac-cuesheet.js';
import {accuracyRecipes, renderRecipes} from './music.js';

/** "MM:SS:FF" of whole seconds. */
function cueClock(seconds: number): string {
	return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}:00`;
}

/** A sheet for `file` with one track per entry, each starting where the one before ends. */
export function sheetText(file: string, tracks: ReadonlyArray<{title: string; seconds: number}>, performer = 'The Band'): string {
	const lines = [`PERFORMER "${performer}"`, 'TITLE "The Album"', `FILE "${file}" WAVE`];
	let start = 0;
	for (const [index, track] of tracks.entries()) {
		lines.push(`  TRACK ${String(index + 1).padStart(2, '0')} AUDIO`, `    TITLE "${track.title}"`, `    INDEX 01 ${cueClock(start)}`);
		start += track.seconds;
	}
	return lines.join('\r\n') + '\r\n';
}

/** Joins files into one (format from the name's extension), with ffmpeg's concat filter (ffmpeg 4.1 has it). */
export function joinAudio(files: readonly string[], output: string): void {
	const inputs = files.flatMap(file => ['-i', file]);
	const codec = output.endsWith('.flac') ? ['-c:a', 'flac', '-sample_fmt', 's16'] : ['-c:a', 'pcm_s16le'];
	const result = spawnSync(
		ffmpeg(),
		['-hide_banner', '-loglevel', 'error', '-y', ...inputs, '-filter_complex', `concat=n=${files.length}:v=0:a=1`, ...codec, output],
		{encoding: 'utf8'},
	);
	if (result.status !== 0) throw new Error(`ffmpeg could not join ${output}: ${result.stderr}`);
}

export type AlbumFixture = {
	/** The tracks on their own, in album order. */
	separate: ManifestEntry[];
	separateDir: string;
	/** Titles given to the tracks in the sheets. */
	titles: string[];
};

/** Renders `count` tracks of `seconds` each into `separateDir`. */
export async function renderAlbumTracks(separateDir: string, count = 3, seconds = 12): Promise<AlbumFixture> {
	const separate = await renderRecipes(accuracyRecipes(count, {seconds, format: 'flac', minBpm: 85, maxBpm: 150}), separateDir);
	return {separate, separateDir, titles: separate.map((_, index) => `Song ${index + 1}`)};
}

/** Writes `name` (an image of the album's tracks) into `dir`, with its sheet beside it or embedded. */
export function writeImage(album: AlbumFixture, dir: string, name: string, sheet: 'beside' | 'embedded' | 'none', encoding: BufferEncoding = 'utf8'): string {
	fs.mkdirSync(dir, {recursive: true});
	const image = path.join(dir, name);
	joinAudio(
		album.separate.map(entry => path.join(album.separateDir, entry.file)),
		image,
	);
	const tracks = album.separate.map((entry, index) => ({title: album.titles[index]!, seconds: entry.seconds}));
	if (sheet === 'beside') {
		fs.writeFileSync(path.join(dir, `${path.basename(name, path.extname(name))}.cue`), Buffer.from(sheetText(name, tracks), encoding));
	} else if (sheet === 'embedded') {
		let start = 0;
		embedCuesheet(
			image,
			tracks.map(track => {
				const at = start;
				start += track.seconds;
				return at;
			}),
		);
	}
	return image;
}
