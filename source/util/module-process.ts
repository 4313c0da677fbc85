/**
 * Child processes running playlistgen's own modules, for work whose memory must go back to the system
 * when it ends. A worker thread's allocations stay with the process's allocator after the thread has
 * exited (a 40,000-track playlists preview left 103 MiB resident once its worker thread had gone, and
 * more after each reopening); a process takes its memory with it.
 */
import {fork, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export type ModuleProcessOptions = {
	/** Given to the child as its one argument, as JSON. */
	data?: unknown;
	/** The child's heap limit (V8's default when unset). */
	maxOldSpaceMb?: number;
	/** The young generation's semi-space (V8's default, up to 16 MiB, when unset). */
	semiSpaceMb?: number;
};

/**
 * Starts `url` (a script from moduleWorkerUrl) in a child node with an IPC channel that carries
 * structured clones, as postMessage does. Its stdout is dropped (the live view owns the terminal) and
 * its stderr piped for the caller to read why it died. The parent's node options are not passed on.
 */
export function startModuleProcess(url: URL, options: ModuleProcessOptions = {}): ChildProcess {
	const script = fileURLToPath(url);
	const execArgv: string[] = [];
	if (options.maxOldSpaceMb !== undefined) execArgv.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
	if (options.semiSpaceMb !== undefined) execArgv.push(`--max-semi-space-size=${options.semiSpaceMb}`);
	if (script.endsWith('.ts')) execArgv.push('--import', import.meta.resolve('tsx'));
	return fork(script, [JSON.stringify(options.data ?? null)], {execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc']});
}

/** The child's side: its argument, and its channel to the parent as a port. */
export type ParentPort<In, Out> = {
	on(event: 'message', listener: (message: In) => void): unknown;
	postMessage(message: Out): void;
};

/** In a process started by startModuleProcess: its data. The process ends when its parent goes. */
export function moduleProcessData<T>(): T {
	return JSON.parse(process.argv[2] ?? 'null') as T;
}

/** The channel to the parent, or undefined when this module was not started as a child with one. */
export function parentProcessPort<In, Out>(): ParentPort<In, Out> | undefined {
	const send = process.send?.bind(process);
	if (!send) return undefined;
	// Without a parent there is no one to answer: leave rather than linger.
	process.once('disconnect', () => process.exit(0));
	return {
		on: (event, listener) => process.on(event, listener as (message: unknown) => void),
		postMessage: message => void send(message),
	};
}
