import type {AnalysisSession} from '../session/session.js';

/** What the UI uses of a session: its events, its commands and the current limits. */
export type SessionPort = Pick<AnalysisSession, 'on' | 'setLimits' | 'togglePause' | 'skip' | 'forceGc' | 'stop' | 'limits' | 'paused'>;
