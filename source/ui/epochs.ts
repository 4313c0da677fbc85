import {epochFigures, type Epoch} from '../session/epochs.js';
import {seg, type Style, type StyledLine} from './text.js';
import type {ChunkView, ViewState} from './state.js';

/** Settings epochs as the view shows them: the table's rows, and the marks on the charts. */

/**
 * Every epoch so far: those ended, as the session reported them, and the running one with its figures
 * at `now` (flagged `running`).
 */
export function viewEpochs(state: ViewState, now: number): {epochs: Epoch[]; running: number | undefined} {
	const {closed, log} = state.epochs;
	const current = log.current;
	const last = closed.at(-1)?.index ?? 0;
	if (!current || current.index <= last || state.phase === 'finished') return {epochs: closed, running: undefined};
	return {epochs: [...closed, epochFigures(log, current, now)], running: current.index};
}

/** How many epochs the run has seen (the running one included). */
export function epochCount(state: ViewState): number {
	const current = state.epochs.log.current;
	return Math.max(state.epochs.closed.length, current?.index ?? 0);
}

/** The character a chart shows where an epoch began: 1–9, then A–Z, then +. */
export function epochMark(index: number): string {
	if (index <= 9) return String(index);
	if (index <= 35) return String.fromCharCode(55 + index);
	return '+';
}

/** When each epoch began, on this view's clock (ms since the epoch). */
export function epochStarts(state: ViewState): Array<{index: number; at: number}> {
	const starts =
		state.startedAt === undefined ? [] : state.epochs.closed.map(epoch => ({index: epoch.index, at: state.startedAt! + epoch.startSeconds * 1000}));
	const current = state.epochs.log.current;
	if (current && !starts.some(start => start.index === current.index)) starts.push({index: current.index, at: current.openedAt});
	return starts;
}

/** Columns of a time chart (`width` columns over `windowMs` up to `end`) where an epoch began. */
export function timeMarks(starts: ReadonlyArray<{index: number; at: number}>, end: number, windowMs: number, width: number): Map<number, string> {
	const marks = new Map<number, string>();
	const start = end - windowMs;
	for (const epoch of starts) {
		if (epoch.at < start || epoch.at > end) continue;
		const column = Math.min(width - 1, Math.floor(((epoch.at - start) / windowMs) * width));
		marks.set(column, epochMark(epoch.index));
	}
	return marks;
}

/** Columns of a chunk chart (one column per chunk) where a chunk is the first of its epoch. */
export function chunkMarks(shown: readonly ChunkView[], before: ChunkView | undefined): Map<number, string> {
	const marks = new Map<number, string>();
	let previous = before;
	shown.forEach((chunk, column) => {
		if (previous === undefined ? chunk.epoch > 1 : chunk.epoch !== previous.epoch) marks.set(column, epochMark(chunk.epoch));
		previous = chunk;
	});
	return marks;
}

/** Style of the marks: bold (readable without colour too), yellow with colour. */
export const MARK_STYLE: Style = {bold: true, color: 'yellow'};

/** A chart row with marks put over some of its columns (characters, so that they read without colour). */
export function markedRow(row: string, marks: ReadonlyMap<number, string>, style: Style): StyledLine {
	if (marks.size === 0) return [seg(row, style)];
	const chars = [...row];
	const line: StyledLine = [];
	let run = '';
	chars.forEach((char, column) => {
		const mark = marks.get(column);
		if (mark === undefined) {
			run += char;
			return;
		}
		if (run) line.push(seg(run, style));
		run = '';
		line.push(seg(mark, MARK_STYLE));
	});
	if (run) line.push(seg(run, style));
	return line;
}
