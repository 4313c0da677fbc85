/**
 * Cue sheets inside an image, read from what ffmpeg prints about its input (no extra process): a
 * CUESHEET tag (FLAC and WavPack files tagged by foobar2000 and others) or a FLAC's CUESHEET block,
 * which ffmpeg shows as chapters. Chapters of other formats (audiobooks, DJ mixes in Matroska) are
 * not taken for tracks.
 */
import {CueSheetError, parseCueSheet, spansOf, type CueSpan} from './cue-sheet.js';
import type {CueImage} from './cue-find.js';
import type {InputInfo} from './ffmpeg-header.js';

/** The sheet, with what was mended reading it; or why it cannot be used. */
export type EmbeddedSheet = {image: CueImage; warnings: string[]} | {error: string} | undefined;

function fromChapters(info: InputInfo): CueSpan[] | string {
	const chapters = info.chapters ?? [];
	const spans: CueSpan[] = [];
	for (const [index, chapter] of chapters.entries()) {
		const before = chapters[index - 1];
		if (before && chapter.startSeconds <= before.startSeconds) return `chapter ${index + 1} does not start after chapter ${index}: times out of order`;
		const next = chapters[index + 1];
		spans.push({
			number: index + 1,
			ordinal: index + 1,
			...(chapter.title ? {title: chapter.title} : {}),
			startSeconds: chapter.startSeconds,
			endSeconds: next?.startSeconds,
		});
	}
	return spans;
}

/** The image's own sheet, an error saying why it cannot be used, or undefined when it has none. */
export function embeddedSheet(file: string, info: InputInfo): EmbeddedSheet {
	const base = {sheet: file, sheetSize: 0, sheetMtimeMs: 0, embedded: true};
	if (info.cuesheet) {
		try {
			const parsed = parseCueSheet(info.cuesheet);
			const cut = parsed.files.find(entry => entry.tracks.length >= 2);
			if (!cut) return undefined;
			return {
				image: {
					...base,
					...(parsed.title ? {title: parsed.title} : {}),
					...(parsed.performer ? {performer: parsed.performer} : {}),
					spans: spansOf(cut),
				},
				warnings: parsed.warnings.map(warning => `embedded cue sheet: ${warning}`),
			};
		} catch (error) {
			if (error instanceof CueSheetError) return {error: `embedded cue sheet: ${error.message}`};
			throw error;
		}
	}
	if (info.format !== 'flac' || (info.chapters?.length ?? 0) < 2) return undefined;
	const spans = fromChapters(info);
	if (typeof spans === 'string') return {error: `embedded cue sheet: ${spans}`};
	return {image: {...base, spans}, warnings: []};
}
