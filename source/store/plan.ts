import type {ScannedTrack} from '../audio/scan.js';
import {sheetIdentity, type CueRef, type ScannedImage} from '../library/track.js';
import type {PlanOptions} from '../library/store-port.js';

/** A stored track as planning reads it: a small row, never the analysis. `cue` is the CUE track's JSON. */
export type PlannedRow = [id: number, path: string, size: number, mtimeMs: number, featuresVersion: number, cue: string | null];
/** A recorded failure as planning reads it, with the identity of the sheet beside the file then (sheetIdentity). */
export type PlannedFailure = [path: string, size: number, mtimeMs: number, sheet: string | null];

export type TrackPlan = {
	toAnalyse: ScannedImage[];
	unchanged: number;
	failedBefore: number;
	/** Stored tracks the scan did not find, by path. */
	goneTracks: Map<string, PlannedRow>;
	/** Recorded failures the scan did not find, by path. */
	goneFailures: Map<string, PlannedFailure>;
};

/** The CUE tracks stored for each image, by the image's path. */
function rowsByImage(stored: readonly PlannedRow[]): Map<string, Array<{row: PlannedRow; cue: CueRef}>> {
	const byImage = new Map<string, Array<{row: PlannedRow; cue: CueRef}>>();
	for (const row of stored) {
		if (row[5] === null) continue;
		const cue = JSON.parse(row[5]) as CueRef;
		const list = byImage.get(cue.image) ?? [];
		list.push({row, cue});
		byImage.set(cue.image, list);
	}
	return byImage;
}

/** Whether stored CUE tracks still describe the image as it is: the same sheet, unchanged (or still none beside it). */
function sameSheet(cue: CueRef, track: ScannedImage): boolean {
	if (!track.cue) return cue.embedded;
	return !cue.embedded && cue.sheet === track.cue.sheet && cue.sheetSize === track.cue.sheetSize && cue.sheetMtimeMs === track.cue.sheetMtimeMs;
}

/**
 * The numbers of an image's stored CUE tracks that a run can keep (same image, same sheet, current
 * features, one count): a run stopped part-way analyses only the others.
 */
function keptParts(parts: ReadonlyArray<{row: PlannedRow; cue: CueRef}>, fresh: (row: PlannedRow, cue: CueRef) => boolean, track: ScannedImage): number[] {
	const count = track.cue?.spans.length ?? parts[0]?.cue.count;
	if (count === undefined) return [];
	return parts
		.filter(({row, cue}) => cue.count === count && fresh(row, cue))
		.map(({cue}) => cue.number)
		.sort((a, b) => a - b);
}

/** Whether all the sheet's tracks are stored: an image that failed or was stopped part-way keeps those it finished. */
function whole(parts: ReadonlyArray<{cue: CueRef}>): boolean {
	const count = parts[0]?.cue.count;
	// Rows without a count were saved all together: all of them or none.
	return count === undefined || (parts.length === count && parts.every(({cue}) => cue.count === count));
}

/**
 * Sorts the scanned tracks into those to analyse and those to leave: unchanged tracks (same size, mtime
 * and features version) and, unless `retryFailed`, tracks that failed and have not changed since. An
 * album image is unchanged when all its CUE tracks are stored from the same image and the same sheet; a
 * failure is unchanged when the file and the sheet beside it are. Pure:
 * the store reads the rows and acts on what is gone.
 */
export function planTracks(
	tracks: readonly ScannedImage[],
	stored: readonly PlannedRow[],
	failures: readonly PlannedFailure[],
	options: Pick<PlanOptions, 'retryFailed'> & {featuresVersion: number},
): TrackPlan {
	const goneTracks = new Map(stored.map(row => [row[1], row]));
	const goneFailures = new Map(failures.map(row => [row[0], row]));
	const images = rowsByImage(stored);
	const toAnalyse: ScannedImage[] = [];
	let unchanged = 0;
	let failedBefore = 0;
	const current = (row: PlannedRow, track: ScannedTrack) => row[2] === track.size && row[3] === track.mtimeMs && row[4] === options.featuresVersion;
	for (const track of tracks) {
		const known = goneTracks.get(track.path);
		const failure = goneFailures.get(track.path);
		const parts = images.get(track.path) ?? [];
		goneTracks.delete(track.path);
		goneFailures.delete(track.path);
		for (const {row} of parts) goneTracks.delete(row[1]);
		const fresh = (row: PlannedRow, cue: CueRef) => current(row, track) && sameSheet(cue, track);
		if (parts.length > 0 && whole(parts) && parts.every(({row, cue}) => fresh(row, cue))) {
			unchanged += parts.length;
		} else if (known && !track.cue && current(known, track)) {
			unchanged++;
		} else if (failure && !options.retryFailed && failure[1] === track.size && failure[2] === track.mtimeMs && (failure[3] ?? null) === sheetIdentity(track)) {
			failedBefore++;
		} else {
			const kept = keptParts(parts, fresh, track);
			unchanged += kept.length;
			toAnalyse.push(kept.length > 0 ? {...track, storedParts: kept} : track);
		}
	}
	return {toAnalyse, unchanged, failedBefore, goneTracks, goneFailures};
}
