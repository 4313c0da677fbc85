import {bestEpoch, type Epoch} from '../session/epochs.js';
import {formatBytes, formatDuration, formatSpeed} from '../util/units.js';

/**
 * The table of settings epochs, as text: the end of a plain run, the line left after the live view,
 * and the live view's `t` overlay all print these rows. 77 cells wide, so that it fits 80 columns.
 */

type Column = {title: string; width: number; cell: (epoch: Epoch, best: boolean) => string};

const secondsText = (value: number) => `${Number.isInteger(value) ? value : value.toFixed(1)} s`;

const COLUMNS: Column[] = [
	{title: '#', width: 2, cell: epoch => String(epoch.index)},
	{title: 'limit', width: 5, cell: epoch => `${epoch.limits.memoryLimitPercent}%`},
	{title: 'chunk', width: 5, cell: epoch => secondsText(epoch.limits.chunkSeconds)},
	{title: 'max', width: 5, cell: epoch => secondsText(epoch.limits.maxChunkSeconds)},
	{title: 'ran', width: 6, cell: epoch => formatDuration(epoch.seconds)},
	// A star marks the fastest setting that stayed within its budget.
	{title: 'speed', width: 6, cell: (epoch, best) => `${formatSpeed(epoch.realtime)}${best ? '*' : ' '}`},
	{title: 'budget', width: 8, cell: epoch => formatBytes(epoch.budgetBytes)},
	// No sample yet (an epoch just begun): no figure rather than 0 %.
	{title: 'peak', width: 5, cell: epoch => (epoch.peakBytes > 0 ? `${Math.round(epoch.peakPercent)}%` : '-')},
	{title: 'median', width: 6, cell: epoch => (epoch.peakBytes > 0 ? `${Math.round(epoch.medianPercent)}%` : '-')},
	{title: '~chunk', width: 6, cell: epoch => (epoch.chunks > 0 ? secondsText(epoch.medianChunkSeconds) : '-')},
	{title: 'GCs', width: 4, cell: epoch => String(epoch.forcedGcs)},
	{title: 'waits', width: 6, cell: epoch => String(epoch.backpressureWaits)},
];

function line(cells: string[]): string {
	return cells.map((cell, index) => cell.padStart(COLUMNS[index]!.width)).join(' ');
}

export const EPOCH_TABLE_WIDTH = COLUMNS.reduce((sum, column) => sum + column.width, 0) + COLUMNS.length - 1;

export function epochHeader(): string {
	return line(COLUMNS.map(column => column.title));
}

/** One epoch's row; `best` adds the star after its speed. */
export function epochRow(epoch: Epoch, best = false): string {
	return line(COLUMNS.map(column => column.cell(epoch, best)));
}

/** What the columns mean, in one line. */
export const EPOCH_LEGEND = 'peak, median: memory of the budget · ~chunk: median chunk';

/** The settings of an epoch in words: "limit 45%, chunk 15 s, max 30 s". */
export function epochSettings(epoch: Epoch): string {
	return `limit ${epoch.limits.memoryLimitPercent}%, chunk ${secondsText(epoch.limits.chunkSeconds)}, max ${secondsText(epoch.limits.maxChunkSeconds)}`;
}

/**
 * Which setting gave the best speed within its budget, in one line (for two epochs or more), or
 * undefined when there is nothing to compare.
 */
export function bestEpochLine(epochs: readonly Epoch[]): string | undefined {
	if (epochs.length < 2) return undefined;
	const best = bestEpoch(epochs);
	if (!best) return 'no setting has kept within its budget long enough to judge';
	return `fastest within budget: #${best.index} (${epochSettings(best)}) at ${formatSpeed(best.realtime)} realtime`;
}

/** The whole table for the end of a run: header, a row per epoch, the best setting, the legend. */
export function epochTable(epochs: readonly Epoch[]): string[] {
	if (epochs.length === 0) return [];
	const best = epochs.length >= 2 ? bestEpoch(epochs) : undefined;
	const suggestion = bestEpochLine(epochs);
	return [`settings epochs (${EPOCH_LEGEND}):`, epochHeader(), ...epochs.map(epoch => epochRow(epoch, epoch === best)), ...(suggestion ? [suggestion] : [])];
}
