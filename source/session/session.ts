/**
 * The analysis session: where the parts meet. It keeps the commands, the limits, the memory monitor and
 * policy, the queue and the counters; the parts with logic of their own sit beside it: scan-plan.ts (the
 * scan and the plan), file-run.ts (one file's run wired to events and store), track-run.ts (its chunk
 * loop), event-hub.ts, pipelines.ts, slots.ts, watchdog.ts, and memory/ (the memory policy: the floor, the
 * chunk rule, the GC rule).
 * Longer than most modules because it is the one place that wires them: its constructor and its
 * commands (limits, pause, skip, GC, stop, kill) are the session's public face, kept together on purpose.
 */
import type {AnalyzerPool} from '../analysis/analyzer.js';
import {BYTES_PER_SAMPLE} from '../audio/chunk-reader.js';
import type {DecoderPort} from '../audio/decoder.js';
import type {FfmpegLocation} from '../audio/ffmpeg-locate.js';
import {applyLimitsChange, type Limits} from '../config/limits.js';
import {budgetBytes} from '../memory/budget.js';
import {forceGc, observeGc} from '../memory/gc.js';
import {MemoryMonitor} from '../memory/monitor.js';
import type {TotalMemory} from '../memory/total.js';
import {emptyCounters} from './counters.js';
import type {Epoch} from './epochs.js';
import {EventHub} from './event-hub.js';
import {analyseFile, type FileRunContext} from './file-run.js';
import type {SessionEvent, SessionListener, SessionSummary} from './events.js';
import {announcedGate, openWhenAll, PauseGate, PcmGate} from './gates.js';
import {MemoryPolicy} from './memory/memory-policy.js';
import {MemoryRoom, type RoomGrant} from './memory/room.js';
import {Pipelines} from './pipelines.js';
import {scanAndPlan, type QueueCounts} from './scan-plan.js';
import {AnalysisSlots} from './slots.js';
import type {ScannedImage} from '../library/track.js';
import type {LibraryStorePort} from '../library/store-port.js';
import type {ChunkFlow, TrackRun} from './track-run.js';
import {errorMessage} from '../util/error-message.js';

export type SessionOptions = {
	root: string;
	limits: Limits;
	ffmpeg: FfmpegLocation;
	total: TotalMemory;
	pool: AnalyzerPool;
	sampleRate: number;
	extensions: readonly string[];
	isExcluded?: (relativePath: string, isDirectory: boolean) => boolean;
	store?: LibraryStorePort;
	retryFailed?: boolean;
	/** How often memory is sampled for display and backpressure. */
	sampleIntervalMs?: number;
	/** A track whose decoder sends nothing for this long is stopped and recorded as failed. */
	stallTimeoutMs?: number;
	/** Starts the decoder of a track; by default ffmpeg. */
	openDecoder?: (file: string) => DecoderPort;
};

/**
 * The analysis session: scans a library, decodes each track in a stream of memory-sized chunks,
 * hands the chunks to analysers, and reports everything as typed events. Front ends (the TUI, the
 * reporters) subscribe to the events and steer it with the command methods; it knows nothing about
 * them. One track's run (the chunk loop) is a TrackRun; this class keeps what the runs share: the
 * limits, the memory monitor, the queue, the pipelines and the counters.
 */
export class AnalysisSession {
	readonly monitor: MemoryMonitor;
	#limits: Limits;
	#events = new EventHub();
	#pause = new PauseGate();
	/** Holds the analysis while something beside it needs the budget's room (the playlists preview). */
	#hold = new PauseGate();
	#room: MemoryRoom;
	#running = false;
	#gate: PcmGate;
	#slots = new AnalysisSlots(() => this.workers);
	#active = new Set<TrackRun>();
	#memory: MemoryPolicy;
	#pipelines: Pipelines;
	#flow: ChunkFlow;
	#fileContext: FileRunContext;
	#stopping = false;
	#counters = emptyCounters();
	#startedAt = 0;
	#fatalError: string | undefined;
	/** The queue as last reported: an image whose sheet is found only when it is decoded adds its tracks. */
	#queue: QueueCounts = {total: 0, toAnalyse: 0, unchanged: 0, failedBefore: 0};

	constructor(private readonly options: SessionOptions) {
		this.#limits = {...options.limits};
		this.monitor = new MemoryMonitor({
			total: options.total,
			limitPercent: () => this.#limits.memoryLimitPercent,
			childPids: () => [...[...this.#active].flatMap(run => run.decoder.pid ?? []), ...this.#room.watchedPids],
			floorBytes: () => this.#memory?.floorBytes ?? 0,
			intervalMs: options.sampleIntervalMs,
		});
		this.#memory = new MemoryPolicy({
			monitor: this.monitor,
			limits: () => this.#limits,
			bytesPerSecond: this.bytesPerSecond,
			inFlightBytes: () => this.#gate.inFlightBytes,
			forceGc: async () => this.forceGc('threshold'),
			reshaped: () => {
				this.#slots.wakeAll();
				this.#pipelines.fill();
			},
			log: (level, message) => this.#log(level, message),
			secondDecoderInWork: () => [...this.#active].some(run => (run.decoder.readBy?.decoder ?? 'ffmpeg') !== 'ffmpeg'),
		});
		this.#gate = new PcmGate(() => this.#memory.pcmAllowance());
		this.#flow = {
			nextChunk: (firstChunk, remainingSeconds) => this.#memory.nextChunk(firstChunk, remainingSeconds),
			gate: this.#gate,
			pause: openWhenAll(this.#pause, this.#hold),
			slots: this.#slots,
			stopping: () => this.#stopping,
		};
		this.#fileContext = {
			audio: {
				ffmpegPath: options.ffmpeg.path,
				sampleRate: options.sampleRate,
				pool: options.pool,
				stallTimeoutMs: options.stallTimeoutMs,
				openDecoder: options.openDecoder,
				flow: this.#flow,
			},
			store: options.store,
			out: {
				counters: this.#counters,
				emit: event => this.#emit(event),
				log: (level, message) => this.#log(level, message),
				growQueue: added => {
					this.#queue = {...this.#queue, total: this.#queue.total + added, toAnalyse: this.#queue.toAnalyse + added};
					this.#emit({type: 'queue', ...this.#queue});
				},
			},
			failures: {
				track: (track, message, keepParts) => this.#fail(track, message, keepParts),
				store: error => this.#storeFailure(error),
			},
			memory: {
				chunkLimits: () => ({limitPercent: this.#limits.memoryLimitPercent, budgetBytes: this.budgetBytes}),
				afterChunk: async chunks => this.#memory.afterChunk(chunks),
				started: run => this.#active.add(run),
				settled: run => {
					this.#active.delete(run);
					this.#memory.trackEnded();
				},
			},
		};
		this.#room = new MemoryRoom({
			monitor: this.monitor,
			hold: announcedGate(this.#hold, held => this.#emit({type: held ? 'held' : 'unheld'})),
			inFlightBytes: () => this.#gate.inFlightBytes,
			analysing: () => this.#running && !this.#stopping,
			collect: async () => {
				forceGc();
				await this.options.pool.forceGc();
			},
			log: (level, message) => this.#log(level, message),
		});
		this.#pipelines = new Pipelines({
			analyse: async (track, index, total) => analyseFile(this.#fileContext, track, index, total),
			target: () => this.#memory.decoders,
			stopping: () => this.#stopping,
		});
	}

	get limits(): Limits {
		return {...this.#limits};
	}

	get paused(): boolean {
		return this.#pause.paused;
	}

	/** The tracks in work now. */
	get activeTracks(): readonly TrackRun[] {
		return [...this.#active];
	}

	/** Decoded bytes handed out and not yet consumed, across all tracks in work. */
	get pcmInFlightBytes(): number {
		return this.#gate.inFlightBytes;
	}

	get budgetBytes(): number {
		return budgetBytes(this.options.total, this.#limits.memoryLimitPercent);
	}

	get bytesPerSecond(): number {
		return this.options.sampleRate * BYTES_PER_SAMPLE;
	}

	/** How many tracks may be analysed at once under the current budget. */
	get workers(): number {
		return this.#memory.workers;
	}

	/** The error that stopped the run (the store could not be written), if any. */
	get fatalError(): string | undefined {
		return this.#fatalError;
	}

	on(listener: SessionListener): () => void {
		return this.#events.on(listener);
	}

	/** Settings epochs closed so far, in order. */
	get epochs(): readonly Epoch[] {
		return this.#events.epochs;
	}

	#emit(event: SessionEvent): void {
		this.#events.emit(event);
	}

	#log(level: 'info' | 'warn' | 'error', message: string): void {
		this.#emit({type: 'log', level, message});
	}

	// ---- commands ------------------------------------------------------------------------------

	/** Changes any subset of the limits; valid changes apply from the next chunk. */
	setLimits(change: Partial<Limits>): boolean {
		const result = applyLimitsChange(this.#limits, change);
		if (!result.ok) {
			this.#emit({type: 'limits-rejected', errors: result.errors});
			return false;
		}
		if (result.changed.length === 0) return true;
		this.#limits = result.limits;
		this.#memory.limitsChanged();
		this.#emit({type: 'limits', limits: this.limits, changed: result.changed, workers: this.workers});
		this.#gate.wake();
		this.#pipelines.fill();
		return true;
	}

	pause(): void {
		if (this.#pause.paused) return;
		this.#pause.pause();
		this.#emit({type: 'paused'});
	}

	resume(): void {
		if (!this.#pause.paused) return;
		this.#pause.resume();
		this.#emit({type: 'resumed'});
	}

	togglePause(): void {
		if (this.#pause.paused) this.resume();
		else this.pause();
	}

	/**
	 * Room in the budget for `bytes` beside the analysis, for `what` (e.g. the playlists preview): granted
	 * at once when the budget has it free, else once the analysis, held at its next chunk, has let go of
	 * what it can (session/memory/room.ts). Release the grant when done: a held analysis resumes.
	 */
	async makeRoom(bytes: number, what: string): Promise<RoomGrant> {
		return this.#room.make(bytes, what);
	}

	/** Counts process `pid` (the preview's) in the run's memory readings until the returned function is called. */
	watchProcess(pid: number): () => void {
		return this.#room.watch(pid);
	}

	/** Skips a track in work (by default the one that started first). It is left for a later run. */
	skip(path?: string): void {
		const candidates = [...this.#active].filter(run => !run.skipRequested && (path === undefined || run.path === path));
		const run = candidates.sort((a, b) => a.startedAt - b.startedAt)[0];
		if (!run) return;
		run.skip();
		// A track still waiting for its turn to be analysed looks again and leaves.
		this.#slots.wakeAll();
	}

	/** A full collection on the main thread and in the workers, reported with what it freed. */
	async forceGc(reason: 'threshold' | 'command' = 'command'): Promise<void> {
		const {budgetUsedPercent} = this.monitor.latest;
		const heap = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
		const heapBeforeBytes = heap();
		this.#counters.forcedGcs++;
		forceGc();
		await this.options.pool.forceGc();
		const heapAfterBytes = heap();
		this.#memory.gcDone(heapAfterBytes);
		this.#emit({type: 'gc-forced', reason, budgetUsedPercent, heapBeforeBytes, heapAfterBytes});
		void this.monitor.sample();
	}

	/** Graceful stop: no new chunks, children stopped, tracks in work dropped; finished tracks stay saved. */
	stop(): void {
		if (this.#stopping) return;
		this.#stopping = true;
		this.#emit({type: 'stopping'});
		this.#pipelines.clear();
		this.#pause.resume();
		this.#hold.resume();
		this.#slots.wakeAll();
		for (const run of this.#active) run.stop();
		this.#gate.wake();
	}

	/**
	 * Stops at once, for a process about to exit: the graceful stop, with every decoder killed now
	 * rather than asked to stop. Tracks already saved stay saved.
	 */
	kill(): void {
		this.stop();
		for (const run of this.#active) run.decoder.kill('SIGKILL');
	}

	// ---- the run -------------------------------------------------------------------------------

	async run(): Promise<SessionSummary> {
		this.#startedAt = performance.now();
		this.#running = true;
		const stopGc = observeGc(gc => this.#emit({type: 'gc', gc}));
		const stopPoolGc = this.options.pool.onGc(gc => this.#emit({type: 'gc', gc}));
		const stopSamples = this.monitor.onSample(sample => {
			// Room granted beside the analysis (the preview's library) is no cost of the analysis' own.
			if (!this.#room.besideAnalysis) this.#memory.observe(sample);
			this.#emit({type: 'memory', sample});
			this.#gate.wake();
		});
		this.monitor.start();
		this.#emit({type: 'started', root: this.options.root, limits: this.limits, total: this.options.total, ffmpeg: this.options.ffmpeg, workers: this.workers});
		if (this.options.ffmpeg.missing) this.#log('warn', this.options.ffmpeg.missing);
		try {
			await this.#pipelines.run(await this.#scanAndPlan());
		} finally {
			this.#running = false;
			this.#memory.flush();
			this.monitor.stop();
			stopSamples();
			stopGc();
			stopPoolGc();
		}
		this.#events.closeLast();
		const summary = this.summary();
		this.#emit({type: 'finished', summary});
		return summary;
	}

	summary(): SessionSummary {
		return {
			...this.#counters,
			wallSeconds: (performance.now() - this.#startedAt) / 1000,
			peakRssBytes: this.monitor.peakRssBytes,
			peakWorkingSetBytes: this.monitor.peakWorkingSetBytes,
			nodeMaxRssBytes: process.resourceUsage().maxRSS * 1024,
			stopped: this.#stopping,
			epochs: this.epochs,
			...(this.#fatalError ? {error: this.#fatalError} : {}),
		};
	}

	/** Scans the library, reports what it could not read, and asks the store what is left to analyse. */
	async #scanAndPlan(): Promise<ScannedImage[]> {
		const {plan, problems, queue} = await scanAndPlan(this.options, {
			emit: event => this.#emit(event),
			warn: message => this.#log('warn', message),
			unreadable: problem => {
				this.#counters.failed++;
				this.#emit({type: 'track-failed', path: problem.path, message: problem.message});
			},
		});
		// What the scan could not read is recorded like any failed track, for `stats` and failed-tracks.txt
		// (kept by the plan, so its attempts add up; forgotten once the scan meets it no more).
		for (const problem of problems) this.#recordFailure({path: problem.path, size: 0, mtimeMs: 0}, problem.message);
		this.#counters.unchanged = plan.unchanged;
		this.#counters.failedBefore = plan.failedBefore;
		this.#counters.pruned = plan.pruned ?? 0;
		this.#queue = queue;
		this.#emit({type: 'queue', ...this.#queue});
		return plan.toAnalyse;
	}

	#fail(track: ScannedImage, message: string, keepParts = false): void {
		this.#counters.failed++;
		this.#emit({type: 'track-failed', path: track.path, message});
		this.#recordFailure(track, message, keepParts);
	}

	#recordFailure(track: ScannedImage, message: string, keepParts = false): void {
		try {
			this.options.store?.saveFailure(track, message, {keepParts});
		} catch (storeError) {
			this.#storeFailure(storeError);
		}
	}

	#storeFailure(error: unknown): void {
		if (this.#fatalError) return;
		this.#fatalError = `cannot write to the library store: ${errorMessage(error)}`;
		this.#log('error', `${this.#fatalError}; stopping (tracks saved so far are kept)`);
		this.stop();
	}
}
