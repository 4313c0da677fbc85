/**
 * The PlaylistService of the live view: the preview's build and neighbour queries run in a worker thread
 * (preview-server.ts on the other side), so the thread that draws the view and runs the analysis keeps
 * turning while a big library is grouped (half a minute of CPU at 40,000 tracks). Writing stays here.
 *
 * One worker at a time, started by the first request and kept, with the tracks it loaded, while the
 * preview is open: Enter on a track then costs a query, not a second load of the library. close() ends it.
 */
import type {ResourceLimits, Worker} from 'node:worker_threads';
import {startModuleWorker} from '../../util/module-worker.js';
import type {BuildResult} from '../build.js';
import type {PreviewReply, PreviewRequest} from './preview-protocol.js';
import {buildMemoryFor, buildOptionsFor, writeBuiltPlaylists, type FailureLoader, type MemoryPort, type PlaylistSettings} from '../service.js';
import type {Neighbour, Playlist, PlaylistService, Preview, WriteResult} from '../types.js';
import {vectorGroups} from '../similarity/vector-groups.js';
import {previewNeedBytes, type MemoryRoomPort} from './preview-memory.js';

export type ThreadedServiceOptions = {
	/** The worker's script: it serves PreviewRequests (servePreviews) with the tracks it loads itself. */
	workerUrl: URL;
	/** Given to the worker as workerData (e.g. which store to read). */
	workerData?: unknown;
	/** The worker's heap limits; by default V8's, as on the main thread. */
	resourceLimits?: ResourceLimits;
	/** Tracks that failed analysis, for failed-tracks.txt (read here, when writing). */
	loadFailures?: FailureLoader;
	settings: PlaylistSettings;
	/** radio: seed track paths. */
	seeds?: readonly string[];
	/** Weight group of each vector index; default: the analysis' layout. */
	groups?: readonly string[];
	/** The playlists the store remembers: read here and given to the build, remembered again once written. */
	memory?: MemoryPort;
	/**
	 * Room in the memory budget, asked for before the worker first loads the library and kept until
	 * close(): under a tight budget the preview waits for it (the analysis is held meanwhile).
	 */
	room?: MemoryRoomPort;
};

type Pending = {resolve: (reply: PreviewReply) => void; reject: (error: Error) => void};

/** One worker thread and the requests it has not answered yet. */
type Host = {worker: Worker; pending: Map<number, Pending>; ended: boolean};

/** Why a worker that stopped on its own left its requests unanswered. */
export function workerDeathMessage(error: (Error & {code?: string}) | undefined, exitCode?: number): string {
	if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'the playlists worker ran out of memory';
	if (error) return `the playlists worker failed: ${error.message}`;
	return `the playlists worker stopped (exit code ${exitCode ?? 'unknown'})`;
}

export class ThreadedPlaylistService implements PlaylistService {
	/** The last build: its problems (tracks left out) are reported with the write. */
	lastBuild: BuildResult | undefined;
	#host: Host | undefined;
	/** The room granted for the library the worker holds; given back at close(). */
	#room: Promise<{release(): void; held: boolean}> | undefined;
	#nextId = 1;
	/** How many times close() was called: a request that waited for room across one is dropped. */
	#closes = 0;
	/** The id of the build preview() is waiting for, if any. */
	#building: number | undefined;

	constructor(private readonly options: ThreadedServiceOptions) {}

	/** Worker threads started so far (for tests and benches). */
	workersStarted = 0;

	/** Builds in the worker; a build still running for an earlier call is abandoned (that call rejects). */
	async preview(): Promise<Preview> {
		if (this.#host && this.#building !== undefined) this.#end(this.#host, 'the build was replaced by a newer one');
		const {settings, seeds, memory} = this.options;
		const options = buildOptionsFor(settings, seeds, this.#groups(), memory ? buildMemoryFor(await memory.load(), settings) : undefined);
		const build = this.#nextId++;
		this.#building = build;
		try {
			const held = this.options.room ? await this.#roomForLibrary() : false;
			const reply = await this.#request({type: 'build', id: build, options});
			if (reply.type !== 'built') throw new Error(`unexpected answer from the playlists worker: ${reply.type}`);
			// Part by part: each copy is a short task on this thread, with keys and frames between them.
			const playlists: Playlist[] = [];
			while (playlists.length < reply.playlists) {
				const part = await this.#request({type: 'part', id: this.#nextId++, build, from: playlists.length});
				if (part.type !== 'part' || part.playlists.length === 0) throw new Error('the playlists worker sent an incomplete build');
				playlists.push(...part.playlists);
			}
			this.lastBuild = {...reply.result, playlists};
			return {playlists, trackCount: reply.trackCount, held};
		} finally {
			if (this.#building === build) this.#building = undefined;
		}
	}

	/** The nearest tracks from the library the last preview was built from (loaded when none was). */
	async neighbours(path: string, limit: number): Promise<Neighbour[]> {
		const {weights} = this.options.settings;
		if (this.options.room) await this.#roomForLibrary();
		const reply = await this.#request({type: 'neighbours', id: this.#nextId++, path, limit, weights, groups: this.#groups()});
		if (reply.type !== 'neighbours') throw new Error(`unexpected answer from the playlists worker: ${reply.type}`);
		return reply.neighbours;
	}

	/** A path between two tracks of the library the neighbours come from (song-path.ts), made in the worker. */
	async path(from: string, to: string, length: number): Promise<Playlist> {
		const {weights} = this.options.settings;
		if (this.options.room) await this.#roomForLibrary();
		const reply = await this.#request({type: 'path', id: this.#nextId++, from, to, length, weights, groups: this.#groups()});
		if (reply.type !== 'path') throw new Error(`unexpected answer from the playlists worker: ${reply.type}`);
		return reply.playlist;
	}

	async write(playlists: Playlist[], options: {force?: boolean} = {}): Promise<WriteResult> {
		const {settings, loadFailures, memory} = this.options;
		// A path is no part of the build: neither the build's left-out tracks nor its memory go with it.
		if (playlists.every(playlist => playlist.strategy === 'path')) return writeBuiltPlaylists(playlists, {settings, loadFailures, force: options.force});
		return writeBuiltPlaylists(playlists, {settings, loadFailures, build: this.lastBuild, force: options.force, memory});
	}

	/** Ends the worker and frees the library it holds; requests still waiting reject. A later request starts a new one. */
	close(): void {
		this.#closes++;
		const host = this.#host;
		if (host) this.#end(host, 'the playlists preview was closed');
		const room = this.#room;
		this.#room = undefined;
		// Given back once the thread is gone with the library it held: memory read before that still holds it.
		const gone = host?.worker.terminate().catch(() => undefined);
		void Promise.all([room, gone]).then(
			([grant]) => grant?.release(),
			() => {},
		);
	}

	/**
	 * Asks once, until close(), for the room the library and its build take. Callers skip it without a room port,
	 * so that the request goes out in the same turn.
	 */
	async #roomForLibrary(): Promise<boolean> {
		const {room} = this.options;
		if (!room) return false;
		const closes = this.#closes;
		// The worker counts the tracks (opening and checking a big store takes half a second: not on this thread).
		this.#room ??= (async () => {
			const count = await this.#request({type: 'count', id: this.#nextId++});
			if (count.type !== 'count') throw new Error(`unexpected answer from the playlists worker: ${count.type}`);
			return room.make(previewNeedBytes(count.tracks), 'the playlists preview');
		})();
		const {held} = await this.#room;
		if (closes !== this.#closes) throw new Error('the playlists preview was closed');
		return held;
	}

	#groups(): readonly string[] {
		return this.options.groups ?? vectorGroups();
	}

	#request(request: PreviewRequest): Promise<PreviewReply> {
		const host = this.#host ?? this.#start();
		return new Promise<PreviewReply>((resolve, reject) => {
			host.pending.set(request.id, {resolve, reject});
			// While it has work the worker keeps the process alive; idle, it must not.
			host.worker.ref();
			host.worker.postMessage(request);
		});
	}

	#start(): Host {
		const worker = startModuleWorker(this.options.workerUrl, {workerData: this.options.workerData, resourceLimits: this.options.resourceLimits});
		const host: Host = {worker, pending: new Map(), ended: false};
		this.#host = host;
		this.workersStarted++;
		worker.on('message', (reply: PreviewReply) => {
			const pending = host.pending.get(reply.id);
			if (!pending) return;
			host.pending.delete(reply.id);
			if (host.pending.size === 0) worker.unref();
			if (reply.type === 'failed') pending.reject(new Error(reply.message));
			else pending.resolve(reply);
		});
		worker.on('error', (error: Error & {code?: string}) => this.#end(host, workerDeathMessage(error)));
		worker.on('exit', code => this.#end(host, workerDeathMessage(undefined, code)));
		return host;
	}

	/** Stops `host` (if it has not stopped already) and rejects what it still owed with `reason`. */
	#end(host: Host, reason: string): void {
		if (host.ended) return;
		host.ended = true;
		if (this.#host === host) this.#host = undefined;
		for (const pending of host.pending.values()) pending.reject(new Error(reason));
		host.pending.clear();
		void host.worker.terminate();
	}
}
