import type {PanelContent} from '../box.js';
import type {LogLine} from '../state.js';
import {withCount} from '../../util/repeats.js';
import {seg, type Style, type StyledLine} from '../text.js';
import {contentLines, contentWidth, type LineInput} from './types.js';

export function clock(at: number): string {
	const date = new Date(at);
	return [date.getHours(), date.getMinutes(), date.getSeconds()].map(part => String(part).padStart(2, '0')).join(':');
}

export const LEVEL_STYLE: Record<LogLine['level'], Style | undefined> = {info: undefined, warn: {color: 'yellow'}, error: {color: 'red', bold: true}};

/** Log: limit changes, rejections, forced GCs, failures with their cause, pauses; most recent last. */
export function logLines({state, width, height, theme}: LineInput): StyledLine[] {
	const inner = contentWidth(width);
	const lines = contentLines(height);
	const shown = lines > 0 ? state.log.slice(-lines) : [];
	if (shown.length === 0) return [[seg('nothing yet', {dim: true})]];
	const withTime = inner >= 50;
	return shown.map(line => [
		...(withTime ? [seg(`${clock(line.at)} `, {dim: true})] : []),
		// Without colour the level is said in words.
		seg(`${line.level === 'info' || theme.color ? '' : `${line.level}: `}${withCount(line.text, line.count ?? 1)}`, LEVEL_STYLE[line.level]),
	]);
}

/** The panel's title, note and lines. */
export function logContent(input: LineInput): PanelContent {
	return {title: 'Log', lines: logLines(input)};
}
