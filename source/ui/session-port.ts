import type {AnalysisSession} from '../session/session.js';

/** What the panels and keys use of a session: its events, its commands and the current limits. */
export type SessionPort = Pick<AnalysisSession, 'on' | 'setLimits' | 'togglePause' | 'skip' | 'forceGc' | 'stop' | 'limits' | 'paused'>;

/** What the live view's runner needs besides: starting the run, and killing it when the user forces the exit. */
export type LiveSession = SessionPort & Pick<AnalysisSession, 'run' | 'kill'>;
