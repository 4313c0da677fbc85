import type {TrackAnalysis} from '../analysis/types.js';
import type {SessionEvent, SessionEventSource, SessionSummary} from '../session/events.js';
import type {CueRef} from '../library/track.js';

type EventOf<Type extends SessionEvent['type']> = Extract<SessionEvent, {type: Type}>;

/** A CUE track in the stream: its sheet, number, title and performer, and where it lies in the image (seconds). */
export type CueRecord = {sheet: string; number: number; title?: string; performer?: string; startSeconds: number; endSeconds: number | null};

/**
 * One line of `--json` output: what scripts read. Times in seconds and sizes in bytes; percentages and
 * milliseconds rounded to 2 decimals, seconds of audio to 3.
 */
export type NdjsonRecord =
	| {
			type: 'started';
			root: string;
			totalBytes: number;
			totalSource: EventOf<'started'>['total']['source'];
			limits: EventOf<'started'>['limits'];
			workers: number;
			ffmpeg: EventOf<'started'>['ffmpeg'];
	  }
	| EventOf<'queue'>
	| {type: 'track-start'; path: string; index: number; total: number; cue?: CueRecord}
	| EventOf<'chunk'>
	| {
			type: 'memory';
			workingSetBytes: number;
			workingSetSource: EventOf<'memory'>['sample']['workingSetSource'];
			rssBytes: number;
			childRssBytes: EventOf<'memory'>['sample']['childRssBytes'];
			heapUsedBytes: number;
			systemUsedPercent: number;
			budgetBytes: number;
			budgetUsedPercent: number;
			floorBytes: EventOf<'memory'>['sample']['floorBytes'];
			limitPercent: number;
	  }
	| {
			type: 'gc';
			kind: EventOf<'gc'>['gc']['kind'];
			durationMs: number;
			forced: EventOf<'gc'>['gc']['forced'];
			routine: EventOf<'gc'>['gc']['routine'];
			thread: EventOf<'gc'>['gc']['thread'];
	  }
	| EventOf<'gc-forced'>
	| EventOf<'limits'>
	| EventOf<'limits-rejected'>
	| ({type: 'epoch'} & EventOf<'epoch'>['epoch'])
	/** An analysed track: its analysis' fields (none for an engine that describes nothing), then these. */
	| (Partial<TrackAnalysis> & {
			type: 'track';
			path: string;
			durationSeconds: number;
			chunks: number;
			partial: boolean;
			tags: EventOf<'track-done'>['tags'];
			cue?: CueRecord;
	  })
	| {type: 'error'; path: string; message: string}
	| {type: 'skipped'; path: string}
	| {type: 'log'; level: EventOf<'log'>['level']; message: string}
	| {type: 'paused' | 'resumed' | 'stopping'}
	| (Omit<SessionSummary, 'type'> & {type: 'summary'});

/** The NDJSON record for a session event, or undefined for events the stream leaves out. */
export function toRecord(event: SessionEvent): NdjsonRecord | undefined {
	switch (event.type) {
		case 'started':
			return {
				type: 'started',
				root: event.root,
				totalBytes: event.total.totalBytes,
				totalSource: event.total.source,
				limits: event.limits,
				workers: event.workers,
				ffmpeg: event.ffmpeg,
			};
		case 'queue':
			return {type: 'queue', total: event.total, toAnalyse: event.toAnalyse, unchanged: event.unchanged, failedBefore: event.failedBefore};
		case 'track-start':
			return {type: 'track-start', path: event.path, index: event.index, total: event.total, ...(event.cue ? {cue: cueRecord(event.cue)} : {})};
		case 'chunk': {
			const {type, ...rest} = event;
			return {type, ...rest};
		}
		case 'memory': {
			const {sample} = event;
			return {
				type: 'memory',
				workingSetBytes: sample.workingSetBytes,
				workingSetSource: sample.workingSetSource,
				rssBytes: sample.rssBytes,
				childRssBytes: sample.childRssBytes,
				heapUsedBytes: sample.heapUsedBytes,
				systemUsedPercent: round(sample.systemUsedPercent),
				budgetBytes: sample.budgetBytes,
				budgetUsedPercent: round(sample.budgetUsedPercent),
				floorBytes: sample.floorBytes,
				limitPercent: sample.limitPercent,
			};
		}
		case 'gc':
			return {
				type: 'gc',
				kind: event.gc.kind,
				durationMs: round(event.gc.durationMs),
				forced: event.gc.forced,
				routine: event.gc.routine,
				thread: event.gc.thread,
			};
		case 'gc-forced':
			return {
				type: 'gc-forced',
				reason: event.reason,
				budgetUsedPercent: round(event.budgetUsedPercent),
				heapBeforeBytes: event.heapBeforeBytes,
				heapAfterBytes: event.heapAfterBytes,
			};
		case 'limits':
			return {type: 'limits', limits: event.limits, changed: event.changed, workers: event.workers};
		case 'limits-rejected':
			return {type: 'limits-rejected', errors: event.errors};
		case 'epoch':
			return {type: 'epoch', ...event.epoch};
		case 'track-done':
			return {
				...event.analysis,
				type: 'track',
				path: event.path,
				durationSeconds: round(event.durationSeconds, 3),
				chunks: event.chunks,
				partial: event.partial,
				tags: event.tags,
				...(event.cue ? {cue: cueRecord(event.cue)} : {}),
			};
		case 'track-failed':
			return {type: 'error', path: event.path, message: event.message};
		case 'track-skipped':
			return {type: 'skipped', path: event.path};
		case 'log':
			return {type: 'log', level: event.level, message: event.message};
		case 'paused':
		case 'resumed':
		case 'stopping':
			return {type: event.type};
		case 'finished': {
			const {summary} = event;
			return {...summary, type: 'summary', audioSeconds: round(summary.audioSeconds, 3), wallSeconds: round(summary.wallSeconds, 3)};
		}
		case 'scan':
		case 'track-info':
			return undefined;
	}
}

function cueRecord(cue: CueRef): CueRecord {
	return {
		sheet: cue.sheet,
		number: cue.number,
		...(cue.title ? {title: cue.title} : {}),
		...(cue.performer ? {performer: cue.performer} : {}),
		startSeconds: round(cue.startSeconds, 3),
		endSeconds: cue.endSeconds === undefined ? null : round(cue.endSeconds, 3),
	};
}

function round(value: number, digits = 2): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

/** Writes one JSON object per line on the stream; memory samples at most once a second. */
export function attachNdjsonReporter(session: SessionEventSource, out: NodeJS.WritableStream, memoryEveryMs = 1000): () => void {
	let lastMemory = 0;
	return session.on(event => {
		if (event.type === 'memory') {
			if (event.sample.at - lastMemory < memoryEveryMs) return;
			lastMemory = event.sample.at;
		}
		const record = toRecord(event);
		if (record) out.write(`${JSON.stringify(record)}\n`);
	});
}
