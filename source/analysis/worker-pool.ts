/**
 * Feature analysis in worker threads: the pool, each worker and the track it works on, and the messages
 * between them. One module because the three share one protocol and one failure story (a worker that
 * dies fails its track and is replaced); worker.ts is the other side of the protocol.
 */
import type {Worker} from 'node:worker_threads';
import {moduleWorkerUrl, startModuleWorker} from '../util/module-worker.js';
import type {GcEvent} from '../memory/gc.js';
import type {AnalyzerPool, TrackAnalyzer, TrackContext} from './analyzer.js';
import type {TrackFeatureOptions} from './track-features.js';
import type {TrackAnalysis} from './types.js';
import type {FromWorker, ToWorker} from './worker-protocol.js';

export type WorkerPoolOptions = Omit<TrackFeatureOptions, 'sampleRate'> & {
	/** Most worker threads at once (the `workers` setting); at least 1. */
	workers: number;
	/** The worker script; by default dist/analysis/worker.js (worker.ts beside this module under tsx). */
	workerUrl?: URL;
};

/** A track analyser whose result is always an analysis. */
export interface FeatureAnalyzer extends TrackAnalyzer {
	finish(): Promise<TrackAnalysis>;
}

type Deferred<T> = {resolve: (value: T) => void; reject: (error: Error) => void};

/** dist/analysis/worker.js, or worker.ts under tsx (see moduleWorkerUrl). */
function defaultWorkerUrl(): URL {
	return moduleWorkerUrl('analysis/worker', import.meta.url);
}

/**
 * The worker's young generation, capped: analysis makes many short-lived arrays, and left alone V8
 * grows the young generation to its default limit (tens of MiB of semi-spaces) although little of it
 * lives. Capped at 3 MiB, node's working set at the smallest budgets is 2–11 MiB lower at its peak for
 * the same CPU time (bench/results.md, "Budgets on the real-music corpus").
 */
const WORKER_LIMITS = {resourceLimits: {maxYoungGenerationSizeMb: 3}};

function startWorker(url: URL): Worker {
	return startModuleWorker(url, WORKER_LIMITS);
}

/** One worker thread and the track it works on, if any. */
class PoolWorker {
	readonly worker: Worker;
	track: WorkerTrack | undefined;
	dead = false;
	gcWaiters = new Map<number, () => void>();

	constructor(url: URL) {
		this.worker = startWorker(url);
	}

	send(message: ToWorker, transfer?: ArrayBuffer[]): void {
		if (!this.dead) this.worker.postMessage(message, transfer);
	}
}

/**
 * One track in a worker. push() transfers the chunk's ArrayBuffer to the worker (the caller's array is
 * left empty) and resolves with that buffer, transferred back, when the worker has consumed it (zero
 * copies both ways; the session fills it again); finish() returns the track's features.
 */
class WorkerTrack implements FeatureAnalyzer {
	#seq = 0;
	#pushes = new Map<number, Deferred<ArrayBuffer | void>>();
	#finish: Deferred<TrackAnalysis> | undefined;
	#failure: Error | undefined;
	#released = false;

	constructor(
		readonly id: number,
		readonly path: string,
		private readonly host: PoolWorker,
		private readonly release: (track: WorkerTrack) => void,
	) {}

	get released(): boolean {
		return this.#released;
	}

	/** Resolves with the chunk's ArrayBuffer, transferred back once the worker has consumed it. */
	push(samples: Float32Array): Promise<ArrayBuffer | void> {
		if (this.#failure) return Promise.reject(this.#failure);
		if (this.#released) return Promise.resolve();
		const seq = this.#seq++;
		const promise = new Promise<ArrayBuffer | void>((resolve, reject) => this.#pushes.set(seq, {resolve, reject}));
		const buffer = samples.buffer as ArrayBuffer;
		this.host.send({type: 'push', track: this.id, seq, buffer, byteOffset: samples.byteOffset, length: samples.length}, [buffer]);
		return promise;
	}

	finish(): Promise<TrackAnalysis> {
		if (this.#failure) return Promise.reject(this.#failure);
		if (this.#released) return Promise.reject(new Error(`analysis of ${this.path} was aborted`));
		if (!this.#finish) {
			const promise = new Promise<TrackAnalysis>((resolve, reject) => (this.#finish = {resolve, reject}));
			this.host.send({type: 'finish', track: this.id});
			return promise;
		}
		return Promise.reject(new Error('finish() called twice'));
	}

	abort(): void {
		if (this.#released) return;
		this.host.send({type: 'abort', track: this.id});
		// Chunks in flight are dropped by the worker: their memory is as good as released.
		for (const push of this.#pushes.values()) push.resolve();
		this.#pushes.clear();
		this.#finish?.reject(new Error(`analysis of ${this.path} was aborted`));
		this.#finish = undefined;
		this.#free();
	}

	onMessage(message: FromWorker): void {
		switch (message.type) {
			case 'pushed': {
				const push = this.#pushes.get(message.seq);
				this.#pushes.delete(message.seq);
				push?.resolve(message.buffer);
				break;
			}
			case 'result':
				this.#finish?.resolve(message.analysis);
				this.#finish = undefined;
				this.#free();
				break;
			case 'failed':
				this.fail(new Error(`analysis of ${this.path} failed: ${message.message}`));
				break;
			default:
				break;
		}
	}

	/** The track cannot go on (its worker failed or crashed): every pending and later call rejects. */
	fail(error: Error): void {
		if (this.#released) return;
		this.#failure = error;
		for (const push of this.#pushes.values()) push.reject(error);
		this.#pushes.clear();
		this.#finish?.reject(error);
		this.#finish = undefined;
		this.#free();
	}

	#free(): void {
		if (this.#released) return;
		this.#released = true;
		this.release(this);
	}
}

/**
 * Analyses tracks in worker threads, one track per worker, at most `workers` threads. open() waits for a
 * free worker, so the pool never runs more threads than asked even if the session asks for more
 * tracks; the session already keeps fewer tracks in work when the memory budget is small.
 * A worker that crashes fails only its track, and is replaced by a fresh one at the next open().
 */
export class WorkerAnalyzerPool implements AnalyzerPool {
	readonly maxWorkers: number;
	readonly #url: URL;
	readonly #trackOptions: Omit<TrackFeatureOptions, 'sampleRate'>;
	#workers = new Set<PoolWorker>();
	#idle: PoolWorker[] = [];
	#waiters: Array<Deferred<PoolWorker>> = [];
	#gcListeners = new Set<(event: GcEvent) => void>();
	#nextTrack = 1;
	#nextGc = 1;
	#closed = false;
	/** Workers that crashed and were replaced, for tests and reports. */
	crashes = 0;

	constructor(options: WorkerPoolOptions) {
		const {workers, workerUrl, ...trackOptions} = options;
		this.maxWorkers = Math.max(1, Math.floor(workers));
		this.#url = workerUrl ?? defaultWorkerUrl();
		this.#trackOptions = trackOptions;
	}

	/** Worker threads alive now. */
	get size(): number {
		return this.#workers.size;
	}

	/** Worker threads working on a track now. */
	get busy(): number {
		return [...this.#workers].filter(worker => worker.track).length;
	}

	async open(track: TrackContext): Promise<FeatureAnalyzer> {
		const host = await this.#acquire();
		const handle = new WorkerTrack(this.#nextTrack++, track.path, host, released => this.#release(host, released));
		host.track = handle;
		host.send({type: 'open', track: handle.id, path: track.path, options: {...this.#trackOptions, sampleRate: track.sampleRate}});
		return handle;
	}

	async forceGc(): Promise<void> {
		await Promise.all(
			[...this.#workers].map(
				host =>
					new Promise<void>(resolve => {
						if (host.dead) return resolve();
						const id = this.#nextGc++;
						host.gcWaiters.set(id, resolve);
						host.send({type: 'gc', id});
					}),
			),
		);
	}

	onGc(listener: (event: GcEvent) => void): () => void {
		this.#gcListeners.add(listener);
		return () => this.#gcListeners.delete(listener);
	}

	async close(): Promise<void> {
		this.#closed = true;
		for (const waiter of this.#waiters) waiter.reject(new Error('the analyser pool is closed'));
		this.#waiters = [];
		const workers = [...this.#workers];
		this.#workers.clear();
		this.#idle = [];
		for (const host of workers) {
			host.dead = true;
			host.track?.fail(new Error('the analyser pool is closed'));
			for (const resolve of host.gcWaiters.values()) resolve();
		}
		await Promise.all(workers.map(host => host.worker.terminate()));
	}

	#acquire(): Promise<PoolWorker> {
		if (this.#closed) return Promise.reject(new Error('the analyser pool is closed'));
		const idle = this.#idle.pop();
		if (idle) {
			idle.worker.ref();
			return Promise.resolve(idle);
		}
		if (this.#workers.size < this.maxWorkers) return Promise.resolve(this.#spawn());
		return new Promise((resolve, reject) => this.#waiters.push({resolve, reject}));
	}

	#release(host: PoolWorker, track: WorkerTrack): void {
		if (host.track !== track) return;
		host.track = undefined;
		if (host.dead) {
			this.#handOver();
			return;
		}
		const waiter = this.#waiters.shift();
		if (waiter) {
			waiter.resolve(host);
			return;
		}
		// An idle worker must not keep the process alive.
		host.worker.unref();
		this.#idle.push(host);
	}

	/** A worker slot came free (a worker died): start a fresh worker for the first waiter. */
	#handOver(): void {
		if (this.#closed || this.#workers.size >= this.maxWorkers) return;
		const waiter = this.#waiters.shift();
		if (waiter) waiter.resolve(this.#spawn());
	}

	#spawn(): PoolWorker {
		const host = new PoolWorker(this.#url);
		this.#workers.add(host);
		host.worker.on('message', (message: FromWorker) => this.#onMessage(host, message));
		host.worker.on('error', error => this.#onDeath(host, `analysis worker crashed: ${error.message}`));
		host.worker.on('exit', code => this.#onDeath(host, `analysis worker exited with code ${code}`));
		return host;
	}

	#onMessage(host: PoolWorker, message: FromWorker): void {
		switch (message.type) {
			case 'gc-event': {
				const event: GcEvent = {...message.event, thread: 'worker'};
				for (const listener of this.#gcListeners) listener(event);
				break;
			}
			case 'gc-done':
				host.gcWaiters.get(message.id)?.();
				host.gcWaiters.delete(message.id);
				break;
			default:
				if (host.track && host.track.id === message.track) host.track.onMessage(message);
				break;
		}
	}

	#onDeath(host: PoolWorker, reason: string): void {
		if (host.dead) return;
		host.dead = true;
		if (!this.#closed) this.crashes++;
		this.#workers.delete(host);
		this.#idle = this.#idle.filter(idle => idle !== host);
		for (const resolve of host.gcWaiters.values()) resolve();
		host.gcWaiters.clear();
		const track = host.track;
		if (track) track.fail(new Error(`${reason} while analysing ${track.path}`));
		else this.#handOver();
	}
}
