import type {ScannedTrack} from '../audio/scan.js';
import type {PlanOptions} from '../session/store-port.js';

/** A stored track as planning reads it: a small row, never the analysis. */
export type PlannedRow = [id: number, path: string, size: number, mtimeMs: number, featuresVersion: number];
/** A recorded failure as planning reads it. */
export type PlannedFailure = [path: string, size: number, mtimeMs: number];

export type TrackPlan = {
	toAnalyse: ScannedTrack[];
	unchanged: number;
	failedBefore: number;
	/** Stored tracks the scan did not find, by path. */
	goneTracks: Map<string, PlannedRow>;
	/** Recorded failures the scan did not find, by path. */
	goneFailures: Map<string, PlannedFailure>;
};

/**
 * Sorts the scanned tracks into those to analyse and those to leave: unchanged tracks (same size, mtime
 * and features version) and, unless `retryFailed`, tracks that failed and have not changed since. Pure:
 * the store reads the rows and acts on what is gone.
 */
export function planTracks(
	tracks: readonly ScannedTrack[],
	stored: readonly PlannedRow[],
	failures: readonly PlannedFailure[],
	options: Pick<PlanOptions, 'retryFailed'> & {featuresVersion: number},
): TrackPlan {
	const goneTracks = new Map(stored.map(row => [row[1], row]));
	const goneFailures = new Map(failures.map(row => [row[0], row]));
	const toAnalyse: ScannedTrack[] = [];
	let unchanged = 0;
	let failedBefore = 0;
	for (const track of tracks) {
		const known = goneTracks.get(track.path);
		const failure = goneFailures.get(track.path);
		goneTracks.delete(track.path);
		goneFailures.delete(track.path);
		if (known && known[2] === track.size && known[3] === track.mtimeMs && known[4] === options.featuresVersion) {
			unchanged++;
		} else if (failure && !options.retryFailed && failure[1] === track.size && failure[2] === track.mtimeMs) {
			failedBefore++;
		} else {
			toAnalyse.push(track);
		}
	}
	return {toAnalyse, unchanged, failedBefore, goneTracks, goneFailures};
}
