/**
 * Text building blocks for the panels: gauges, sparklines, thresholds, truncation. Pure functions, so
 * that every figure on screen can be tested without rendering, and read without colour.
 */

import {WARNING_PERCENT} from '../memory/budget.js';

/**
 * glances' thresholds: a gauge is careful from 50 %, warning from 70 % (where the scheduler starts
 * halving chunks: the same figure) and critical from 90 %.
 */
export const CAREFUL_PERCENT = 50;
export const CRITICAL_PERCENT = 90;

export type Level = 'ok' | 'careful' | 'warning' | 'critical';

export function levelOf(percent: number): Level {
	if (percent >= CRITICAL_PERCENT) return 'critical';
	if (percent >= WARNING_PERCENT) return 'warning';
	if (percent >= CAREFUL_PERCENT) return 'careful';
	return 'ok';
}

const FULL = '█';
const EMPTY = '░';
/** Eighths of a cell, so that a narrow gauge still moves smoothly. */
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `width` cells filled to `percent` (clamped to 0–100), made of characters only. */
export function bar(percent: number, width: number): string {
	if (width <= 0) return '';
	const share = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0)) / 100;
	const eighths = Math.round(share * width * 8);
	const full = Math.floor(eighths / 8);
	const rest = eighths % 8;
	const partial = full < width ? PARTIAL[rest]! : '';
	return FULL.repeat(full) + partial + EMPTY.repeat(Math.max(0, width - full - (partial ? 1 : 0)));
}

/** "62%" right-aligned in four cells; one decimal below 10 % so that small budgets still move. */
export function percentText(percent: number): string {
	if (!Number.isFinite(percent)) return '  -%';
	const text = percent < 9.95 && percent > 0 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
	return text.padStart(4);
}

const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One character per value, scaled between `min` and `max` (by default the values' own range). */
export function sparkline(values: readonly number[], options: {min?: number; max?: number} = {}): string {
	if (values.length === 0) return '';
	const finite = values.filter(Number.isFinite);
	const min = options.min ?? Math.min(...finite);
	const max = options.max ?? Math.max(...finite);
	const span = max - min;
	return values
		.map(value => {
			if (!Number.isFinite(value)) return ' ';
			if (span <= 0) return options.max === undefined ? TICKS[3]! : TICKS[0]!;
			const share = Math.min(1, Math.max(0, (value - min) / span));
			return TICKS[Math.min(TICKS.length - 1, Math.round(share * (TICKS.length - 1)))]!;
		})
		.join('');
}

/**
 * Samples spread over a time window, folded into `width` columns (the largest value of each column);
 * columns before the first sample are NaN (blank), gaps after it repeat the value before.
 */
export function bucketByTime(samples: ReadonlyArray<{at: number; value: number}>, now: number, windowMs: number, width: number): number[] {
	const columns = Array.from({length: Math.max(0, width)}, () => Number.NaN);
	if (width <= 0) return columns;
	const start = now - windowMs;
	for (const sample of samples) {
		if (sample.at < start || sample.at > now) continue;
		const index = Math.min(width - 1, Math.floor(((sample.at - start) / windowMs) * width));
		const current = columns[index]!;
		columns[index] = Number.isNaN(current) ? sample.value : Math.max(current, sample.value);
	}
	let seen = false;
	for (let i = 0; i < width; i++) {
		if (!Number.isNaN(columns[i]!)) seen = true;
		else if (seen) columns[i] = columns[i - 1]!;
	}
	return columns;
}

/** Cuts text to `width` cells with an ellipsis; keeps the end of paths, where the file name is. */
export function truncate(text: string, width: number, from: 'end' | 'start' = 'end'): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	if (width === 1) return '…';
	return from === 'end' ? `${text.slice(0, width - 1)}…` : `…${text.slice(text.length - width + 1)}`;
}

/** Seconds with one decimal below a minute ("12.5 s"), else m:ss. */
export function seconds(value: number): string {
	if (!Number.isFinite(value)) return '-';
	if (value < 60) return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} s`;
	const m = Math.floor(value / 60);
	return `${m}:${String(Math.floor(value % 60)).padStart(2, '0')}`;
}

export function milliseconds(value: number): string {
	if (!Number.isFinite(value)) return '-';
	if (value < 1) return `${value.toFixed(2)} ms`;
	if (value < 100) return `${value.toFixed(1)} ms`;
	if (value < 10_000) return `${Math.round(value)} ms`;
	return `${(value / 1000).toFixed(1)} s`;
}

/** "1 track", "2 tracks". */
export function plural(count: number, word: string, many = `${word}s`): string {
	return `${count} ${count === 1 ? word : many}`;
}

/** Bytes in at most six cells: "158M", "14.6M", "11.8G", "512K". */
export function compactBytes(bytes: number): string {
	const units = ['B', 'K', 'M', 'G', 'T'];
	let value = Math.max(0, bytes);
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)}${units[unit]}`;
}

/**
 * An area chart of `rows` lines (top line first), one column per value, scaled from `min` to `max`;
 * a finite value shows at least a sliver, NaN is blank.
 */
export function chart(values: readonly number[], rows: number, min: number, max: number): string[] {
	if (rows <= 1) return [sparkline(values, {min, max})];
	const span = max - min;
	const eighths = values.map(value => {
		if (!Number.isFinite(value)) return -1;
		const share = span > 0 ? Math.min(1, Math.max(0, (value - min) / span)) : 0.5;
		return Math.max(1, Math.round(share * rows * 8));
	});
	const lines: string[] = [];
	for (let row = rows - 1; row >= 0; row--) {
		let line = '';
		for (const level of eighths) {
			if (level < 0 || level <= row * 8) line += ' ';
			else if (level >= (row + 1) * 8) line += '█';
			else line += TICKS[level - row * 8 - 1]!;
		}
		lines.push(line);
	}
	return lines;
}
