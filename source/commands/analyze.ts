import fs from 'node:fs';
import {WorkerAnalyzerPool} from '../analysis/worker-pool.js';
import {excludeMatcher} from '../config/glob.js';
import {pickLimits} from '../config/limits.js';
import {EVENTS_FILE_ENV} from '../config/resolve.js';
import {onOutputClosed} from '../report/closed-output.js';
import {attachNdjsonReporter} from '../report/ndjson.js';
import {attachPlainReporter} from '../report/plain.js';
import {epochTable} from '../report/epochs.js';
import {summarySentence} from '../report/summary.js';
import type {AnalyzerPool} from '../analysis/analyzer.js';
import {AnalysisSession} from '../session/session.js';
import type {SessionEventSource} from '../session/events.js';
import {onStopSignals, signalExitCode} from '../util/signals.js';
import type {FfmpegLocation} from '../audio/ffmpeg-locate.js';
import {limitsSaver, requireLibrary, resolveFfmpeg, resolveFfmpegAsync, totalMemory, type RunContext} from './context.js';
import {LateSession} from './late-session.js';
import {altScreenOf} from '../ui/terminal.js';
import {wantsTui} from './live-start.js';
import {libraryRoot, playlistServiceFor} from './playlists.js';
import {keepSearchLibrary} from './store-tracks.js';
import {openStore} from './store.js';

export type AnalysisParts = {
	session: AnalysisSession;
	pool: AnalyzerPool;
	/** prepareReaders: make what `similar` and `path` derive from every track now, for a run that finished. */
	close: (options?: {prepareReaders?: boolean}) => Promise<void>;
};

/**
 * Builds a session from the resolved configuration, with its analyser pool and store. `ffmpeg` when
 * already located; `onStoreWait` says that another run holds the store (by default on stderr).
 */
export async function createAnalysis(
	context: RunContext,
	options: {ffmpeg?: Promise<FfmpegLocation>; onStoreWait?: (message: string) => void} = {},
): Promise<AnalysisParts> {
	const {config} = context;
	const root = requireLibrary(context);
	const ffmpeg = options.ffmpeg ? await options.ffmpeg : resolveFfmpeg(context);
	const store = await openStore(context, 'write', 'analyze', options.onStoreWait);
	const pool = new WorkerAnalyzerPool({workers: config.workers, frameSize: config.frameSize, hopSize: config.hopSize, engine: config.extractor});
	const session = new AnalysisSession({
		root,
		limits: pickLimits(config),
		ffmpeg,
		total: totalMemory(context),
		pool,
		sampleRate: config.sampleRate,
		extensions: config.extensions,
		isExcluded: excludeMatcher(config.exclude),
		store,
		retryFailed: context.args.run.retryFailed,
	});
	return {
		session,
		pool,
		async close({prepareReaders = false} = {}) {
			try {
				await pool.close();
				// Rather than at the first query after a run that changed the tracks (about 2 s at 40,000
				// tracks; nothing when none changed). Only an optimisation: a failure leaves it to that query.
				if (prepareReaders) {
					try {
						keepSearchLibrary(store, libraryRoot(context));
					} catch {}
				}
			} finally {
				store.close();
			}
		},
	};
}

/** `playlistgen [analyze] DIR`: the live view on a terminal, plain lines or NDJSON otherwise. */
export async function runAnalyze(context: RunContext): Promise<number> {
	return wantsTui(context.args, context.io) ? runLive(context) : runHeadless(context);
}

/**
 * Runs the session with the headless output (plain lines, or NDJSON with --json). SIGINT/SIGTERM stop
 * it gracefully; a second signal exits at once.
 */
export async function runHeadless(context: RunContext): Promise<number> {
	const {io} = context;
	const parts = await createAnalysis(context);
	const {session} = parts;
	const detachReporter = context.args.run.json ? attachNdjsonReporter(session, io.stdout) : attachPlainReporter(session, io.stdout, io.stderr);

	// A closed pipe (| head) stops the run as a signal would, without a word: what is stored stays.
	const stopListeningToOutput = onOutputClosed(io.stdout, () => {
		detachReporter();
		session.stop();
	});
	let signalled: NodeJS.Signals | undefined;
	const stopListening = onStopSignals(signal => {
		if (signalled) process.exit(signalExitCode(signal));
		signalled = signal;
		session.stop();
	});
	let finished = false;
	try {
		const summary = await session.run();
		finished = !summary.stopped && !summary.error;
	} finally {
		stopListening();
		await parts.close({prepareReaders: finished});
		stopListeningToOutput();
	}
	if (signalled) return signalExitCode(signalled);
	return session.fatalError ? 1 : 0;
}

/** Writes the session's events to PLAYLISTGEN_EVENTS_FILE while the live view runs, if it is set. */
function eventsFileReporter(session: SessionEventSource, env: NodeJS.ProcessEnv): () => Promise<void> {
	const file = env[EVENTS_FILE_ENV];
	if (!file) return async () => {};
	const out = fs.createWriteStream(file);
	const detach = attachNdjsonReporter(session, out);
	return async () => {
		detach();
		await new Promise<void>(resolve => out.end(resolve));
	};
}

/**
 * Runs the session in the live view, then leaves the summary on the terminal. A forced exit (q twice,
 * Ctrl-C) leaves at once: what still runs is not waited for, what was saved is kept.
 *
 * The first frame comes first: ffmpeg is asked for its version while the view's code loads, and the
 * store opens while the first frame is on screen (the view shows a session that is still starting).
 */
export async function runLive(context: RunContext): Promise<number> {
	const {io} = context;
	// A missing folder is a usage error, said before the screen changes.
	const library = requireLibrary(context);
	const ffmpeg = resolveFfmpegAsync(context);
	ffmpeg.catch(() => {});
	// The starting frame on screen at once (the CLI's entry may have put it there already); the view
	// takes it over once React, Ink and Yoga have loaded. Loaded here, not by headless runs.
	const {showStartingView} = await import('../ui/starting-view.js');
	showStartingView(io, library);
	const screen = altScreenOf(io.stdout, io.stdin);
	// Loaded only here: headless runs never load React and Ink. React's production build is chosen when
	// it is first loaded, and is several times cheaper per frame.
	const env = process.env; // not `process.env.NODE_ENV`, which the bundle replaces by its value
	env['NODE_ENV'] ??= 'production';
	const {runTui} = await import('../ui/run-tui.js').catch((error: unknown) => {
		screen.restore();
		throw error;
	});
	// Declared first: the store's wait messages go to the session that is built from what createAnalysis returns.
	// eslint-disable-next-line prefer-const
	let late!: LateSession;
	const created = createAnalysis(context, {ffmpeg, onStoreWait: message => late.log('warn', message)});
	late = new LateSession(
		pickLimits(context.config),
		created.then(parts => parts.session),
	);
	const closeEvents = eventsFileReporter(late, io.env);
	// The preview's build counts against the session's budget: under a tight one it waits for room.
	const playlists = playlistServiceFor(context, {
		make: async (bytes, what) => late.makeRoom(bytes, what),
		watch: pid => late.watchProcess(pid),
	});
	const outcome = await runTui({session: late, io, saveLimits: limitsSaver(context), playlists, screen, root: library});
	// A preview still building when the view closed must not keep the process alive.
	playlists.close();
	if (outcome.forced) {
		io.stderr.write('playlistgen: stopped at once; tracks finished so far are kept\n');
		await closeEvents().catch(() => {});
		process.exit(outcome.code);
	}
	await created.then(
		async parts => parts.close(),
		() => {},
	);
	await closeEvents();
	if (outcome.error) throw outcome.error;
	if (outcome.summary) io.stdout.write([summarySentence(outcome.summary), ...epochTable(outcome.summary.epochs)].map(line => `${line}\n`).join(''));
	return outcome.code;
}
