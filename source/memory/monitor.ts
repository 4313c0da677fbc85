import pidusage from 'pidusage';
import {budgetBytes, type MemoryState} from './budget.js';
import {systemUsedBytes, type TotalMemory} from './total.js';
import {
	aloneInCgroup,
	ancestorPids,
	cgroupFilesOf,
	cgroupProcesses,
	readCgroupWorkingSet,
	readTreePss,
	type CgroupFiles,
	type ChildMemory,
	type TreeMemory,
	type WorkingSetSource,
} from './working-set.js';

export type MemorySample = {
	at: number;
	/**
	 * What counts against the budget: the cgroup's working set when we are alone in a limited cgroup,
	 * else the process tree's PSS (node and its ffmpeg children), else (no smaps) its RSS.
	 */
	workingSetBytes: number;
	workingSetSource: WorkingSetSource;
	/** Resident memory of the whole process tree: node (with its worker threads) plus ffmpeg children. */
	rssBytes: number;
	/** The part of rssBytes that belongs to child processes. */
	childRssBytes: number;
	heapUsedBytes: number;
	heapTotalBytes: number;
	/** Memory outside the V8 heap that a GC can free too: ArrayBuffers and other external memory. */
	externalBytes: number;
	totalBytes: number;
	totalSource: TotalMemory['source'];
	limitPercent: number;
	budgetBytes: number;
	/** workingSetBytes as a percentage of the budget. */
	budgetUsedPercent: number;
	/** The fixed cost of the run as it is set up now (see session/memory/floor.ts); 0 until measured. */
	floorBytes: number;
	/** Memory in use on the machine (or container, or the pretended --ram machine) as a percentage of its total. */
	systemUsedPercent: number;
	/** Memory still usable: the smaller of what the budget leaves and what the system has free. */
	availableBytes: number;
};

export type MonitorOptions = {
	total: TotalMemory;
	limitPercent: () => number;
	childPids: () => number[];
	/** The floor to show beside the budget (the session measures it). */
	floorBytes?: () => number;
	intervalMs?: number;
};

/** How often to look again whether the cgroup holds other programs. */
const ALONE_CHECK_MS = 5000;

/**
 * Below this share of the budget a sample every CALM_FACTOR ticks is enough. Reading smaps_rollup walks
 * every page a process maps (a few milliseconds for node and its decoders), which at four readings a
 * second was a third of the main thread's time; near the budget the readings come at every tick again.
 */
export const CALM_PERCENT = 60;
export const CALM_FACTOR = 4;

/** Whether a tick may skip its reading: memory far from the budget, and the last reading recent enough. Pure. */
export function calmTick(latest: {budgetUsedPercent: number; at: number}, now: number, intervalMs: number): boolean {
	return latest.budgetUsedPercent < CALM_PERCENT && now - latest.at < CALM_FACTOR * intervalMs - intervalMs / 2;
}

async function treeRss(childPids: number[]): Promise<Omit<TreeMemory, 'workingSetSource'>> {
	const self = process.memoryUsage.rss();
	// Without smaps nothing says what is shared: each child counts in full, as its own.
	const children = new Map<number, ChildMemory>();
	// One call per pid: a child that has just exited must not spoil the others' figures.
	const results = await Promise.allSettled(childPids.map(async pid => [pid, (await pidusage(pid)).memory] as const));
	let childRss = 0;
	for (const result of results) {
		if (result.status !== 'fulfilled') continue;
		childRss += result.value[1];
		children.set(result.value[0], {bytes: result.value[1], privateBytes: result.value[1]});
	}
	return {workingSetBytes: self + childRss, rssBytes: self + childRss, childRssBytes: childRss, selfBytes: self, children};
}

/**
 * Samples the process tree's memory several times a second. Samples feed the display,
 * the chunk scheduler and backpressure; the session decides what to do with them.
 */
export class MemoryMonitor {
	#timer: NodeJS.Timeout | undefined;
	#latest: MemorySample;
	/** The last sample read from /proc (the first #latest is only node's RSS). */
	#lastRead: MemorySample | undefined;
	/** Between two ticks of the timer. */
	readonly #intervalMs: number;
	#tree: TreeMemory;
	#peakRss = 0;
	#peakWorkingSet = 0;
	#listeners = new Set<(sample: MemorySample) => void>();
	#sampling: Promise<MemorySample> | undefined;
	readonly #cgroup: CgroupFiles | undefined;
	#alone: {at: number; value: boolean} | undefined;
	#ancestors: number[] | undefined;

	constructor(private readonly options: MonitorOptions) {
		const {total} = options;
		this.#intervalMs = options.intervalMs ?? 250;
		this.#cgroup = total.usageFile && total.source.startsWith('cgroup') ? cgroupFilesOf(total.usageFile) : undefined;
		const rss = process.memoryUsage.rss();
		this.#tree = {workingSetBytes: rss, workingSetSource: 'rss', rssBytes: rss, childRssBytes: 0, selfBytes: rss, children: new Map()};
		this.#latest = this.#compose();
	}

	get latest(): MemorySample {
		return this.#latest;
	}

	/** The latest reading of the tree, with each child's share: what the floor is measured from. */
	get tree(): TreeMemory {
		return this.#tree;
	}

	get peakRssBytes(): number {
		return this.#peakRss;
	}

	get peakWorkingSetBytes(): number {
		return this.#peakWorkingSet;
	}

	/** The state the chunk scheduler reasons about, from the latest sample and the current limit. */
	state(): MemoryState {
		const sample = this.#compose();
		return {budgetBytes: sample.budgetBytes, usedBytes: sample.workingSetBytes, availableBytes: sample.availableBytes};
	}

	onSample(listener: (sample: MemorySample) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	start(): void {
		if (this.#timer) return;
		this.#timer = setInterval(() => {
			if (!calmTick(this.#latest, Date.now(), this.#intervalMs)) void this.sample();
		}, this.#intervalMs);
		this.#timer.unref();
		void this.sample();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = undefined;
		pidusage.clear();
	}

	/**
	 * A reading to judge the budget by: the last one taken while it is recent and memory far from the
	 * budget (as the timer's ticks judge), else a fresh one. The session asks every few chunks; a fresh
	 * reading at each ask, four a second, was a fifth of the main thread's time (0.9 s over the dev corpus).
	 */
	async reading(): Promise<MemorySample> {
		const last = this.#lastRead;
		return last && calmTick(last, Date.now(), this.#intervalMs) ? last : this.sample();
	}

	/** Takes a sample now (concurrent callers share one). */
	async sample(): Promise<MemorySample> {
		this.#sampling ??= (async () => {
			try {
				this.#tree = await this.#readTree();
				const sample = this.#compose();
				this.#latest = sample;
				this.#lastRead = sample;
				this.#peakRss = Math.max(this.#peakRss, sample.rssBytes);
				this.#peakWorkingSet = Math.max(this.#peakWorkingSet, sample.workingSetBytes);
				for (const listener of this.#listeners) listener(sample);
				return sample;
			} finally {
				this.#sampling = undefined;
			}
		})();
		return this.#sampling;
	}

	async #readTree(): Promise<TreeMemory> {
		const childPids = this.options.childPids();
		const pss = readTreePss(childPids);
		const tree: TreeMemory = pss ? {...pss, workingSetSource: 'pss'} : {...(await treeRss(childPids)), workingSetSource: 'rss'};
		if (this.#cgroup && this.#aloneInCgroup(childPids)) {
			const bytes = readCgroupWorkingSet(this.#cgroup);
			if (bytes !== undefined) return {...tree, workingSetBytes: bytes, workingSetSource: 'cgroup'};
		}
		return tree;
	}

	/** Whether the limited cgroup holds only us (looked at again every few seconds). */
	#aloneInCgroup(childPids: number[]): boolean {
		const now = Date.now();
		if (this.#alone && now - this.#alone.at < ALONE_CHECK_MS) return this.#alone.value;
		this.#ancestors ??= ancestorPids();
		const ours = new Set([process.pid, ...childPids, ...this.#ancestors]);
		const value = aloneInCgroup(cgroupProcesses(this.#cgroup!.dir), ours);
		this.#alone = {at: now, value};
		return value;
	}

	#compose(): MemorySample {
		const {total} = this.options;
		const tree = this.#tree;
		const limitPercent = this.options.limitPercent();
		const budget = budgetBytes(total, limitPercent);
		const used = tree.workingSetBytes;
		const memory = process.memoryUsage();
		// Under --ram the pretended machine holds nothing but us; otherwise ask the system (or the cgroup).
		// Inside a cgroup, its working set: the page cache the kernel would drop is not "used".
		const systemUsed = total.source === '--ram' ? used : ((this.#cgroup && readCgroupWorkingSet(this.#cgroup)) ?? systemUsedBytes(total));
		const systemFree = Math.max(0, total.totalBytes - systemUsed);
		return {
			at: Date.now(),
			workingSetBytes: used,
			workingSetSource: tree.workingSetSource,
			rssBytes: tree.rssBytes,
			childRssBytes: tree.childRssBytes,
			heapUsedBytes: memory.heapUsed,
			heapTotalBytes: memory.heapTotal,
			externalBytes: memory.external,
			totalBytes: total.totalBytes,
			totalSource: total.source,
			limitPercent,
			budgetBytes: budget,
			budgetUsedPercent: budget > 0 ? (used / budget) * 100 : 100,
			floorBytes: this.options.floorBytes?.() ?? 0,
			systemUsedPercent: Math.min(100, (systemUsed / total.totalBytes) * 100),
			availableBytes: Math.max(0, Math.min(budget - used, systemFree)),
		};
	}
}
