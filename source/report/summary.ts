import type {SessionSummary} from '../session/events.js';
import {formatBytes, formatDuration, formatSpeed} from '../util/units.js';

/**
 * The run's peak memory, as every output states it: the working set, the figure the memory budget
 * counts, with RSS (shared library pages counted in every process that maps them) beside it when it
 * fits `width`: "peak memory 148 MiB (RSS 176 MiB)", else "peak memory 148 MiB", else "peak 148 MiB".
 */
export function peakMemoryText(summary: Pick<SessionSummary, 'peakWorkingSetBytes' | 'peakRssBytes'>, width = Number.POSITIVE_INFINITY): string {
	const peak = formatBytes(summary.peakWorkingSetBytes);
	const forms = [`peak memory ${peak} (RSS ${formatBytes(summary.peakRssBytes)})`, `peak memory ${peak}`, `peak ${peak}`];
	return forms.find(form => form.length <= width) ?? forms.at(-1)!;
}

/**
 * The sentence a run ends with, the same in the plain output, the live view's log and the line left on
 * the terminal after it: "finished: 12 analysed, 1 failed, 30 unchanged; 41:07 of audio in 9.8 s
 * (252× realtime), peak memory 120 MiB (RSS 180 MiB)".
 */
export function summarySentence(summary: SessionSummary): string {
	const outcome = summary.error ? 'stopped by an error' : summary.stopped ? 'stopped' : 'finished';
	const forgotten = summary.pruned > 0 ? `, ${summary.pruned} gone from the library (forgotten)` : '';
	const realtime = summary.wallSeconds > 0 ? summary.audioSeconds / summary.wallSeconds : 0;
	const work =
		summary.tracks > 0
			? `${formatDuration(summary.audioSeconds)} of audio in ${summary.wallSeconds.toFixed(1)} s (${formatSpeed(realtime)} realtime), `
			: summary.stopped
				? 'nothing analysed before the stop, '
				: 'nothing new to analyse, ';
	return `${outcome}: ${summary.tracks} analysed, ${summary.failed} failed, ${summary.unchanged} unchanged${forgotten}; ${work}${peakMemoryText(summary)}`;
}
