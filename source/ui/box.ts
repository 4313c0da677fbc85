/**
 * Panels as rows of text: the view composes its whole frame from these (pure, no React or Ink), so that
 * a frame costs what it takes to build its lines, not a layout pass and a cell grid of every character.
 */
import {fitCells, paint, renderLine, seg, type StyledLine} from './text.js';

/** What a panel shows: its title, a note at the right of the title bar, and its lines. */
export type PanelContent = {title: string; note?: string; lines: readonly StyledLine[]};

const BORDER = {dim: true};

/** The top border with the title in it: "┌─ Memory ───── note ─┐". */
export function titleBar(title: string, width: number, note?: string): StyledLine {
	const inner = Math.max(0, width - 2);
	const label = fitCells(` ${title} `, Math.max(0, inner - 1));
	const noteText = note && inner - 1 - label.length >= note.length + 4 ? ` ${note} ` : '';
	const fill = Math.max(0, inner - 1 - label.length - noteText.length - (noteText ? 1 : 0));
	return [
		seg('┌─', BORDER),
		seg(label, {bold: true, color: 'cyan'}),
		seg('─'.repeat(fill), BORDER),
		...(noteText ? [seg(noteText, BORDER), seg('─', BORDER)] : []),
		seg('┐', BORDER),
	];
}

/**
 * A panel as rows of exactly `width` cells: the title bar, its lines between the side borders (cut to
 * the box, blank rows under them), the bottom border. `height` counts the borders; without it the box
 * is as tall as its lines. Narrower than 4 cells: nothing.
 */
export function panelRows({title, note, lines}: PanelContent, width: number, height: number | undefined, color: boolean): string[] {
	if (width < 4) return [];
	const inner = width - 2;
	const inside = height === undefined ? lines.length : Math.max(0, height - 2);
	const side = paint('│', BORDER, color);
	const rows = [renderLine(titleBar(title, width, note), width, color)];
	for (let index = 0; index < inside; index++) rows.push(side + renderLine(lines[index] ?? [], inner, color) + side);
	rows.push(paint(`└${'─'.repeat(inner)}┘`, BORDER, color));
	return height === undefined ? rows : rows.slice(0, Math.max(0, height));
}

/** Columns of rows side by side, each column `widths[i]` cells wide (blank where a column is shorter), `height` rows. */
export function besideEachOther(columns: readonly (readonly string[])[], widths: readonly number[], height: number): string[] {
	const rows: string[] = [];
	for (let index = 0; index < height; index++) rows.push(columns.map((column, at) => column[index] ?? ' '.repeat(widths[at] ?? 0)).join(''));
	return rows;
}

/**
 * The frame as the terminal shows it: `height` rows (blank ones at the end when the parts are shorter),
 * trailing blanks taken off each row as Ink does (the writer erases the rest of a line it rewrites).
 */
export function frameRows(parts: readonly (readonly string[])[], height: number): string[] {
	const rows = parts.flat().slice(0, height);
	while (rows.length < height) rows.push('');
	return rows.map(row => row.trimEnd());
}
