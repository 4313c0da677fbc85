import {render} from 'ink';
import type {Limits} from '../config/limits.js';
import type {PlaylistService} from '../playlists/types.js';
import type {SessionSummary} from '../session/events.js';
import {onStopSignals, signalExitCode} from '../util/signals.js';
import {App, type QuitRequest} from './app.js';
import {takeOverFrames} from './starting-view.js';
import {AltScreen} from './terminal.js';
import type {LiveSession} from './session-port.js';
import {colorWanted} from './color.js';
import {FRAME_MS} from './timing.js';

export type TuiOptions = {
	/** The session to show and steer; runTui starts it once the view listens. */
	session: LiveSession;
	io: {stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv};
	/** Saves limits to the configuration file, resolving with its path (the `S` key). */
	saveLimits?: (limits: Limits) => Promise<string>;
	/** Builds and writes playlists (the `w` preview). */
	playlists?: PlaylistService;
	/** The alternate screen if the caller entered it already (to show the starting frame while this loads). */
	screen?: AltScreen;
	/** The library, shown in the header from the first frame on (as the starting frame shows it). */
	root?: string;
};

/**
 * How the view ended: the exit status, whether the user forced it (the caller exits at once, without
 * waiting for what still runs), the error that ended it if any, and the session's summary when the
 * analysis got that far.
 */
export type TuiOutcome = {code: number; forced: boolean; error?: unknown; summary?: SessionSummary};

/**
 * Shows the session in the live view until the user leaves. q stops gracefully (children stopped, what
 * is analysed kept) and exits 0; q again forces. Ctrl-C forces (130). SIGINT/SIGTERM/SIGHUP stop
 * gracefully and exit 130/143/129; a second signal forces. Once the analysis has finished the view
 * stays until q. The terminal is restored on every path; a forced outcome returns at once, with the
 * session killed but not waited for.
 */
export async function runTui({session, io, saveLimits, playlists, screen, root}: TuiOptions): Promise<TuiOutcome> {
	const terminal = screen ?? new AltScreen(io.stdout, io.stdin);
	let settle!: (outcome: TuiOutcome) => void;
	const outcome = new Promise<TuiOutcome>(resolve => {
		settle = resolve;
	});
	let finished = false;
	let leaving: number | undefined;
	let summary: SessionSummary | undefined;

	const force = (code: number) => {
		session.kill();
		settle({code, forced: true});
	};
	const leave = (code: number) => {
		if (leaving !== undefined) return force(leaving);
		leaving = code;
		if (finished) settle({code, forced: false});
		else session.stop();
	};
	const onQuit = (request: QuitRequest) => {
		if (request === 'interrupt') force(signalExitCode('SIGINT'));
		else if (request === 'force') force(0);
		else leave(0);
	};
	const stopListening = onStopSignals(signal => leave(signalExitCode(signal)));

	terminal.enter();
	// The view hands its frames to the writer as rows (Ink, in debug mode, hands over the playlists
	// preview's), which puts only the changed lines on screen: the starting frame's writer, if it drew.
	const writer = takeOverFrames(io.stdout);
	// Keys typed at the starting frame (held there, not echoed over it) go to the view once it reads keys.
	const typedAhead = await terminal.releaseKeys();
	const instance = render(
		<App
			session={session}
			onQuit={onQuit}
			onRedraw={() => writer.invalidate()}
			onFrame={rows => writer.frame(rows)}
			color={colorWanted(io.env)}
			saveLimits={saveLimits}
			playlists={playlists}
			frameMs={FRAME_MS}
			root={root}
		/>,
		{stdout: writer as unknown as NodeJS.WriteStream, stdin: io.stdin, stderr: io.stderr, debug: true, exitOnCtrlC: false, patchConsole: false},
	);
	let closed = false;
	void replayKeys(io.stdin, typedAhead, () => closed);
	instance.waitUntilExit().then(
		() => settle({code: leaving ?? 0, forced: false}),
		(error: unknown) => {
			session.stop();
			settle({code: 1, forced: false, error});
		},
	);

	const run = session.run().then(
		result => {
			summary = result;
			finished = true;
			if (leaving !== undefined) settle({code: leaving, forced: false});
		},
		(error: unknown) => {
			finished = true;
			settle({code: 1, forced: false, error});
		},
	);

	const result = await outcome;
	closed = true;
	stopListening();
	instance.unmount();
	writer.close();
	terminal.restore();
	if (result.forced) return result;
	await run;
	io.stdin.pause();
	return summary ? {...result, summary} : result;
}

/**
 * Hands the keys typed at the starting frame to the view once Ink reads the keyboard, one key per
 * read: Ink takes what waits in stdin as one input, and "p+" is no key.
 */
async function replayKeys(stdin: NodeJS.ReadStream, keys: readonly string[], closed: () => boolean): Promise<void> {
	for (const key of keys) {
		while (stdin.listenerCount('readable') === 0) {
			if (closed()) return;
			await new Promise(resolve => setTimeout(resolve, 10));
		}
		stdin.unshift(key);
		await new Promise(resolve => setImmediate(resolve));
	}
}
