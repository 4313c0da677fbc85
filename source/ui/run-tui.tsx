import fs from 'node:fs';
import {render} from 'ink';
import {createAnalysis} from '../commands/analyze.js';
import type {RunContext} from '../commands/context.js';
import {attachNdjsonReporter} from '../headless/ndjson.js';
import type {PlaylistService} from '../playlists/types.js';
import type {SessionSummary} from '../session/events.js';
import type {Limits} from '../config/limits.js';
import type {AnalysisSession} from '../session/session.js';
import {formatBytes, formatDuration} from '../util/size.js';
import {App, type QuitRequest} from './app.js';
import {speed} from './format.js';
import {FrameWriter} from './screen.js';
import {colorWanted} from './theme.js';

export type TuiOptions = {
	/** Saves limits to the configuration file, resolving with its path (the `S` key). */
	saveLimits?: (limits: Limits) => Promise<string>;
	/** Builds and writes playlists (the `w` preview). */
	playlists?: PlaylistService;
};

/**
 * A debugging channel: with PLAYLISTGEN_EVENTS_FILE=path, the session's events are also written there
 * as NDJSON (the same records as --json), while the TUI runs. The end-to-end tests read it.
 */
export const EVENTS_FILE_ENV = 'PLAYLISTGEN_EVENTS_FILE';

/** At most 10 frames a second: enough to watch, cheap on a NAS. */
export const FRAME_MS = 100;

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129};

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H\u001B[2J\u001B[?25l';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

/** The alternate screen, left again (cursor shown, raw mode off) on every way out, even process.exit(). */
class Terminal {
	#active = false;

	constructor(
		private readonly stdout: NodeJS.WriteStream,
		private readonly stdin: NodeJS.ReadStream,
	) {}

	enter(): void {
		if (this.#active || !this.stdout.isTTY) return;
		this.#active = true;
		this.stdout.write(ENTER_ALT_SCREEN);
		process.on('exit', this.restore);
	}

	restore = (): void => {
		if (!this.#active) return;
		this.#active = false;
		process.off('exit', this.restore);
		try {
			if (this.stdin.isTTY && this.stdin.isRaw) this.stdin.setRawMode(false);
		} catch {}
		this.stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
	};
}

/** Stops every ffmpeg child now (the graceful stop sends SIGTERM and waits; a forced exit cannot). */
function killChildren(session: AnalysisSession): void {
	for (const track of session.activeTracks) {
		const pid = track.decoder.pid;
		if (pid === undefined) continue;
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
}

function summaryLine(summary: SessionSummary): string {
	const realtime = summary.wallSeconds > 0 ? summary.audioSeconds / summary.wallSeconds : 0;
	return (
		`${summary.stopped ? 'stopped' : 'finished'}: ${summary.tracks} analysed, ${summary.failed} failed, ${summary.unchanged} unchanged; ` +
		`${formatDuration(summary.audioSeconds)} of audio in ${summary.wallSeconds.toFixed(1)} s (${speed(realtime)} realtime), ` +
		`peak memory ${formatBytes(summary.peakRssBytes)}\n`
	);
}

/**
 * Runs the analysis with the live view. q stops gracefully (children stopped, what is analysed kept)
 * and exits 0; q again forces. Ctrl-C forces (130). SIGINT/SIGTERM/SIGHUP stop gracefully and exit
 * 130/143/129; a second signal forces. Once the analysis has finished the view stays until q.
 * The terminal is restored on every path.
 */
export async function runTui(context: RunContext, options: TuiOptions = {}): Promise<number> {
	const {io} = context;
	const parts = await createAnalysis(context);
	const {session} = parts;

	const eventsFile = io.env[EVENTS_FILE_ENV];
	let closeEvents = async () => {};
	if (eventsFile) {
		const out = fs.createWriteStream(eventsFile);
		const detach = attachNdjsonReporter(session, out);
		closeEvents = async () => {
			detach();
			await new Promise<void>(resolve => out.end(resolve));
		};
	}

	const terminal = new Terminal(io.stdout, io.stdin);
	let settle!: (outcome: {code: number; forced: boolean; error?: unknown}) => void;
	const outcome = new Promise<{code: number; forced: boolean; error?: unknown}>(resolve => {
		settle = resolve;
	});
	let finished = false;
	let leaving: number | undefined;
	let summary: SessionSummary | undefined;

	const force = (code: number) => {
		session.stop();
		killChildren(session);
		settle({code, forced: true});
	};
	const leave = (code: number) => {
		if (leaving !== undefined) return force(leaving);
		leaving = code;
		if (finished) settle({code, forced: false});
		else session.stop();
	};
	const onQuit = (request: QuitRequest) => {
		if (request === 'interrupt') force(130);
		else if (request === 'force') force(0);
		else leave(0);
	};
	const onSignal = (signal: NodeJS.Signals) => leave(SIGNAL_EXIT[signal] ?? 1);
	const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const signal of signals) process.on(signal, onSignal);

	terminal.enter();
	// Ink hands whole frames to the writer (debug mode), which puts only the changed lines on screen.
	const writer = new FrameWriter(io.stdout, {minFrameMs: FRAME_MS});
	const instance = render(
		<App
			session={session}
			onQuit={onQuit}
			onRedraw={() => writer.invalidate()}
			color={colorWanted(io.env)}
			saveLimits={options.saveLimits}
			playlists={options.playlists}
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
	for (const signal of signals) process.off(signal, onSignal);
	instance.unmount();
	writer.close();
	terminal.restore();
	if (result.forced) {
		io.stderr.write('playlistgen: stopped at once; tracks finished so far are kept\n');
		await closeEvents().catch(() => {});
		// Whatever still runs (a decoder's exit, a pool) is not waited for.
		process.exit(result.code);
	}
	await run;
	await parts.close();
	await closeEvents();
	io.stdin.pause();
	if (result.error) throw result.error;
	if (summary) io.stdout.write(summaryLine(summary));
	return result.code;
}
