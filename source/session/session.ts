import {BYTES_PER_SAMPLE} from '../audio/chunk-reader.js';
import {Decoder} from '../audio/decoder.js';
import type {FfmpegLocation} from '../audio/ffmpeg-locate.js';
import type {TrackTags} from '../audio/ffmpeg-header.js';
import {scanLibrary, type ScannedTrack, type ScanProblem} from '../audio/scan.js';
import {BUDGET_SHARE, planChunk} from './chunk-plan.js';
import {workersForBudget} from './workers.js';
import {collectYoungGarbage, forceGc, observeGc} from '../memory/gc.js';
import {budgetBytes} from '../memory/budget.js';
import {MemoryMonitor} from '../memory/monitor.js';
import type {TotalMemory} from '../memory/total.js';
import type {AnalyzerPool, TrackAnalyzer} from '../analysis/analyzer.js';
import type {SessionEvent, SessionListener, SessionSummary} from './events.js';
import {PauseGate, PcmGate} from './gates.js';
import {applyLimitsChange, type Limits} from '../config/limits.js';
import type {LibraryStorePort} from './store-port.js';

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
};

/** A track in work, as the session tracks it. */
export type ActiveTrack = {
	path: string;
	startedAt: number;
	decoder: Decoder;
	analyzer: TrackAnalyzer | undefined;
	skipRequested: boolean;
	stalled: boolean;
	overran: boolean;
};

class TrackSkipped extends Error {}

/** Audio that decodes to less than this share of its announced duration is flagged partial. */
const PARTIAL_SHARE = 0.9;

/** A decoder still sending audio this far past the announced duration is stuck in a loop: stop it. */
export function beyondAnnounced(decodedSeconds: number, announcedSeconds: number | undefined): boolean {
	return announcedSeconds !== undefined && announcedSeconds > 0 && decodedSeconds > announcedSeconds * 1.5 + 30;
}

/**
 * The analysis session: scans a library, decodes each track in a stream of memory-sized chunks,
 * hands the chunks to analysers, and reports everything as typed events. Front ends (the TUI, the
 * headless reporters) subscribe to the events and steer it with the command methods; it knows
 * nothing about them.
 */
export class AnalysisSession {
	readonly monitor: MemoryMonitor;
	#limits: Limits;
	#listeners = new Set<SessionListener>();
	#pause = new PauseGate();
	#gate: PcmGate;
	#active = new Set<ActiveTrack>();
	#queue: ScannedTrack[] = [];
	#queueTotal = 0;
	#nextIndex = 0;
	#pipelines = 0;
	#stopping = false;
	#shrinkNext = false;
	#chunks = 0;
	#forcedGcs = 0;
	#backpressureWaits = 0;
	#done = 0;
	#failed = 0;
	#unchanged = 0;
	#failedBefore = 0;
	#pruned = 0;
	#audioSeconds = 0;
	#startedAt = 0;
	#allDone: (() => void) | undefined;
	#fatalError: string | undefined;
	#analysing = 0;
	#slotWaiters: Array<() => void> = [];

	constructor(private readonly options: SessionOptions) {
		this.#limits = {...options.limits};
		this.monitor = new MemoryMonitor({
			total: options.total,
			limitPercent: () => this.#limits.memoryLimitPercent,
			childPids: () => [...this.#active].map(track => track.decoder.pid).filter((pid): pid is number => pid !== undefined),
			intervalMs: options.sampleIntervalMs,
		});
		this.#gate = new PcmGate(() => this.#pcmAllowance());
	}

	get limits(): Limits {
		return {...this.#limits};
	}

	get paused(): boolean {
		return this.#pause.paused;
	}

	get activeTracks(): readonly ActiveTrack[] {
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

	/** How many tracks may be in work at once under the current budget. */
	get workers(): number {
		return workersForBudget(this.#limits.workers, this.budgetBytes, this.#limits.maxChunkSeconds * this.bytesPerSecond);
	}

	on(listener: SessionListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#emit(event: SessionEvent): void {
		for (const listener of this.#listeners) {
			try {
				listener(event);
			} catch (error) {
				// A broken view must not break the analysis; say so once through the others.
				process.emitWarning(`session listener failed on ${event.type}: ${(error as Error).message}`);
			}
		}
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
		this.#emit({type: 'limits', limits: this.limits, changed: result.changed, workers: this.workers});
		this.#gate.wake();
		this.#fillPipelines();
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

	/** Skips a track in work (by default the one that started first). It is left for a later run. */
	skip(path?: string): void {
		const candidates = [...this.#active].filter(track => !track.skipRequested && (path === undefined || track.path === path));
		const track = candidates.sort((a, b) => a.startedAt - b.startedAt)[0];
		if (!track) return;
		track.skipRequested = true;
		track.decoder.kill();
		track.analyzer?.abort();
		// A track still waiting for its turn to be analysed looks again and leaves.
		for (const wake of this.#slotWaiters.splice(0)) wake();
	}

	async forceGc(reason: 'threshold' | 'command' = 'command'): Promise<void> {
		const before = (await this.monitor.sample()).budgetUsedPercent;
		this.#forcedGcs++;
		this.#emit({type: 'gc-forced', reason, budgetUsedPercent: before});
		forceGc();
		await this.options.pool.forceGc();
		void this.monitor.sample();
	}

	/** Graceful stop: no new chunks, children stopped, tracks in work dropped; finished tracks stay saved. */
	stop(): void {
		if (this.#stopping) return;
		this.#stopping = true;
		this.#emit({type: 'stopping'});
		this.#queue = [];
		this.#pause.resume();
		for (const wake of this.#slotWaiters.splice(0)) wake();
		for (const track of this.#active) {
			track.decoder.kill();
			track.analyzer?.abort();
		}
		this.#gate.wake();
	}

	/**
	 * Stops at once, for a process about to exit: the graceful stop, with every decoder killed now
	 * rather than asked to stop. Tracks already saved stay saved.
	 */
	kill(): void {
		this.stop();
		for (const track of this.#active) track.decoder.kill('SIGKILL');
	}

	// ---- the run -------------------------------------------------------------------------------

	async run(): Promise<SessionSummary> {
		this.#startedAt = performance.now();
		const stopGc = observeGc(gc => this.#emit({type: 'gc', gc}));
		const stopPoolGc = this.options.pool.onGc(gc => this.#emit({type: 'gc', gc}));
		const stopSamples = this.monitor.onSample(sample => {
			this.#emit({type: 'memory', sample});
			this.#gate.wake();
		});
		this.monitor.start();
		this.#emit({
			type: 'started',
			root: this.options.root,
			limits: this.limits,
			total: this.options.total,
			ffmpeg: this.options.ffmpeg,
			workers: this.workers,
		});
		try {
			const {tracks, problems} = await scanLibrary(this.options.root, {
				extensions: this.options.extensions,
				isExcluded: this.options.isExcluded,
				onProgress: found => this.#emit({type: 'scan', found, done: false}),
			});
			this.#emit({type: 'scan', found: tracks.length, done: true});
			this.#reportScanProblems(problems);

			const plan = this.options.store
				? this.options.store.plan(this.options.root, tracks, {
						retryFailed: this.options.retryFailed ?? false,
						unreadable: problems.map(problem => problem.path),
					})
				: {toAnalyse: tracks, unchanged: 0, failedBefore: 0};
			for (const warning of plan.warnings ?? []) this.#log('warn', warning);
			this.#unchanged = plan.unchanged;
			this.#failedBefore = plan.failedBefore;
			this.#pruned = plan.pruned ?? 0;
			this.#queue = [...plan.toAnalyse];
			this.#queueTotal = plan.toAnalyse.length;
			this.#emit({type: 'queue', total: tracks.length, toAnalyse: plan.toAnalyse.length, unchanged: plan.unchanged, failedBefore: plan.failedBefore});

			if (!this.#stopping && this.#queue.length > 0) {
				const finished = new Promise<void>(resolve => {
					this.#allDone = resolve;
				});
				this.#fillPipelines();
				await finished;
			}
		} finally {
			this.monitor.stop();
			stopSamples();
			stopGc();
			stopPoolGc();
		}
		const summary = this.summary();
		this.#emit({type: 'finished', summary});
		return summary;
	}

	summary(): SessionSummary {
		return {
			tracks: this.#done,
			failed: this.#failed,
			unchanged: this.#unchanged,
			failedBefore: this.#failedBefore,
			pruned: this.#pruned,
			audioSeconds: this.#audioSeconds,
			wallSeconds: (performance.now() - this.#startedAt) / 1000,
			peakRssBytes: this.monitor.peakRssBytes,
			nodeMaxRssBytes: process.resourceUsage().maxRSS * 1024,
			chunks: this.#chunks,
			backpressureWaits: this.#backpressureWaits,
			forcedGcs: this.#forcedGcs,
			stopped: this.#stopping,
			...(this.#fatalError ? {error: this.#fatalError} : {}),
		};
	}

	#reportScanProblems(problems: ScanProblem[]): void {
		for (const problem of problems) {
			this.#failed++;
			this.#emit({type: 'track-failed', path: problem.path, message: problem.message});
		}
	}

	/**
	 * Tracks in work at once: one per worker the budget allows, and one more whose decoder starts while
	 * the others are analysed (when the budget has room for it), so that no worker waits for ffmpeg to
	 * start and open the next file.
	 */
	get #pipelineTarget(): number {
		const workers = this.workers;
		const room = workersForBudget(this.#limits.workers + 1, this.budgetBytes, this.#limits.maxChunkSeconds * this.bytesPerSecond) > workers;
		return workers + (room ? 1 : 0);
	}

	/** Starts pipelines up to the target. */
	#fillPipelines(): void {
		while (!this.#stopping && this.#pipelines < this.#pipelineTarget && this.#queue.length > 0) {
			this.#pipelines++;
			void this.#pipeline();
		}
	}

	/** Waits until fewer tracks than the budget's workers are being analysed, then takes a place. */
	async #acquireAnalysisSlot(cancelled: () => boolean): Promise<void> {
		while (this.#analysing >= this.workers && !cancelled()) {
			await new Promise<void>(resolve => this.#slotWaiters.push(resolve));
		}
		this.#analysing++;
	}

	#releaseAnalysisSlot(): void {
		this.#analysing--;
		this.#slotWaiters.shift()?.();
	}

	async #pipeline(): Promise<void> {
		try {
			// A pipeline retires when the budget now allows fewer of them.
			while (!this.#stopping && this.#queue.length > 0 && this.#pipelines <= this.#pipelineTarget) {
				const track = this.#queue.shift()!;
				await this.#analyseTrack(track, this.#nextIndex++);
			}
		} finally {
			this.#pipelines--;
			if (this.#pipelines === 0) {
				if (this.#queue.length > 0 && !this.#stopping) this.#fillPipelines();
				else this.#allDone?.();
			}
		}
	}

	#pcmAllowance(): number {
		// Decoded audio waiting for analysis may take the chunk rule's share of the budget, and never
		// more than memory has left beside what is already in flight.
		const state = this.monitor.state();
		return Math.min(state.budgetBytes * BUDGET_SHARE, state.availableBytes + this.#gate.inFlightBytes);
	}

	async #checkMemory(): Promise<void> {
		if (!this.#limits.monitoringEnabled) return;
		const sample = await this.monitor.sample();
		if (sample.budgetUsedPercent >= this.#limits.gcThresholdPercent) {
			this.#shrinkNext = true;
			await this.forceGc('threshold');
			this.#log('warn', `memory at ${sample.budgetUsedPercent.toFixed(0)}% of the budget: forced a GC, next chunk halved`);
		}
	}

	async #analyseTrack(track: ScannedTrack, index: number): Promise<void> {
		if (track.size === 0) {
			this.#emit({type: 'track-start', path: track.path, index, total: this.#queueTotal, sizeBytes: 0});
			this.#fail(track, 'empty file (0 bytes)');
			return;
		}
		const {sampleRate} = this.options;
		const decoder = new Decoder({ffmpegPath: this.options.ffmpeg.path, file: track.path, sampleRate});
		const active: ActiveTrack = {path: track.path, startedAt: performance.now(), decoder, analyzer: undefined, skipRequested: false, stalled: false, overran: false};
		this.#active.add(active);
		this.#emit({type: 'track-start', path: track.path, index, total: this.#queueTotal, sizeBytes: track.size});
		const started = performance.now();
		let tags: TrackTags = {};
		let announced: number | undefined;
		void decoder.info.then(info => {
			tags = info.tags;
			announced = info.durationSeconds;
			this.#emit({type: 'track-info', path: track.path, durationSeconds: info.durationSeconds, tags: info.tags, codec: info.codec});
		});
		const watchdog = this.#watch(active);
		let pending: Promise<void> | undefined;
		// Buffers the analyser handed back, filled again by the next chunks (two are enough: one being
		// analysed while the next is read).
		const spare: ArrayBuffer[] = [];
		let chunkIndex = 0;
		let samplesDone = 0;
		const interrupted = () => this.#stopping || active.skipRequested;
		let slot = false;
		try {
			// The decoder is already starting; analysis waits for its turn.
			await this.#acquireAnalysisSlot(interrupted);
			slot = true;
			if (interrupted()) throw new TrackSkipped();
			const analyzer = await this.options.pool.open({path: track.path, sampleRate});
			active.analyzer = analyzer;
			for (;;) {
				await this.#pause.wait();
				if (interrupted()) throw new TrackSkipped();
				const plan = planChunk({
					limits: this.#limits,
					memory: this.monitor.state(),
					bytesPerSecond: this.bytesPerSecond,
					firstChunk: chunkIndex === 0,
					shrinkRequested: this.#shrinkNext,
				});
				this.#shrinkNext = false;
				const samples = Math.max(1, Math.round(plan.seconds * sampleRate));
				const reserved = samples * BYTES_PER_SAMPLE;
				let waitedMs = await this.#gate.acquire(reserved, interrupted);
				let chunk: Float32Array | undefined;
				try {
					chunk = await decoder.reader.next(samples, spare.pop());
				} catch (error) {
					this.#gate.release(reserved);
					throw error;
				}
				const bytes = chunk?.byteLength ?? 0;
				this.#gate.release(reserved - bytes);
				if (!chunk) break;
				collectYoungGarbage();
				if (interrupted()) {
					this.#gate.release(bytes);
					throw new TrackSkipped();
				}
				if (pending) {
					// The decoder is paused while the analyser works on the previous chunk: backpressure.
					const waitStart = performance.now();
					await pending;
					waitedMs += performance.now() - waitStart;
				}
				if (waitedMs >= 1) this.#backpressureWaits++;
				// push() may transfer the chunk to a worker thread, leaving it empty: read its length first.
				const length = chunk.length;
				pending = analyzer
					.push(chunk)
					.then(buffer => {
						if (buffer && spare.length < 2) spare.push(buffer);
					})
					.finally(() => this.#gate.release(bytes));
				samplesDone += length;
				const limits = this.#limits;
				this.#chunks++;
				this.#emit({
					type: 'chunk',
					path: track.path,
					index: chunkIndex++,
					seconds: length / sampleRate,
					bytes,
					reason: plan.reason,
					limitPercent: limits.memoryLimitPercent,
					budgetBytes: this.budgetBytes,
					positionSeconds: samplesDone / sampleRate,
					waitedMs: Math.round(waitedMs),
				});
				if (this.#chunks % limits.monitorIntervalChunks === 0) await this.#checkMemory();
				if (beyondAnnounced(samplesDone / sampleRate, announced)) {
					active.overran = true;
					decoder.kill();
				}
			}
			if (pending) await pending;
			const exit = await decoder.exit;
			if (interrupted()) throw new TrackSkipped();
			if (active.stalled) throw new Error(`decoder stalled: no audio for ${Math.round(this.#stallTimeoutMs / 1000)} s, stopped`);
			if (active.overran) {
				throw new Error(`decoder ran far past the announced ${announced!.toFixed(0)} s (${(samplesDone / sampleRate).toFixed(0)} s decoded), stopped`);
			}
			if (exit.signal && !decoder.killed) throw new Error(`ffmpeg was killed by ${exit.signal} while decoding`);
			if (exit.code !== 0) {
				throw new Error(exit.message ?? `ffmpeg exited with ${exit.code ?? exit.signal}`);
			}
			if (samplesDone === 0) throw new Error(exit.message ? `no audio decoded: ${exit.message}` : 'no audio decoded');
			const durationSeconds = samplesDone / sampleRate;
			const analysis = await analyzer.finish();
			const partial = announced !== undefined && durationSeconds < announced * PARTIAL_SHARE;
			const done = {...track, durationSeconds, tags, partial, analysis};
			try {
				this.options.store?.saveTrack(done);
			} catch (storeError) {
				// The store cannot take more (disk full, store removed): every next track would fail the
				// same way. Stop, keeping what was saved, and say why.
				this.#storeFailure(storeError);
				return;
			}
			this.#done++;
			this.#audioSeconds += durationSeconds;
			this.#emit({
				type: 'track-done',
				path: track.path,
				durationSeconds,
				chunks: chunkIndex,
				analysisMs: performance.now() - started,
				partial,
				tags,
				analysis,
			});
			if (partial) this.#log('warn', `${track.path}: only ${durationSeconds.toFixed(1)} s of ${announced!.toFixed(1)} s decoded (truncated?)`);
		} catch (error) {
			decoder.kill();
			active.analyzer?.abort();
			await pending?.catch(() => {});
			if (error instanceof TrackSkipped) {
				if (active.skipRequested && !this.#stopping) this.#emit({type: 'track-skipped', path: track.path});
			} else {
				this.#fail(track, error instanceof Error ? error.message : String(error));
			}
		} finally {
			if (slot) this.#releaseAnalysisSlot();
			clearInterval(watchdog);
			this.#active.delete(active);
			await decoder.exit;
		}
	}

	#fail(track: ScannedTrack, message: string): void {
		this.#failed++;
		this.#emit({type: 'track-failed', path: track.path, message});
		try {
			this.options.store?.saveFailure(track, message);
		} catch (storeError) {
			this.#storeFailure(storeError);
		}
	}

	/** The error that stopped the run (the store could not be written), if any. */
	get fatalError(): string | undefined {
		return this.#fatalError;
	}

	#storeFailure(error: unknown): void {
		if (this.#fatalError) return;
		this.#fatalError = `cannot write to the library store: ${(error as Error).message}`;
		this.#log('error', `${this.#fatalError}; stopping (tracks saved so far are kept)`);
		this.stop();
	}

	get #stallTimeoutMs(): number {
		return this.options.stallTimeoutMs ?? 60_000;
	}

	/** Stops a decoder that has sent nothing for too long. */
	#watch(active: ActiveTrack): NodeJS.Timeout {
		const timeout = this.#stallTimeoutMs;
		let lastBytes = -1;
		let lastChange = performance.now();
		const timer = setInterval(() => {
			const bytes = active.decoder.reader.totalBytes;
			// Only time spent waiting on ffmpeg counts: a decoder held back by backpressure is not stalled.
			if (bytes !== lastBytes || !active.decoder.reader.reading) {
				lastBytes = bytes;
				lastChange = performance.now();
			} else if (performance.now() - lastChange > timeout && !active.decoder.killed) {
				active.stalled = true;
				active.decoder.kill();
			}
		}, Math.min(1000, timeout / 4));
		timer.unref();
		return timer;
	}
}
