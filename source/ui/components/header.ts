import {showText} from '../../util/raw-path.js';
import {formatDuration} from '../../util/units.js';
import {derive} from '../derive.js';
import type {ViewState} from '../state.js';
import {cellWidth, fitCells, seg, type Color, type StyledLine} from '../text.js';

export function statusWord(state: ViewState): {text: string; color: Color} {
	if (state.phase === 'finished') return state.summary?.stopped ? {text: 'stopped', color: 'yellow'} : {text: 'finished', color: 'green'};
	if (state.phase === 'stopping') return {text: 'stopping…', color: 'yellow'};
	if (state.paused) return {text: 'PAUSED', color: 'yellow'};
	if (state.phase === 'analysing') return {text: 'analysing', color: 'green'};
	if (state.phase === 'scanning') return {text: 'scanning…', color: 'cyan'};
	return {text: 'starting…', color: 'cyan'};
}

/** One line: the program, what it is doing, the library, and the clock. */
export function headerLine(state: ViewState, now: number, width: number): StyledLine {
	const status = statusWord(state);
	const clock = formatDuration(derive(state, now).elapsedSeconds);
	const left = 'playlistgen ';
	const rootWidth = Math.max(0, width - left.length - status.text.length - 2 - clock.length);
	// Escaped: a folder name with a line break or an escape sequence must not steer the terminal.
	const root = state.root ? fitCells(` ${showText(state.root)}`, rootWidth, 'start') : '';
	return [
		seg(left, {bold: true}),
		seg(status.text, {bold: true, color: status.color, inverse: state.paused && state.phase !== 'finished'}),
		seg(root + ' '.repeat(Math.max(0, rootWidth - cellWidth(root)) + 1)),
		seg(clock, {dim: true}),
	];
}
