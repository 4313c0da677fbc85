/**
 * Album images and the CUE sheets beside them: each `.cue` the scan met is read, and the file its FILE
 * line names (in the sheet's folder) becomes an image of the sheet's tracks. A sheet that cannot be
 * used says why, naming the image it would have cut, which is then analysed as one file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {fileErrorReason} from '../util/file-errors.js';
import {nativePath} from '../util/raw-path.js';
import {CueSheetError, decodeCueText, parseCueSheet, spansOf, type CueSpan} from './cue-sheet.js';
import type {ScannedTrack} from './scan.js';

/** An image and how to cut it. `sheet` is the sidecar's path, or the image's own for an embedded sheet. */
export type CueImage = {
	sheet: string;
	/** The sidecar's size and time, so that a changed sheet is analysed again. */
	sheetSize: number;
	sheetMtimeMs: number;
	embedded: boolean;
	/** The sheet's own TITLE and PERFORMER: the album and its artist. */
	title?: string;
	performer?: string;
	spans: CueSpan[];
};

export type CueProblem = {sheet: string; message: string; /** The image now analysed as one file. */ image?: string};

export type FoundImages = {images: Map<string, CueImage>; problems: CueProblem[]};

/** Sheets are a few KiB; anything this big is not one. */
const MAX_SHEET_BYTES = 1024 * 1024;

/** A FILE name as a path in the sheet's folder (sheets written on Windows use backslashes). */
function targetOf(sheet: string, name: string): string {
	return path.resolve(path.dirname(sheet), name.replaceAll('\\', '/'));
}

/** The scanned file a FILE line names: exactly, else the one that differs only in case (FAT and SMB shares). */
function findTarget(wanted: string, byPath: Map<string, ScannedTrack>, byFolded: Map<string, ScannedTrack>): ScannedTrack | undefined {
	return byPath.get(wanted) ?? byFolded.get(wanted.toLowerCase());
}

/** The audio file with the sheet's own name (album.cue → album.flac), which a broken sheet leaves whole. */
function sameStem(sheet: string, tracks: readonly ScannedTrack[]): string | undefined {
	const stem = sheet.slice(0, -path.extname(sheet).length);
	return tracks.find(track => track.path.slice(0, -path.extname(track.path).length) === stem)?.path;
}

/** Whether a sheet is named after the image: album.cue or album.flac.cue for album.flac. */
function namedAfter(sheet: string, image: string): boolean {
	const name = path.basename(sheet, path.extname(sheet));
	return name === path.basename(image) || name === path.basename(image, path.extname(image));
}

/** Reads every sheet and matches it to the scanned audio files. */
export async function findCueImages(tracks: readonly ScannedTrack[], sheets: readonly ScannedTrack[]): Promise<FoundImages> {
	const byPath = new Map(tracks.map(track => [path.resolve(track.path), track]));
	const byFolded = new Map(tracks.map(track => [path.resolve(track.path).toLowerCase(), track]));
	/** Every sheet that cuts an image, by the image's path, in the order of the scan. */
	const candidates = new Map<string, CueImage[]>();
	const problems: CueProblem[] = [];
	const broken: CueProblem[] = [];
	for (const sheet of sheets) {
		let text: string;
		try {
			if (sheet.size > MAX_SHEET_BYTES) throw new CueSheetError(`not a cue sheet (${sheet.size} bytes)`);
			text = decodeCueText(await fs.readFile(nativePath(sheet.path)));
			const parsed = parseCueSheet(text);
			// A sheet of one track per file describes separate files, analysed as they are.
			const cut = parsed.files.filter(file => file.tracks.length >= 2);
			for (const file of cut) {
				const target = findTarget(targetOf(sheet.path, file.name), byPath, byFolded);
				if (!target) throw new CueSheetError(`it names "${file.name}", which is not in its folder`);
				const image: CueImage = {
					sheet: sheet.path,
					sheetSize: sheet.size,
					sheetMtimeMs: sheet.mtimeMs,
					embedded: false,
					...(parsed.title ? {title: parsed.title} : {}),
					...(parsed.performer ? {performer: parsed.performer} : {}),
					spans: spansOf(file),
				};
				candidates.set(target.path, [...(candidates.get(target.path) ?? []), image]);
			}
			for (const warning of parsed.warnings) problems.push({sheet: sheet.path, message: warning});
		} catch (error) {
			broken.push({sheet: sheet.path, message: error instanceof CueSheetError ? error.message : `cannot read it: ${fileErrorReason(error)}`});
		}
	}
	const images = new Map<string, CueImage>();
	for (const [target, offered] of candidates) {
		// Two sheets for one image (album.cue and "album (alt).cue"): the one named after the image.
		const chosen = offered.find(image => namedAfter(image.sheet, target)) ?? offered[0]!;
		images.set(target, chosen);
		for (const other of offered) {
			if (other === chosen) continue;
			const message = `it cuts ${path.basename(target)} too, which ${path.basename(chosen.sheet)} cuts; this sheet is not used for it`;
			problems.push({sheet: other.sheet, message});
		}
	}
	for (const problem of broken) {
		// A broken sheet's image (by its name) is analysed as one file, unless another sheet cuts it.
		const image = sameStem(problem.sheet, tracks);
		problems.push(image === undefined || images.has(image) ? problem : {...problem, image});
	}
	return {images, problems};
}

/** How a broken sheet is told: the sheet, why, and what happens to its image. */
export function describeCueProblem(problem: CueProblem): string {
	const fallback = problem.image ? `; ${path.basename(problem.image)} is analysed as one file` : '';
	return `cue sheet ${problem.sheet}: ${problem.message}${fallback}`;
}
