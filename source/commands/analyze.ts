import {excludeMatcher} from '../config/glob.js';
import {attachNdjsonReporter} from '../headless/ndjson.js';
import {attachPlainReporter} from '../headless/plain.js';
import {WorkerAnalyzerPool} from '../analysis/worker-pool.js';
import type {AnalyzerPool} from '../session/analyzer.js';
import {pickLimits} from '../config/limits.js';
import {AnalysisSession} from '../session/session.js';
import {requireLibrary, resolveFfmpeg, totalMemory, type RunContext} from './context.js';
import {openStore} from './store.js';

export type AnalysisParts = {session: AnalysisSession; pool: AnalyzerPool; close: () => Promise<void>};

/** Builds a session from the resolved configuration, with its analyser pool and store. */
export async function createAnalysis(context: RunContext): Promise<AnalysisParts> {
	const {config} = context;
	const root = requireLibrary(context);
	const ffmpeg = resolveFfmpeg(context);
	const store = await openStore(context, 'write', 'analyze');
	const pool = new WorkerAnalyzerPool({workers: config.workers, frameSize: config.frameSize, hopSize: config.hopSize});
	const session = new AnalysisSession({
		root,
		limits: pickLimits(config),
		ffmpeg,
		total: totalMemory(config),
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
		async close() {
			try {
				await pool.close();
			} finally {
				store.close();
			}
		},
	};
}

/** Exit status for a signal, as shells report it: 128 + signal number. */
const SIGNAL_EXIT: Record<string, number> = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129};

/**
 * Runs the session with the headless output (plain lines, or NDJSON with --json). SIGINT/SIGTERM stop
 * it gracefully; a second signal exits at once.
 */
export async function runHeadless(context: RunContext): Promise<number> {
	const {io} = context;
	const parts = await createAnalysis(context);
	const {session} = parts;
	if (context.args.run.json) attachNdjsonReporter(session, io.stdout);
	else attachPlainReporter(session, io.stdout, io.stderr);

	// A closed pipe (| head) ends the run quietly, as other Unix tools do.
	io.stdout.on('error', error => {
		if ((error as NodeJS.ErrnoException).code === 'EPIPE') session.stop();
		else throw error;
	});
	let signalled: string | undefined;
	const onSignal = (signal: NodeJS.Signals) => {
		if (signalled) process.exit(SIGNAL_EXIT[signal] ?? 1);
		signalled = signal;
		session.stop();
	};
	const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const signal of signals) process.on(signal, onSignal);
	try {
		await session.run();
	} finally {
		for (const signal of signals) process.off(signal, onSignal);
		await parts.close();
	}
	if (signalled) return SIGNAL_EXIT[signalled] ?? 1;
	return session.fatalError ? 1 : 0;
}
