/**
 * The `l` overlay: the whole log at the terminal's width, every message wrapped so that it reads whole
 * (the Log panel cuts each at its width: at 80 columns, half of that), newest last, scrolled with ↑/↓.
 */
import type {PanelContent} from '../box.js';
import type {LogLine} from '../state.js';
import {withCount} from '../../util/repeats.js';
import {cellWidth, fitCells, seg, type StyledLine} from '../text.js';
import {clock, LEVEL_STYLE} from './log.js';
import {contentLines, contentWidth, type LineInput} from './types.js';

/** Splits text into lines of at most `width` cells, at spaces where it can, inside words longer than a line. */
export function wrapText(text: string, width: number): string[] {
	if (width <= 0) return [];
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const joined = line === '' ? word : `${line} ${word}`;
		if (cellWidth(joined) <= width) {
			line = joined;
			continue;
		}
		if (line !== '') lines.push(line);
		line = word;
		while (cellWidth(line) > width) {
			// At least one character a line, even one wider than the line.
			const head = fitCells(line, width + 1).slice(0, -1) || [...line][0]!;
			lines.push(head);
			line = line.slice(head.length);
		}
	}
	lines.push(line);
	return lines;
}

const TIME_WIDTH = 9;

/** Every message of the log as wrapped lines, oldest first: its time, then its text under its first line's. */
export function wrappedLog(log: readonly LogLine[], width: number, color: boolean): StyledLine[] {
	return log.flatMap(line => {
		const text = `${line.level === 'info' || color ? '' : `${line.level}: `}${withCount(line.text, line.count ?? 1)}`;
		return wrapText(text, Math.max(1, width - TIME_WIDTH)).map((part, index) => [
			seg(index === 0 ? `${clock(line.at)} ` : ' '.repeat(TIME_WIDTH), {dim: true}),
			seg(part, LEVEL_STYLE[line.level]),
		]);
	});
}

/** How far the log can be scrolled back from its newest line in a box of this size. */
export function maxLogScroll(log: readonly LogLine[], width: number, height: number): number {
	return Math.max(0, wrappedLog(log, contentWidth(width), false).length - contentLines(height));
}

/** The overlay's title, note and lines: the newest that fit, or `scroll` lines further back. */
export function logOverlayContent({state, width, height, theme}: LineInput, scroll: number): PanelContent {
	const lines = wrappedLog(state.log, contentWidth(width), theme.color);
	const room = contentLines(height);
	if (lines.length === 0) return {title: 'Log', note: 'Esc closes', lines: [[seg('nothing yet', {dim: true})]]};
	const back = Math.max(0, Math.min(scroll, lines.length - room));
	const end = lines.length - back;
	const start = Math.max(0, end - room);
	const note = lines.length > room ? `lines ${start + 1}–${end} of ${lines.length} · ↑/↓ · Esc closes` : 'Esc closes';
	return {title: 'Log', note, lines: lines.slice(start, end)};
}
