import {locateFfmpeg} from '../../source/audio/ffmpeg-locate.js';
import {AUDIO_EXTENSIONS} from '../../source/config/options.js';
import {detectTotalMemory} from '../../source/memory/total.js';
import type {AnalyzerPool} from '../../source/analysis/analyzer.js';
import {LevelAnalyzerPool} from './level-analyzer.js';
import type {SessionEvent} from '../../source/session/events.js';
import {defaultLimits as productDefaults, type Limits} from '../../source/config/limits.js';
import {AnalysisSession, type SessionOptions} from '../../source/session/session.js';

/** The default limits, on one worker so that tests see one track at a time. */
export const defaultLimits: Limits = {...productDefaults(), workers: 1};

/** A real session (real ffmpeg, real scan) over `root`, collecting its events. */
export function createTestSession(
	root: string,
	options: {limits?: Partial<Limits>; pool?: AnalyzerPool; ram?: number} & Partial<Omit<SessionOptions, 'limits'>> = {},
): {session: AnalysisSession; events: SessionEvent[]} {
	const {limits, pool, ram, ...rest} = options;
	const session = new AnalysisSession({
		root,
		limits: {...defaultLimits, ...limits},
		ffmpeg: locateFfmpeg(),
		total: detectTotalMemory({ram}),
		pool: pool ?? new LevelAnalyzerPool(),
		sampleRate: 22_050,
		extensions: AUDIO_EXTENSIONS,
		sampleIntervalMs: 100,
		...rest,
	});
	const events: SessionEvent[] = [];
	session.on(event => events.push(event));
	return {session, events};
}

export function ofType<T extends SessionEvent['type']>(events: SessionEvent[], type: T): Array<Extract<SessionEvent, {type: T}>> {
	return events.filter((event): event is Extract<SessionEvent, {type: T}> => event.type === type);
}
