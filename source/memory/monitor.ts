import pidusage from 'pidusage';
import {budgetBytes, type MemoryState} from './budget.js';
import {systemUsedBytes, type TotalMemory} from './total.js';

export type MemorySample = {
	at: number;
	/** Resident memory of the whole process tree: node (with its worker threads) plus ffmpeg children. */
	rssBytes: number;
	/** The part of rssBytes that belongs to child processes. */
	childRssBytes: number;
	heapUsedBytes: number;
	heapTotalBytes: number;
	totalBytes: number;
	totalSource: TotalMemory['source'];
	limitPercent: number;
	budgetBytes: number;
	/** rssBytes as a percentage of the budget. */
	budgetUsedPercent: number;
	/** Memory in use on the machine (or container, or the pretended --ram machine) as a percentage of its total. */
	systemUsedPercent: number;
	/** Memory still usable: the smaller of what the budget leaves and what the system has free. */
	availableBytes: number;
};

export type MonitorOptions = {
	total: TotalMemory;
	limitPercent: () => number;
	childPids: () => number[];
	intervalMs?: number;
};

async function treeRss(childPids: number[]): Promise<{self: number; children: number}> {
	const self = process.memoryUsage.rss();
	if (childPids.length === 0) return {self, children: 0};
	// One call per pid: a child that has just exited must not spoil the others' figures.
	const results = await Promise.allSettled(childPids.map(async pid => pidusage(pid)));
	let children = 0;
	for (const result of results) if (result.status === 'fulfilled') children += result.value.memory;
	return {self, children};
}

/**
 * Samples the process tree's memory several times a second. Samples feed the display,
 * the chunk scheduler and backpressure; the session decides what to do with them.
 */
export class MemoryMonitor {
	#timer: NodeJS.Timeout | undefined;
	#latest: MemorySample;
	#peakRss = 0;
	#listeners = new Set<(sample: MemorySample) => void>();
	#sampling: Promise<MemorySample> | undefined;

	constructor(private readonly options: MonitorOptions) {
		this.#latest = this.#compose(process.memoryUsage.rss(), 0);
	}

	get latest(): MemorySample {
		return this.#latest;
	}

	get peakRssBytes(): number {
		return this.#peakRss;
	}

	/** The state the chunk scheduler reasons about, from the latest sample and the current limit. */
	state(): MemoryState {
		const sample = this.#compose(this.#latest.rssBytes - this.#latest.childRssBytes, this.#latest.childRssBytes);
		return {budgetBytes: sample.budgetBytes, usedBytes: sample.rssBytes, availableBytes: sample.availableBytes};
	}

	onSample(listener: (sample: MemorySample) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	start(): void {
		if (this.#timer) return;
		const interval = this.options.intervalMs ?? 250;
		this.#timer = setInterval(() => void this.sample(), interval);
		this.#timer.unref();
		void this.sample();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = undefined;
		pidusage.clear();
	}

	/** Takes a sample now (concurrent callers share one). */
	async sample(): Promise<MemorySample> {
		this.#sampling ??= (async () => {
			try {
				const {self, children} = await treeRss(this.options.childPids());
				const sample = this.#compose(self, children);
				this.#latest = sample;
				for (const listener of this.#listeners) listener(sample);
				return sample;
			} finally {
				this.#sampling = undefined;
			}
		})();
		return this.#sampling;
	}

	#compose(selfRss: number, childRss: number): MemorySample {
		const {total} = this.options;
		const limitPercent = this.options.limitPercent();
		const budget = budgetBytes(total, limitPercent);
		const rssBytes = selfRss + childRss;
		this.#peakRss = Math.max(this.#peakRss, rssBytes);
		const heap = process.memoryUsage();
		// Under --ram the pretended machine holds nothing but us; otherwise ask the system (or the cgroup).
		const systemUsed = total.source === '--ram' ? rssBytes : systemUsedBytes(total);
		const systemFree = Math.max(0, total.totalBytes - systemUsed);
		return {
			at: Date.now(),
			rssBytes,
			childRssBytes: childRss,
			heapUsedBytes: heap.heapUsed,
			heapTotalBytes: heap.heapTotal,
			totalBytes: total.totalBytes,
			totalSource: total.source,
			limitPercent,
			budgetBytes: budget,
			budgetUsedPercent: budget > 0 ? (rssBytes / budget) * 100 : 100,
			systemUsedPercent: Math.min(100, (systemUsed / total.totalBytes) * 100),
			availableBytes: Math.max(0, Math.min(budget - rssBytes, systemFree)),
		};
	}
}
