/**
 * The PlaylistService of the live view: the preview's build and neighbour queries run in a child process
 * (preview-server.ts on the other side), so the thread that draws the view and runs the analysis keeps
 * turning while a big library is grouped (half a minute of CPU at 40,000 tracks), and so that the
 * library's memory goes back to the system when the preview closes (a worker thread's stayed with this
 * process: util/module-process.ts). Writing stays here.
 *
 * One process at a time, started by the first request and kept, with the tracks it loaded, while the
 * preview is open: Enter on a track then costs a query, not a second load of the library. close() ends it.
 */
import type {ChildProcess} from 'node:child_process';
import {ranOutOfHeap, startModuleProcess} from '../../util/module-process.js';
import type {BuildResult} from '../build.js';
import type {PreviewReply, PreviewRequest} from './preview-protocol.js';
import {buildMemoryFor, buildOptionsFor, writeBuiltPlaylists, type PlaylistServiceOptions} from '../service.js';
import type {Neighbour, Playlist, PlaylistService, Preview, WriteResult} from '../types.js';
import {vectorGroups} from '../similarity/vector-groups.js';
import {previewNeedBytes, type MemoryRoomPort} from './preview-memory.js';

/** The in-process service's options that apply here (loadFailures is read here, when writing), and the child's. */
export type BackgroundServiceOptions = Pick<PlaylistServiceOptions, 'loadFailures' | 'settings' | 'seeds' | 'groups' | 'memory'> & {
	/** The child's script: it serves PreviewRequests (servePreviews) with the tracks it loads itself. */
	serverUrl: URL;
	/** Given to the child as its data (e.g. which store to read). */
	serverData?: unknown;
	/** The child's heap limit; by default V8's. */
	maxOldSpaceMb?: number;
	/**
	 * Room in the memory budget, asked for before the child first loads the library and kept until
	 * close(): under a tight budget the preview waits for it (the analysis is held meanwhile).
	 */
	room?: MemoryRoomPort;
};

type Pending = {resolve: (reply: PreviewReply) => void; reject: (error: Error) => void};

/** One child process, the requests it has not answered yet, the end of its stderr, and its exit. */
type Host = {child: ChildProcess; pending: Map<number, Pending>; ended: boolean; stderr: string; gone: Promise<void>};

const STDERR_TAIL = 4096;

/** Why a child that stopped on its own left its requests unanswered, from how it ended and what it last wrote. */
export function serverDeathMessage(end: {error?: Error; code?: number | null; signal?: NodeJS.Signals | null; stderr?: string}): string {
	const stderr = end.stderr ?? '';
	if (ranOutOfHeap(stderr)) return 'the playlists process ran out of memory';
	if (end.error) return `the playlists process failed: ${end.error.message}`;
	// An uncaught error's message is the first line that says "Error".
	const thrown = stderr.split('\n').find(line => /^\w*Error\b/.test(line.trim()));
	if (thrown) return `the playlists process failed: ${thrown.trim()}`;
	return `the playlists process stopped (${end.signal ? `signal ${end.signal}` : `exit code ${end.code ?? 'unknown'}`})`;
}

export class BackgroundPlaylistService implements PlaylistService {
	/** The last build: its problems (tracks left out) are reported with the write. */
	lastBuild: BuildResult | undefined;
	#host: Host | undefined;
	/** The room granted for the library the child holds; given back at close(). */
	#room: Promise<{release(): void; held: boolean}> | undefined;
	#nextId = 1;
	/** How many times close() was called: a request that waited for room across one is dropped. */
	#closes = 0;
	/** The id of the build preview() is waiting for, if any. */
	#building: number | undefined;

	constructor(private readonly options: BackgroundServiceOptions) {}

	/** Child processes started so far (for tests and benches). */
	processesStarted = 0;

	/** Builds in the child; a build still running for an earlier call is abandoned (that call rejects). */
	async preview(): Promise<Preview> {
		if (this.#host && this.#building !== undefined) this.#end(this.#host, 'the build was replaced by a newer one');
		const {settings, seeds, memory} = this.options;
		const options = buildOptionsFor(settings, seeds, this.#groups(), memory ? buildMemoryFor(await memory.load(), settings) : undefined);
		const build = this.#nextId++;
		this.#building = build;
		try {
			const held = this.options.room ? await this.#roomForLibrary() : false;
			const reply = await this.#request({type: 'build', id: build, options});
			if (reply.type !== 'built') throw new Error(`unexpected answer from the playlists process: ${reply.type}`);
			// Part by part: each copy is a short task on this thread, with keys and frames between them.
			const playlists: Playlist[] = [];
			while (playlists.length < reply.playlists) {
				const part = await this.#request({type: 'part', id: this.#nextId++, build, from: playlists.length});
				if (part.type !== 'part' || part.playlists.length === 0) throw new Error('the playlists process sent an incomplete build');
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
		if (reply.type !== 'neighbours') throw new Error(`unexpected answer from the playlists process: ${reply.type}`);
		return reply.neighbours;
	}

	/** A path between two tracks of the library the neighbours come from (song-path.ts), made in the child. */
	async path(from: string, to: string, length: number): Promise<Playlist> {
		const {weights} = this.options.settings;
		if (this.options.room) await this.#roomForLibrary();
		const reply = await this.#request({type: 'path', id: this.#nextId++, from, to, length, weights, groups: this.#groups()});
		if (reply.type !== 'path') throw new Error(`unexpected answer from the playlists process: ${reply.type}`);
		return reply.playlist;
	}

	async write(playlists: Playlist[], options: {force?: boolean} = {}): Promise<WriteResult> {
		const {settings, loadFailures, memory} = this.options;
		// A path is no part of the build: neither the build's left-out tracks nor its memory go with it.
		if (playlists.every(playlist => playlist.strategy === 'path')) return writeBuiltPlaylists(playlists, {settings, loadFailures, force: options.force});
		return writeBuiltPlaylists(playlists, {settings, loadFailures, build: this.lastBuild, force: options.force, memory});
	}

	/** Ends the child and frees the library it holds; requests still waiting reject. A later request starts a new one. */
	close(): void {
		this.#closes++;
		const host = this.#host;
		if (host) this.#end(host, 'the playlists preview was closed');
		const room = this.#room;
		this.#room = undefined;
		// Given back once the process is gone with the library it held: memory read before that still holds it.
		void Promise.all([room, host?.gone]).then(
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
		// The child counts the tracks (opening and checking a big store takes half a second: not on this thread).
		this.#room ??= (async () => {
			const count = await this.#request({type: 'count', id: this.#nextId++});
			if (count.type !== 'count') throw new Error(`unexpected answer from the playlists process: ${count.type}`);
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
			// While it has work the child keeps this process alive; idle, it must not.
			reference(host.child, true);
			host.child.send(request);
		});
	}

	#start(): Host {
		const child = startModuleProcess(this.options.serverUrl, {data: this.options.serverData, maxOldSpaceMb: this.options.maxOldSpaceMb});
		let exited: () => void;
		const host: Host = {child, pending: new Map(), ended: false, stderr: '', gone: new Promise(resolve => (exited = resolve))};
		this.#host = host;
		this.processesStarted++;
		// Its memory is the budget's to count, from its start (it counts the tracks before it asks for room).
		const unwatch = child.pid === undefined ? undefined : this.options.room?.watch?.(child.pid);
		void host.gone.then(unwatch);
		child.stderr?.setEncoding('utf8');
		child.stderr?.on('data', (text: string) => (host.stderr = (host.stderr + text).slice(-STDERR_TAIL)));
		child.on('message', (reply: PreviewReply) => {
			const pending = host.pending.get(reply.id);
			if (!pending) return;
			host.pending.delete(reply.id);
			if (host.pending.size === 0) reference(child, false);
			if (reply.type === 'failed') pending.reject(new Error(reply.message));
			else pending.resolve(reply);
		});
		child.on('error', error => {
			this.#end(host, serverDeathMessage({error, stderr: host.stderr}));
			// A child that could not start never exits.
			if (child.pid === undefined) exited();
		});
		// 'close' rather than 'exit': its stderr has been read to the end by then.
		child.on('close', (code, signal) => {
			this.#end(host, serverDeathMessage({code, signal, stderr: host.stderr}));
			exited();
		});
		return host;
	}

	/** Stops `host` (if it has not stopped already) and rejects what it still owed with `reason`. */
	#end(host: Host, reason: string): void {
		if (host.ended) return;
		host.ended = true;
		if (this.#host === host) this.#host = undefined;
		for (const pending of host.pending.values()) pending.reject(new Error(reason));
		host.pending.clear();
		if (host.child.exitCode !== null || host.child.signalCode !== null) return;
		// Referenced until it has gone: its exit gives back the room it held.
		reference(host.child, true);
		host.child.kill();
	}
}

/** Whether `child` (and its IPC channel) keep this process's event loop alive. */
function reference(child: ChildProcess, on: boolean): void {
	if (on) {
		child.ref();
		child.channel?.ref();
	} else {
		child.unref();
		child.channel?.unref();
	}
}
