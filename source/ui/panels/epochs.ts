import {bestEpochLine, epochHeader, epochRow, epochSettings} from '../../report/epochs.js';
import {bestEpoch} from '../../session/epochs.js';
import type {PanelContent} from '../box.js';
import {viewEpochs} from '../epochs.js';
import {seg, type StyledLine} from '../text.js';
import type {ViewState} from '../state.js';
import {contentLines} from './types.js';

const RUNNING = '▸';
const LEGEND = 'peak, median: of the budget · ~chunk: median';

/**
 * The settings epochs as a table: a row per epoch (the running one marked ▸, its figures as of now),
 * the fastest setting within its budget once there are two to compare, and how to keep one (S).
 */
export function epochsLines({state, now, height}: {state: ViewState; now: number; height: number}): StyledLine[] {
	const {epochs, running} = viewEpochs(state, now);
	if (epochs.length === 0) return [[seg('no epoch yet: the first begins when the first track is read')]];
	const best = epochs.length >= 2 ? bestEpoch(epochs) : undefined;
	const footer: StyledLine[] = [];
	if (epochs.length >= 2) {
		footer.push([seg(bestEpochLine(epochs)!, {bold: true})]);
		const limits = state.limits;
		const inForce = limits ? epochSettings({...epochs.at(-1)!, limits}) : undefined;
		footer.push([
			seg('S', {bold: true, color: 'cyan'}),
			seg(
				best && best.index === running
					? ' saves them: they are the settings in force now'
					: ` saves the settings in force now${inForce ? ` (${inForce})` : ''}`,
			),
		]);
	} else {
		footer.push([seg('change a limit (+/-, ]/[, }/{) to begin the next epoch and compare')]);
	}
	const room = Math.max(1, contentLines(height) - 2 - footer.length);
	const shown = epochs.slice(-room);
	const hidden = epochs.length - shown.length;
	footer.push([
		seg(`${hidden > 0 ? `${hidden} earlier not shown` : `${running === undefined ? '' : `${RUNNING} running · `}* fastest`} · ${LEGEND}`, {dim: true}),
	]);
	return [
		[seg(` ${epochHeader()}`, {bold: true})],
		...shown.map((epoch): StyledLine => {
			const row = `${epoch.index === running ? RUNNING : ' '}${epochRow(epoch, epoch === best)}`;
			return [seg(row, epoch.index === running ? {bold: true} : undefined)];
		}),
		...footer,
	];
}

/** The `t` overlay, the epochs table over the panels: its title, note and lines. */
export function epochsContent(input: {state: ViewState; now: number; height: number}): PanelContent {
	return {title: 'Settings epochs', note: 't or Esc closes', lines: epochsLines(input)};
}
