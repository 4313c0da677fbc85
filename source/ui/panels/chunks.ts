import {formatBytes} from '../../util/units.js';
import type {PanelContent} from '../box.js';
import {chart, milliseconds, seconds, sparkline} from '../format.js';
import {derive} from '../derive.js';
import {chunkMarks, epochCount, markedRow} from '../epochs.js';
import {seg, type StyledLine} from '../text.js';
import {contentLines, contentWidth, type LineInput} from './types.js';

/**
 * Chunks: the chunk just read (length, bytes, why that length, at which limit), the lengths of the
 * recent chunks on a scale from 0 to the longest allowed (so shrinking and growing show), chunks per
 * second, and how often reading waited for the analyser or the budget (backpressure).
 */
export function chunksLines({state, now, width, height}: LineInput): StyledLine[] {
	const inner = contentWidth(width);
	const lines = contentLines(height);
	const {latest, history} = state.chunks;
	if (!latest) return [[seg('no chunk yet')]];
	const d = derive(state, now);
	const max = state.limits?.maxChunkSeconds ?? Math.max(...history.map(chunk => chunk.seconds));
	const min = state.limits?.minChunkSeconds ?? 0;
	const label = ` ${min}–${max} s`;
	const lineWidth = Math.max(4, inner - label.length);
	const shown = history.slice(-lineWidth);
	const values = shown.map(chunk => chunk.seconds);
	// The first chunk of each settings epoch, once there is more than one.
	const marks = epochCount(state) >= 2 ? chunkMarks(shown, history[history.length - shown.length - 1]) : new Map<number, string>();
	const {waits, waitedMs, count} = state.chunks;
	const chartRows = Math.max(1, lines - 3);
	const plot: StyledLine[] =
		chartRows === 1
			? [[...markedRow(sparkline(values, {min: 0, max}), marks, {color: 'magenta'}), seg(label)]]
			: chart(values, chartRows, 0, max).map((row, index) => [
					...markedRow(row + ' '.repeat(Math.max(0, lineWidth - row.length)), index === 0 ? marks : new Map(), {color: 'magenta'}),
					seg(index === 0 ? ` ${max} s` : index === chartRows - 1 ? ' 0 s' : ''),
				]);
	const rows: StyledLine[] = [
		[seg(`now ${seconds(latest.seconds)} · ${formatBytes(latest.bytes)} · ${latest.reason} · at ${latest.limitPercent}%`)],
		...plot,
		[seg(`${d.chunksPerSecond.toFixed(1)} chunks/s · ${count} in all`)],
		[
			seg(
				`backpressure: ${waits} waits${waits > 0 ? `, ${milliseconds(waitedMs)}` : ''}${latest.waitedMs >= 1 ? ` (last ${milliseconds(latest.waitedMs)})` : ''}`,
			),
		],
	];
	return rows.slice(0, Math.max(2, lines));
}

/** The panel's title, note and lines. */
export function chunksContent(input: LineInput): PanelContent {
	return {title: 'Chunks', note: 'lengths', lines: chunksLines(input)};
}
