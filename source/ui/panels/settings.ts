import type {Limits} from '../../config/limits.js';
import type {PanelContent} from '../box.js';
import {KEYMAP, type Action} from '../keymap.js';
import {limitValueText} from '../labels.js';
import {seg, type StyledLine} from '../text.js';
import {contentLines, contentWidth, type LineInput} from './types.js';

function keysFor(action: Action): string {
	return KEYMAP.find(group => group.bindings.some(binding => binding.action === action))?.keys ?? '';
}

type Row = {label: string; keys: Array<keyof Limits>; value: string; hint: string; key: boolean};

/**
 * Settings: the live limits, each with the key that changes it (or, for those without a key, the flag
 * that sets it). A change not yet used by a chunk is marked with "*".
 */
export function settingsLines({state, width, height}: LineInput): StyledLine[] {
	const inner = contentWidth(width);
	const lines = contentLines(height);
	const {limits} = state;
	if (!limits) return [[seg('starting…')]];
	const pending = new Set(state.pendingLimits);
	const mark = (key: keyof Limits) => (pending.has(key) ? '*' : '');
	const v = (key: keyof Limits) => `${limitValueText(key, limits[key])}${mark(key)}`;
	const workers = `${state.workers}${state.workers < limits.workers ? ` of ${limits.workers}` : ''}`;
	const monitor = limits.monitoringEnabled ? `every ${limits.monitorIntervalChunks}${mark('monitorIntervalChunks')}` : `off${mark('monitoringEnabled')}`;
	const full: Row[] = [
		{label: 'memory limit', keys: ['memoryLimitPercent'], value: v('memoryLimitPercent'), hint: keysFor('limit-up'), key: true},
		{label: 'chunk', keys: ['chunkSeconds'], value: v('chunkSeconds'), hint: keysFor('chunk-up'), key: true},
		{label: 'max chunk', keys: ['maxChunkSeconds'], value: v('maxChunkSeconds'), hint: keysFor('max-up'), key: true},
		{label: 'min chunk', keys: ['minChunkSeconds'], value: v('minChunkSeconds'), hint: '--min-chunk', key: false},
		{label: 'GC threshold', keys: ['gcThresholdPercent'], value: v('gcThresholdPercent'), hint: '--gc-threshold', key: false},
		{label: 'monitor', keys: ['monitorIntervalChunks', 'monitoringEnabled'], value: monitor, hint: '--monitor-interval', key: false},
		{label: 'workers', keys: ['workers'], value: `${workers}${mark('workers')}`, hint: '--workers', key: false},
	];
	const note = pending.size > 0 ? '* applies from the next chunk' : undefined;
	const room = lines - (note && lines > 5 ? 1 : 0);
	const labelWidth = 13;
	const valueWidth = 9;
	const showHints = inner >= labelWidth + valueWidth + 4;
	const line = (row: Row): StyledLine => [
		seg(row.label.padEnd(labelWidth)),
		seg(row.value.padStart(valueWidth - 2).padEnd(valueWidth), row.keys.some(key => pending.has(key)) ? {bold: true, color: 'yellow'} : {bold: true}),
		...(showHints ? [seg(row.hint, row.key ? {color: 'cyan', bold: true} : {dim: true})] : []),
	];
	let rows: StyledLine[];
	if (full.length <= room) rows = full.map(line);
	else
		rows = [
			...full.slice(0, 3).map(line),
			[seg('min '), seg(v('minChunkSeconds'), {bold: true}), seg(' · GC at '), seg(v('gcThresholdPercent'), {bold: true})],
			[seg('monitor '), seg(full[5]!.value, {bold: true}), seg(' · workers '), seg(full[6]!.value, {bold: true})],
		];
	if (note && rows.length < lines) rows.push([seg(note, {color: 'yellow'})]);
	return rows;
}

/** The panel's title, note and lines. */
export function settingsContent(input: LineInput): PanelContent {
	return {title: 'Settings', lines: settingsLines(input)};
}
