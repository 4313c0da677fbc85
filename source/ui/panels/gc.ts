import type {PanelContent} from '../box.js';
import {compactBytes, milliseconds} from '../format.js';
import {gcEventText, gcKindsInOrder} from '../labels.js';
import {cellWidth, seg, type StyledLine} from '../text.js';
import {contentLines, contentWidth, type LineInput} from './types.js';

/** GC: collections per kind with their count and pauses, forced ones, worker threads, the latest events. */
export function gcLines({state, width, height}: LineInput): StyledLine[] {
	const inner = contentWidth(width);
	const lines = contentLines(height);
	const kinds = gcKindsInOrder(state);
	const {gc} = state;
	if (kinds.length === 0 && gc.forcedByCommand + gc.forcedByThreshold === 0) return [[seg('no collection yet')]];
	const countWidth = Math.max(1, ...kinds.map(([, totals]) => String(totals.count).length));
	const kindRows: StyledLine[] = kinds.slice(0, Math.max(1, lines - 2)).map(([kind, totals]) => {
		const average = totals.count > 0 ? totals.totalMs / totals.count : 0;
		return [seg(`${kind.padEnd(11)} ${String(totals.count).padStart(countWidth)} × ${milliseconds(average)}  Σ ${milliseconds(totals.totalMs)}`)];
	});
	const forced = gc.forcedByCommand + gc.forcedByThreshold;
	const last = gc.lastForced;
	// What the latest forced GC freed: a forced GC that frees nothing is a cost, not a cure.
	const freed = last ? `: heap ${compactBytes(last.heapBeforeBytes)}→${compactBytes(last.heapAfterBytes)}` : '';
	const summary: StyledLine = [seg(`forced ${forced} (g ${gc.forcedByCommand}, threshold ${gc.forcedByThreshold})${freed} · in workers ${gc.byThread.worker}`)];
	const latestRows = Math.max(1, lines - kindRows.length - 1);
	const latest: StyledLine[] = [];
	if (latestRows === 1) {
		// One line: as many of the latest events as fit, most recent first.
		const line: StyledLine = [seg('latest', {dim: true})];
		let used = 6;
		for (const event of gc.latest) {
			const text = `${used === 6 ? ' ' : ', '}${gcEventText(event)}`;
			if (used + cellWidth(text) > inner) break;
			line.push(seg(text, event.forced && !event.routine ? {color: 'yellow', bold: true} : undefined));
			used += cellWidth(text);
		}
		latest.push(line);
	} else {
		for (const [index, event] of gc.latest.slice(0, latestRows).entries()) {
			latest.push([
				seg(index === 0 ? 'latest ' : '       ', {dim: true}),
				seg(gcEventText(event), event.forced && !event.routine ? {color: 'yellow', bold: true} : undefined),
			]);
		}
	}
	return [...kindRows, summary, ...latest];
}

/** The panel's title, note and lines. */
export function gcContent(input: LineInput): PanelContent {
	return {title: 'GC', note: 'count × mean, Σ pause', lines: gcLines(input)};
}
