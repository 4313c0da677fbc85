/**
 * A table fitted to a width and drawn as rows of text, as the other panels draw their frames: a rule
 * above and below the header and one at the end, none between rows, so that a panel shows a row per line.
 */
import {cellWidth, fitCells, seg, type Style, type StyledLine} from './text.js';

export type Row = Record<string, string>;

export type Column = {
	key: string;
	align?: 'left' | 'right';
	/** Takes the width that is left. */ flexible?: boolean;
	/** Dropped first when narrow. */ optional?: boolean;
	/** A flexible column's narrowest width before optional columns are dropped (default 8). */
	minWidth?: number;
	/** A flexible column cut down to its minWidth before the other flexible columns are cut. */
	yieldsFirst?: boolean;
	/** How a cell too long for the column is shortened (default: its end is cut). */
	shorten?: (text: string, width: number) => string;
};

/** The rows of a table and the columns kept, every cell padded to its column's width. */
export type FittedTable = {rows: Row[]; columns: Column[]; widths: number[]};

/**
 * Pads every cell of a column to one width, so the table keeps its shape while the visible window of
 * rows moves, and cuts the flexible columns (the widest first) so the whole table fits `width` cells.
 */
export function fitTable(rows: Row[], columns: Column[], width: number): FittedTable {
	// A table of n columns takes n + 1 border cells and 2 padding cells per column.
	let kept = columns;
	const natural = (column: Column) => Math.max(cellWidth(column.key), ...rows.map(row => cellWidth(row[column.key] ?? '')));
	const total = (cols: Column[]) => cols.reduce((sum, column) => sum + natural(column) + 2, 0) + cols.length + 1;
	const minimum = (cols: Column[]) =>
		cols.reduce(
			(sum, column) => sum + (column.flexible ? Math.max(column.key.length, Math.min(natural(column), column.minWidth ?? 8)) : natural(column)) + 2,
			0,
		) +
		cols.length +
		1;
	while (minimum(kept) > width && kept.some(column => column.optional)) {
		const index = kept.map(column => Boolean(column.optional)).lastIndexOf(true);
		kept = kept.filter((_, position) => position !== index);
	}
	const widths = new Map(kept.map(column => [column.key, natural(column)]));
	// Cut one cell at a time from the widest flexible column (the last of equals), so two share the loss and the shorter keeps its text.
	let overflow = total(kept) - width;
	const flexible = kept.filter(column => column.flexible);
	for (const column of flexible.filter(column => column.yieldsFirst)) {
		const cut = Math.max(0, Math.min(overflow, widths.get(column.key)! - Math.max(column.key.length, column.minWidth ?? 8)));
		widths.set(column.key, widths.get(column.key)! - cut);
		overflow -= cut;
	}
	while (overflow > 0) {
		const cuttable = flexible.filter(column => widths.get(column.key)! > column.key.length);
		if (cuttable.length === 0) break;
		const widest = cuttable.reduce((a, b) => (widths.get(b.key)! >= widths.get(a.key)! ? b : a));
		widths.set(widest.key, widths.get(widest.key)! - 1);
		overflow--;
	}
	const fitted = rows.map(row =>
		Object.fromEntries(
			kept.map(column => {
				const cellsWide = widths.get(column.key)!;
				const text = row[column.key] ?? '';
				const value = cellWidth(text) <= cellsWide ? text : (column.shorten ?? fitCells)(text, cellsWide);
				const padding = ' '.repeat(Math.max(0, cellsWide - cellWidth(value)));
				return [column.key, column.align === 'right' ? padding + value : value + padding];
			}),
		),
	);
	return {rows: fitted, columns: kept, widths: kept.map(column => widths.get(column.key)!)};
}

/** The first row to show so that `selected` stays in a window of `size` rows. */
export function windowStart(selected: number, size: number, count: number): number {
	if (size <= 0 || count <= size) return 0;
	return Math.min(Math.max(0, selected - Math.floor(size / 2)), count - size);
}

/** Lines a table takes besides its rows: the rule above the header, the header, the rule under it, the last rule. */
export const TABLE_FRAME_LINES = 4;

const RULE: Style = {dim: true};

/**
 * A window of `size` rows of a fitted table (the one `selected` is in) as styled lines: header, rows,
 * and a closing rule that says which rows show when not all do.
 */
export function tableLines(table: FittedTable, selected: number, size: number): StyledLine[] {
	const start = windowStart(selected, size, table.rows.length);
	const visible = table.rows.slice(start, start + Math.max(1, size));
	const rule = (left: string, middle: string, right: string): string => left + table.widths.map(width => '─'.repeat(width + 2)).join(middle) + right;
	const header = (column: Column, index: number) => {
		const width = table.widths[index]!;
		return fitCells(column.key, width) + ' '.repeat(Math.max(0, width - cellWidth(column.key)));
	};
	const line = (cells: string[], style?: Style): StyledLine => [
		seg('│ ', RULE),
		...cells.flatMap((cell, index) => [...(index > 0 ? [seg(' │ ', RULE)] : []), seg(cell, style)]),
		seg(' │', RULE),
	];
	let bottom = rule('└', '┴', '┘');
	if (visible.length < table.rows.length) {
		// Which rows show, in the closing rule: a line more for the rows themselves.
		const where = ` ${start + 1}–${start + visible.length} of ${table.rows.length} `;
		if (bottom.length >= where.length + 4) bottom = bottom.slice(0, bottom.length - where.length - 2) + where + bottom.slice(-2);
	}
	return [
		[seg(rule('┌', '┬', '┐'), RULE)],
		line(table.columns.map(header), {bold: true, color: 'cyan'}),
		[seg(rule('├', '┼', '┤'), RULE)],
		...visible.map(row => line(table.columns.map(column => row[column.key]!))),
		[seg(bottom, RULE)],
	];
}
