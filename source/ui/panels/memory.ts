import {formatBytes} from '../../util/units.js';
import {gauge} from '../components/gauge.js';
import type {PanelContent} from '../box.js';
import {bucketByTime, chart, compactBytes, sparkline} from '../format.js';
import {epochCount, epochStarts, markedRow, timeMarks} from '../epochs.js';
import {MEMORY_WINDOW_MS} from '../state.js';
import {cellWidth, seg, type StyledLine} from '../text.js';
import {contentLines, contentWidth, type LineInput} from './types.js';

/** The first text that fits, else the last one (cut when drawn). */
function fit(width: number, ...candidates: string[]): string {
	return candidates.find(text => cellWidth(text) <= width) ?? candidates.at(-1)!;
}

/**
 * Memory: the working set against the budget (the floor marked on the gauge) and the machine against
 * its total, where the total comes from, the working set with resident and heap figures beside it,
 * and the last minute of the working set as a sparkline.
 */
export function memoryLines({state, width, height, theme}: LineInput): StyledLine[] {
	const inner = contentWidth(width);
	const chartRows = Math.max(1, contentLines(height) - 4);
	const sample = state.memory.latest;
	if (!sample) return [[seg('waiting for the first sample…')]];
	const total = state.total;
	const budget = formatBytes(sample.budgetBytes);
	const machine = formatBytes(sample.totalBytes);
	const suffixWidth = Math.max(budget.length, machine.length) + 3;
	const labelWidth = 7;
	const showSuffix = inner - labelWidth - 6 - suffixWidth >= 6;
	const barWidth = Math.max(3, inner - labelWidth - 6 - (showSuffix ? suffixWidth + 1 : 0));
	const source = total?.source ?? sample.totalSource;
	const detail = total && source.startsWith('cgroup') ? ` ${total.detail}` : '';
	const floorBytes = sample.floorBytes ?? 0;
	const above = floorBytes > sample.budgetBytes ? ' > budget' : '';
	const floor = floorBytes > 0 ? ` · floor ${formatBytes(floorBytes)}${above}` : '';
	const shortFloor = floorBytes > 0 ? ` · floor ${compactBytes(floorBytes)}${above}` : '';
	const where = fit(
		inner,
		`limit ${sample.limitPercent}% of ${machine} RAM, from ${source}${detail}${floor}`,
		`limit ${sample.limitPercent}% of ${machine} RAM, from ${source}${floor}`,
		`limit ${sample.limitPercent}% of RAM (${source})${floor}`,
		`limit ${sample.limitPercent}% of RAM (${source})${shortFloor}`,
		`limit ${sample.limitPercent}% of RAM (${source})`,
	);
	const child = sample.childRssBytes > 0;
	// The working set counts against the budget; RSS (shared pages counted once per process) beside it.
	const counted = `${sample.workingSetSource === 'cgroup' ? 'cgroup' : (sample.workingSetSource ?? 'rss').toUpperCase()}`;
	const figures = fit(
		inner,
		`${counted} ${formatBytes(sample.workingSetBytes)} · RSS ${formatBytes(sample.rssBytes)}${child ? ` (ffmpeg ${formatBytes(sample.childRssBytes)})` : ''} · heap ${formatBytes(sample.heapUsedBytes)} of ${formatBytes(sample.heapTotalBytes)}`,
		`${counted} ${formatBytes(sample.workingSetBytes)} · RSS ${formatBytes(sample.rssBytes)}${child ? ` (ffmpeg ${formatBytes(sample.childRssBytes)})` : ''} · heap ${formatBytes(sample.heapUsedBytes)}`,
		`${counted} ${compactBytes(sample.workingSetBytes)} · RSS ${compactBytes(sample.rssBytes)}${child ? ` (ffmpeg ${compactBytes(sample.childRssBytes)})` : ''} · heap ${compactBytes(sample.heapUsedBytes)}`,
		`${counted} ${compactBytes(sample.workingSetBytes)} · RSS ${compactBytes(sample.rssBytes)} · heap ${compactBytes(sample.heapUsedBytes)}`,
	);
	const {history} = state.memory;
	const span = Math.round(Math.min(MEMORY_WINDOW_MS, history.length > 0 ? sample.at - history[0]!.at : 0) / 1000);
	// The range label takes at most "1023.9M–1023.9M 60s" (19 cells); the line takes the rest.
	const lineWidth = Math.max(4, Math.min(90, inner - 20));
	const values = bucketByTime(
		history.map(point => ({at: point.at, value: point.workingSetBytes})),
		sample.at,
		MEMORY_WINDOW_MS,
		lineWidth,
	);
	const finite = values.filter(Number.isFinite);
	const low = finite.length > 0 ? Math.min(...finite) : sample.workingSetBytes;
	const high = finite.length > 0 ? Math.max(...finite) : sample.workingSetBytes;
	const low_ = compactBytes(low);
	const high_ = compactBytes(high);
	// Where each settings epoch began, once there is more than one to tell apart.
	const marks = epochCount(state) >= 2 ? timeMarks(epochStarts(state), sample.at, MEMORY_WINDOW_MS, lineWidth) : new Map<number, string>();
	const plot =
		chartRows === 1
			? [[...markedRow(sparkline(values), marks, {color: 'cyan'}), seg(` ${low_}–${high_} ${span}s`)]]
			: chart(values, chartRows, Math.min(low, high * 0.9), high).map((row, index): StyledLine => [
					...markedRow(row, index === 0 ? marks : new Map(), {color: 'cyan'}),
					seg(index === 0 ? ` ${high_}` : index === chartRows - 1 ? ` ${low_} ${span}s` : ''),
				]);
	return [
		gauge({
			label: 'budget',
			labelWidth,
			percent: sample.budgetUsedPercent,
			barWidth,
			suffix: showSuffix ? `of ${budget}` : undefined,
			markPercent: floorBytes > 0 && sample.budgetBytes > 0 ? (floorBytes / sample.budgetBytes) * 100 : undefined,
			theme,
		}),
		gauge({label: 'machine', labelWidth, percent: sample.systemUsedPercent, barWidth, suffix: showSuffix ? `of ${machine}` : undefined, theme}),
		[seg(where)],
		[seg(figures)],
		...plot,
	];
}

/** The panel's title, note and lines. */
export function memoryContent(input: LineInput): PanelContent {
	return {title: 'Memory', note: 'working set, last 60 s', lines: memoryLines(input)};
}
