import os from 'node:os';

/** The signals that stop a run gracefully (and at once when one comes again). */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The exit status for a signal, as shells report it: 128 + its number (SIGINT 130, SIGTERM 143, SIGHUP 129). */
export function signalExitCode(signal: NodeJS.Signals): number {
	const number = os.constants.signals[signal];
	return number === undefined ? 1 : 128 + number;
}

/** Calls `handler` on each stop signal until the returned function is called. */
export function onStopSignals(handler: (signal: NodeJS.Signals) => void): () => void {
	for (const signal of STOP_SIGNALS) process.on(signal, handler);
	return () => {
		for (const signal of STOP_SIGNALS) process.off(signal, handler);
	};
}
