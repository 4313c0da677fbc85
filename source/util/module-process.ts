/**
 * Child processes running playlistgen's own modules, for work whose memory must go back to the system
 * when it ends. A worker thread's allocations stay with the process's allocator after the thread has
 * exited (a 40,000-track playlists preview left 103 MiB resident once its worker thread had gone, and
 * more after each reopening); a process takes its memory with it.
 */
import {fork, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';

/** A node child's heap limits (V8's defaults where unset). */
export type HeapLimits = {
	/** The old space, the heap's limit. */
	maxOldSpaceMb?: number;
	/** The young generation's semi-space (V8's default grows it up to 16 MiB). */
	semiSpaceMb?: number;
};

export type ModuleProcessOptions = HeapLimits & {
	/** Given to the child as its one argument, as JSON. */
	data?: unknown;
};

/** Node's options for a child running `script`: its heap limits, and tsx's loader for a .ts script (tests, benches). */
export function moduleNodeOptions(script: string, heap: HeapLimits = {}): string[] {
	const options: string[] = [];
	if (heap.maxOldSpaceMb !== undefined) options.push(`--max-old-space-size=${heap.maxOldSpaceMb}`);
	if (heap.semiSpaceMb !== undefined) options.push(`--max-semi-space-size=${heap.semiSpaceMb}`);
	if (script.endsWith('.ts')) options.push('--import', import.meta.resolve('tsx'));
	return options;
}

/** Whether what a node child wrote on stderr says V8 stopped it for want of heap. */
export function ranOutOfHeap(stderr: string): boolean {
	return /heap out of memory|Reached heap limit/.test(stderr);
}

/**
 * Starts `url` (a script from moduleWorkerUrl) in a child node with an IPC channel that carries
 * structured clones, as postMessage does. Its stdout is dropped (the live view owns the terminal) and
 * its stderr piped for the caller to read why it died. The parent's node options are not passed on.
 */
export function startModuleProcess(url: URL, options: ModuleProcessOptions = {}): ChildProcess {
	const script = fileURLToPath(url);
	return fork(script, [JSON.stringify(options.data ?? null)], {
		execArgv: moduleNodeOptions(script, options),
		serialization: 'advanced',
		stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
	});
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
