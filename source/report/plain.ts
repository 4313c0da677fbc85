import type {SessionEventSource} from '../session/events.js';
import {budgetBytes} from '../memory/budget.js';
import {pathInLibrary} from '../util/paths.js';
import {showText} from '../util/raw-path.js';
import {epochTable} from './epochs.js';
import {summarySentence} from './summary.js';
import {RepeatFolder} from '../util/repeats.js';
import {formatBytes, formatDuration} from '../util/units.js';

/**
 * Plain lines for logs and cron: one per finished track on stdout, failures on stderr, a summary. Names,
 * tags and messages are shown with control characters and bytes that are not UTF-8 escaped, so that a
 * name can neither split a line nor steer the terminal.
 */
export function attachPlainReporter(session: SessionEventSource, out: NodeJS.WritableStream, err: NodeJS.WritableStream): () => void {
	let root = '';
	let total = 0;
	let finished = 0;
	// Failures met by the scan come before the queue and are not among its tracks.
	let queued = false;
	const name = (file: string) => showText(pathInLibrary(root, file));
	const counter = () => `[${String(finished).padStart(String(total).length)}/${total}]`;
	// Warnings said again and again are written once, then once more with their count.
	const repeats = new RepeatFolder();
	const flushRepeats = () => {
		for (const line of repeats.flush()) err.write(`${line}\n`);
	};
	return session.on(event => {
		switch (event.type) {
			case 'started':
				root = event.root;
				out.write(
					`playlistgen: analysing ${event.root}\n` +
						`memory budget ${formatBytes(budgetBytes(event.total, event.limits.memoryLimitPercent))} ` +
						`(${event.limits.memoryLimitPercent}% of ${formatBytes(event.total.totalBytes)}, ${event.total.source}), ` +
						`${event.workers} worker${event.workers === 1 ? '' : 's'}, ffmpeg ${event.ffmpeg.version} (${event.ffmpeg.source})\n`,
				);
				break;
			case 'queue':
				total = event.toAnalyse;
				// Said again when an image's own sheet adds its tracks: the counter follows, quietly.
				if (queued) break;
				queued = true;
				out.write(
					`${event.total} tracks found: ${event.toAnalyse} to analyse, ${event.unchanged} unchanged` +
						(event.failedBefore > 0 ? `, ${event.failedBefore} failed before (use --retry-failed)` : '') +
						'\n',
				);
				break;
			case 'track-done': {
				finished++;
				const {tags} = event;
				const label = tags.artist && tags.title ? `  ${showText(tags.artist)} - ${showText(tags.title)}` : '';
				const {analysis} = event;
				const traits = [analysis?.bpm ? `${Math.round(analysis.bpm)} BPM` : '', analysis?.key ?? '', event.partial ? 'partial' : ''].filter(Boolean);
				out.write(
					`done ${counter()} ${name(event.path)}${event.cue ? ` #${String(event.cue.number).padStart(2, '0')}` : ''}  ${formatDuration(event.durationSeconds)}` +
						`${traits.length > 0 ? `  ${traits.join(', ')}` : ''}${label}\n`,
				);
				break;
			}
			case 'track-failed':
				if (queued) finished++;
				err.write(`FAILED ${name(event.path)}: ${showText(event.message)}\n`);
				break;
			case 'track-skipped':
				finished++;
				out.write(`skipped ${counter()} ${name(event.path)}\n`);
				break;
			case 'log':
				if (event.level !== 'info') for (const line of repeats.push(`${event.level}: ${showText(event.message)}`)) err.write(`${line}\n`);
				break;
			case 'stopping':
				err.write('stopping: finishing nothing new, tracks already analysed are kept\n');
				break;
			case 'finished': {
				flushRepeats();
				out.write(`${summarySentence(event.summary)}\n`);
				for (const line of epochTable(event.summary.epochs)) out.write(`${line}\n`);
				if (event.summary.error) err.write(`error: ${event.summary.error}\n`);
				break;
			}
			default:
				break;
		}
	});
}
