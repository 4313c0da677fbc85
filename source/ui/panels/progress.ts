import {peakMemoryText} from '../../report/summary.js';
import {formatDuration, formatSpeed} from '../../util/units.js';
import type {PanelContent} from '../box.js';
import {bar, seconds} from '../format.js';
import {derive} from '../derive.js';
import type {ActiveTrackView} from '../state.js';
import {cellWidth, fitCells, seg, type StyledLine} from '../text.js';
import {contentLines, contentWidth, type LineInput} from './types.js';

function trackLine(track: ActiveTrackView, width: number): StyledLine {
	const known = track.durationSeconds !== undefined && track.durationSeconds > 0;
	const position = known
		? `${formatDuration(track.positionSeconds)}/${formatDuration(track.durationSeconds!)}`
		: `${formatDuration(track.positionSeconds)} read`;
	const barWidth = known && width >= 30 ? Math.min(20, Math.max(6, Math.floor(width / 5))) : 0;
	const nameWidth = Math.max(4, width - 2 - position.length - 1 - (barWidth > 0 ? barWidth + 1 : 0));
	const name = fitCells(track.name, nameWidth, 'start');
	const percent = known ? (track.positionSeconds / track.durationSeconds!) * 100 : 0;
	return [
		seg('▸ ', {color: 'cyan'}),
		seg(name + ' '.repeat(Math.max(0, nameWidth - cellWidth(name))) + ' '),
		...(barWidth > 0 ? [seg(bar(percent, barWidth), {color: 'cyan'}), seg(' ')] : []),
		seg(position),
	];
}

/**
 * Progress: tracks done out of the queue, failures, unchanged tracks, the track(s) in work with their
 * own position, audio analysed, speed against realtime and the ETA. Once finished, the run's summary.
 */
export function progressLines({state, now, width, height}: LineInput): StyledLine[] {
	const inner = contentWidth(width);
	const lines = contentLines(height);
	const {summary} = state;
	if (summary) {
		const realtime = summary.wallSeconds > 0 ? summary.audioSeconds / summary.wallSeconds : 0;
		const counts = `${summary.chunks} chunks · ${summary.backpressureWaits} waits · ${summary.forcedGcs} forced GCs`;
		// The peak the budget counts, as the summary on exit states it; on its own line when there is
		// room, else first on the line with the counts, so that a cut takes the counts.
		const memory: StyledLine[] =
			lines >= 5 ? [[seg(peakMemoryText(summary, inner))], [seg(counts)]] : [[seg(`${peakMemoryText(summary, inner - counts.length - 3)} · ${counts}`)]];
		return [
			[
				seg(
					`${summary.tracks} analysed · ${summary.failed} failed · ${summary.unchanged} unchanged${state.skippedNow > 0 ? ` · ${state.skippedNow} skipped` : ''}`,
					{bold: true},
				),
			],
			[seg(`${formatDuration(summary.audioSeconds)} of audio in ${seconds(summary.wallSeconds)} · ${formatSpeed(realtime)} realtime`)],
			...memory,
			[seg('w', {bold: true}), seg(' preview playlists · '), seg('q', {bold: true}), seg(' quit')],
		];
	}
	if (!state.queue) return [[seg(state.phase === 'starting' ? 'starting…' : `scanning… ${state.scanFound} files found`)]];
	const d = derive(state, now);
	const counts = [
		`done ${d.finished}/${d.toAnalyse}`,
		`failed ${state.failed}`,
		`unchanged ${state.queue.unchanged}`,
		...(state.skippedNow > 0 ? [`skipped ${state.skippedNow}`] : []),
	].join(' · ');
	const trackRows = Math.max(1, lines - 3);
	const shown = state.active.slice(0, trackRows);
	const hidden = state.active.length - shown.length;
	const rows: StyledLine[] = [[seg(counts)]];
	if (shown.length === 0) rows.push([seg(state.phase === 'stopping' ? 'stopping…' : 'no track in work', {dim: true})]);
	for (const track of shown) rows.push(trackLine(track, inner));
	while (rows.length < 1 + trackRows) rows.push([]);
	const eta = d.etaSeconds === undefined ? 'ETA --:--' : `ETA ${formatDuration(d.etaSeconds)}`;
	rows.push([seg(`audio ${formatDuration(state.audioSeconds)} · ${formatSpeed(d.realtime)} realtime · ${eta}`)]);
	const status = state.paused ? 'paused' : state.phase === 'stopping' ? 'stopping…' : state.active.length > 0 ? 'analysing' : 'waiting';
	rows.push([
		seg(`${Math.floor(d.fraction * 100)}% · elapsed ${formatDuration(d.activeSeconds)}${hidden > 0 ? ` · +${hidden} in work` : ''} · `),
		seg(status, state.paused ? {bold: true, color: 'yellow', inverse: true} : undefined),
	]);
	return rows;
}

/** The panel's title (Finished or Stopped once the run is over) and lines. */
export function progressContent(input: LineInput): PanelContent {
	const title = input.state.summary ? (input.state.summary.stopped ? 'Stopped' : 'Finished') : 'Progress';
	return {title, lines: progressLines(input)};
}
