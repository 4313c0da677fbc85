/**
 * An album image's CUE tracks as the session reports and stores them: each one's tags (title and
 * performer from the sheet, over the image's own), its place (CueRef) and its store row.
 */
import type {CueImage} from '../audio/cue-find.js';
import type {CueSpan} from '../audio/cue-sheet.js';
import type {TrackTags} from '../audio/ffmpeg-header.js';
import {cueKey, type AnalysedTrack, type CueRef, type ScannedImage} from '../library/track.js';
import type {TrackResult} from './track-run.js';

/**
 * How many tracks a scanned file stands for in the queue: an image with a sheet beside it, one per CUE
 * track still to analyse (those a stopped run stored stay).
 */
export function queueWeight(track: ScannedImage): number {
	if (!track.cue) return 1;
	return Math.max(1, track.cue.spans.length - (track.storedParts?.length ?? 0));
}

export function cueRef(image: string, cue: CueImage, span: CueSpan): CueRef {
	const ref: CueRef = {
		image,
		sheet: cue.sheet,
		embedded: cue.embedded,
		sheetSize: cue.sheetSize,
		sheetMtimeMs: cue.sheetMtimeMs,
		number: span.number,
		ordinal: span.ordinal,
		startSeconds: span.startSeconds,
		count: cue.spans.length,
	};
	if (span.title) ref.title = span.title;
	const performer = span.performer ?? cue.performer;
	if (performer) ref.performer = performer;
	if (span.endSeconds !== undefined) ref.endSeconds = span.endSeconds;
	return ref;
}

/** The sheet's words over the image's tags: the track's title and performer, the album and its artist. */
export function partTags(image: TrackTags, cue: CueImage, span: CueSpan): TrackTags {
	const tags: TrackTags = {...image, trackNumber: span.number};
	delete tags.title;
	if (span.title) tags.title = span.title;
	const performer = span.performer ?? cue.performer;
	if (performer) tags.artist = performer;
	if (cue.performer) tags.albumArtist = cue.performer;
	if (cue.title) tags.album = cue.title;
	return tags;
}

/** The store row of one CUE track. */
export function partTrack(image: ScannedImage, cue: CueImage, span: CueSpan, result: TrackResult): AnalysedTrack {
	return {
		path: cueKey(image.path, span.number),
		size: image.size,
		mtimeMs: image.mtimeMs,
		durationSeconds: result.durationSeconds,
		tags: partTags(result.tags, cue, span),
		partial: result.partial,
		analysis: result.analysis,
		cue: cueRef(image.path, cue, span),
	};
}
