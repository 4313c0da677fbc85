import {render} from 'ink';
import type {Limits} from '../config/limits.js';
import type {PlaylistService} from '../playlists/types.js';
import type {SessionSummary} from '../session/events.js';
import {onStopSignals, signalExitCode} from '../util/signals.js';
import {App, type QuitRequest} from './app.js';
import {FrameWriter} from './screen.js';
import {AltScreen} from './terminal.js';
import type {LiveSession} from './session-port.js';
import {colorWanted} from './theme.js';
import {FRAME_MS} from './timing.js';

export type TuiOptions = {
	/** The session to show and steer; runTui starts it once the view listens. */
	session: LiveSession;
	io: {stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv};
	/** Saves limits to the configuration file, resolving with its path (the `S` key). */
	saveLimits?: (limits: Limits) => Promise<string>;
	/** Builds and writes playlists (the `w` preview). */
	playlists?: PlaylistService;
	/** The alternate screen if the caller entered it already (to show a first line while this loads). */
	screen?: AltScreen;
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
export async function runTui({session, io, saveLimits, playlists, screen}: TuiOptions): Promise<TuiOutcome> {
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
	// preview's), which puts only the changed lines on screen.
	const writer = new FrameWriter(io.stdout, {minFrameMs: FRAME_MS});
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
		/>,
		{stdout: writer as unknown as NodeJS.WriteStream, stdin: io.stdin, stderr: io.stderr, debug: true, exitOnCtrlC: false, patchConsole: false},
	);
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
	stopListening();
	instance.unmount();
	writer.close();
	terminal.restore();
	if (result.forced) return result;
	await run;
	io.stdin.pause();
	return summary ? {...result, summary} : result;
}
