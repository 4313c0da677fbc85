import type {SessionSummary} from '../session/events.js';
import {formatBytes, formatDuration, formatSpeed} from '../util/units.js';

/**
 * The sentence a run ends with, the same in the plain output, the live view's log and the line left on
 * the terminal after it: "finished: 12 analysed, 1 failed, 30 unchanged; 41:07 of audio in 9.8 s
 * (252× realtime), peak memory 120 MiB (RSS 180 MiB)": the working set, with resident memory beside it.
 */
export function summarySentence(summary: SessionSummary): string {
	const outcome = summary.error ? 'stopped by an error' : summary.stopped ? 'stopped' : 'finished';
	const forgotten = summary.pruned > 0 ? `, ${summary.pruned} gone from the library (forgotten)` : '';
	const realtime = summary.wallSeconds > 0 ? summary.audioSeconds / summary.wallSeconds : 0;
	const work =
		summary.tracks > 0
			? `${formatDuration(summary.audioSeconds)} of audio in ${summary.wallSeconds.toFixed(1)} s (${formatSpeed(realtime)} realtime), `
			: 'nothing new to analyse, ';
	return (
		`${outcome}: ${summary.tracks} analysed, ${summary.failed} failed, ${summary.unchanged} unchanged${forgotten}; ` +
		`${work}peak memory ${formatBytes(summary.peakWorkingSetBytes)} (RSS ${formatBytes(summary.peakRssBytes)})`
	);
}
