/**
 * The start of a run: the library scanned, album images found by the CUE sheets beside them, and the
 * store asked what is left to analyse. What the scan could not read is reported as failed at once and
 * handed back to be recorded; the queue is counted in tracks (an image with a sheet beside it counts
 * its CUE tracks).
 */
import {describeCueProblem, findCueImages} from '../audio/cue-find.js';
import {scanLibrary, type ScanProblem} from '../audio/scan.js';
import type {SessionEvent} from './events.js';
import {queueWeight} from './image-parts.js';
import type {ScannedImage} from '../library/track.js';
import type {AnalysisPlan, LibraryStorePort} from '../library/store-port.js';

export type ScanPlanOptions = {
	root: string;
	extensions: readonly string[];
	isExcluded?: (relativePath: string, isDirectory: boolean) => boolean;
	store?: LibraryStorePort;
	retryFailed?: boolean;
};

export type QueueCounts = {total: number; toAnalyse: number; unchanged: number; failedBefore: number};

export type ScanPlan = {
	plan: AnalysisPlan;
	/** What the scan could not read, already reported as failed. */
	problems: ScanProblem[];
	queue: QueueCounts;
};

export async function scanAndPlan(
	options: ScanPlanOptions,
	report: {emit(event: SessionEvent): void; warn(message: string): void; unreadable(problem: ScanProblem): void},
): Promise<ScanPlan> {
	const {root, store} = options;
	const scanned = await scanLibrary(root, {
		extensions: options.extensions,
		isExcluded: options.isExcluded,
		onProgress: found => report.emit({type: 'scan', found, done: false}),
		sheets: true,
	});
	const {problems} = scanned;
	// Album images: the CUE sheets beside them say where their tracks are.
	const found = await findCueImages(scanned.tracks, scanned.sheets);
	for (const problem of found.problems) report.warn(describeCueProblem(problem));
	const tracks: ScannedImage[] = scanned.tracks.map(track => {
		const cue = found.images.get(track.path);
		return cue ? {...track, cue} : track;
	});
	report.emit({type: 'scan', found: tracks.length, done: true});
	for (const problem of problems) report.unreadable(problem);
	const plan: AnalysisPlan = store
		? store.plan(root, tracks, {retryFailed: options.retryFailed ?? false, unreadable: problems.map(problem => problem.path)})
		: {toAnalyse: tracks, unchanged: 0, failedBefore: 0};
	for (const warning of plan.warnings ?? []) report.warn(warning);
	const weight = (list: readonly ScannedImage[]) => list.reduce((sum, track) => sum + queueWeight(track), 0);
	const queue = {total: weight(tracks), toAnalyse: weight(plan.toAnalyse), unchanged: plan.unchanged, failedBefore: plan.failedBefore};
	return {plan, problems, queue};
}
