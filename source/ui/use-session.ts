import {useCallback, useEffect, useLayoutEffect, useRef, useState} from 'react';
import type {SessionEvent} from '../session/events.js';
import {reduce} from './reduce.js';
import {initialState, type UiEvent, type ViewState} from './state.js';
import type {SessionPort} from './session-port.js';
import {DATA_FRAME_MS, FRAME_MS, TICK_MS} from './timing.js';

/** Events that answer a key press or change what the user is told: drawn at the next frame. */
const PROMPT: ReadonlySet<SessionEvent['type']> = new Set([
	'started',
	'queue',
	'limits',
	'limits-rejected',
	'paused',
	'resumed',
	'gc-forced',
	'track-skipped',
	'track-failed',
	'stopping',
	'finished',
]);

export type SessionView = {state: ViewState; now: number};

export type UseSessionOptions = {
	frameMs?: number;
	dataFrameMs?: number;
	tickMs?: number;
	/** Wall clock (ms since the epoch); tests pass a fixed one. */
	clock?: () => number;
	/** The library, known before the session starts: the first frame shows it as the starting frame did. */
	root?: string;
};

/**
 * Subscribes to a session and folds its events into view state at once (cheap), but hands a new state
 * to React at most once per frame: many events (GCs, samples, chunks) make one render. Answers to keys
 * are drawn within a frame (100 ms); figures that move by themselves once a second (htop and btop
 * refresh every 1.5–2 s by default). Returns the
 * state with the time it was taken at, and a dispatcher for the UI's own log lines.
 */
export function useSession(session: Pick<SessionPort, 'on'>, options: UseSessionOptions = {}): {view: SessionView; dispatch: (event: UiEvent) => void} {
	const frameMs = options.frameMs ?? FRAME_MS;
	const dataFrameMs = Math.max(frameMs, options.dataFrameMs ?? DATA_FRAME_MS);
	const tickMs = options.tickMs ?? TICK_MS;
	const clock = options.clock ?? Date.now;
	const clockRef = useRef(clock);
	clockRef.current = clock;
	const stateRef = useRef<ViewState>(initialState(options.root));
	const [view, setView] = useState<SessionView>(() => ({state: stateRef.current, now: clock()}));
	const timer = useRef<{handle: NodeJS.Timeout; at: number} | undefined>(undefined);
	const lastFrame = useRef(Number.NEGATIVE_INFINITY);
	const mounted = useRef(true);

	const flush = useCallback(() => {
		if (timer.current) clearTimeout(timer.current.handle);
		timer.current = undefined;
		lastFrame.current = performance.now();
		if (mounted.current) setView({state: stateRef.current, now: clockRef.current()});
	}, []);

	const schedule = useCallback(
		(prompt: boolean) => {
			const now = performance.now();
			const at = Math.max(now, lastFrame.current + (prompt ? frameMs : dataFrameMs));
			if (timer.current && timer.current.at <= at) return;
			if (timer.current) clearTimeout(timer.current.handle);
			timer.current = {handle: setTimeout(flush, at - now), at};
		},
		[flush, frameMs, dataFrameMs],
	);

	// A layout effect subscribes during the commit itself, before the caller can start the session.
	useLayoutEffect(() => {
		mounted.current = true;
		const off = session.on(event => {
			stateRef.current = reduce(stateRef.current, event, clockRef.current());
			schedule(PROMPT.has(event.type));
		});
		return () => {
			mounted.current = false;
			off();
			if (timer.current) clearTimeout(timer.current.handle);
			timer.current = undefined;
		};
	}, [session, schedule]);

	useEffect(() => {
		if (tickMs <= 0 || view.state.phase === 'finished') return;
		const ticker = setInterval(() => {
			if (!timer.current) flush();
		}, tickMs);
		ticker.unref?.();
		return () => clearInterval(ticker);
	}, [flush, tickMs, view.state.phase]);

	const dispatch = useCallback(
		(event: UiEvent) => {
			stateRef.current = reduce(stateRef.current, event, clockRef.current());
			schedule(true);
		},
		[schedule],
	);

	return {view, dispatch};
}
