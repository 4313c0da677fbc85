import fs from 'node:fs';
import path from 'node:path';

/**
 * Memory as the kernel counts it. RSS counts a shared library page in full in every process that maps
 * it, and a cgroup's charge includes page cache the kernel drops under its limit; what matters is the
 * working set: under a cgroup its charge minus inactive file cache, else the proportional set size
 * (PSS) of our process tree. Parsers are pure; the readers return undefined where a file cannot be read.
 */

export type WorkingSetSource = 'cgroup' | 'pss' | 'rss';

/** Figures of /proc/PID/smaps_rollup, in bytes. */
export type SmapsRollup = {rss: number; pss: number; pssAnon: number | undefined; privateDirty: number | undefined};

/** Parses /proc/PID/smaps_rollup ("Pss:  1234 kB" lines); undefined without Rss and Pss. */
export function parseSmapsRollup(text: string): SmapsRollup | undefined {
	const fields = new Map<string, number>();
	for (const match of text.matchAll(/^(\w+):\s+(\d+) kB$/gm)) fields.set(match[1]!, Number(match[2]) * 1024);
	const rss = fields.get('Rss');
	const pss = fields.get('Pss');
	if (rss === undefined || pss === undefined) return undefined;
	return {rss, pss, pssAnon: fields.get('Pss_Anon'), privateDirty: fields.get('Private_Dirty')};
}

/** Parses a cgroup's memory.stat ("inactive_file 1234" lines) into a map of byte counts. */
export function parseMemoryStat(text: string): Map<string, number> {
	const stat = new Map<string, number>();
	for (const line of text.split('\n')) {
		const [key, value] = line.trim().split(/\s+/);
		if (key && value !== undefined && /^\d+$/.test(value)) stat.set(key, Number(value));
	}
	return stat;
}

/**
 * The working set of a cgroup, as container tools report it: usage minus inactive file cache, which
 * the kernel reclaims before it would kill. v1 reports the hierarchy's figure as total_inactive_file.
 */
export function cgroupWorkingSet(version: 'v1' | 'v2', usageBytes: number, stat: Map<string, number>): number {
	const inactive = version === 'v1' ? (stat.get('total_inactive_file') ?? stat.get('inactive_file')) : stat.get('inactive_file');
	return Math.max(0, usageBytes - (inactive ?? 0));
}

function readText(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

/** smaps_rollup of one process (Linux 4.14+), or undefined (gone, another OS, no permission). */
export function readSmapsRollup(pid: number | 'self', procRoot = '/proc'): SmapsRollup | undefined {
	const text = readText(path.join(procRoot, String(pid), 'smaps_rollup'));
	return text === undefined ? undefined : parseSmapsRollup(text);
}

/** Where a cgroup's usage is read, and which version's stat names apply. */
export type CgroupFiles = {version: 'v1' | 'v2'; dir: string};

/** The cgroup directory of a usage file from TotalMemory (memory.current or memory.usage_in_bytes). */
export function cgroupFilesOf(usageFile: string): CgroupFiles {
	return {version: usageFile.endsWith('memory.current') ? 'v2' : 'v1', dir: path.dirname(usageFile)};
}

/** The working set of a cgroup now, or undefined when its files cannot be read. */
export function readCgroupWorkingSet(cgroup: CgroupFiles): number | undefined {
	const usage = readText(path.join(cgroup.dir, cgroup.version === 'v2' ? 'memory.current' : 'memory.usage_in_bytes'));
	const stat = readText(path.join(cgroup.dir, 'memory.stat'));
	const bytes = Number(usage?.trim());
	if (usage === undefined || stat === undefined || !Number.isFinite(bytes)) return undefined;
	return cgroupWorkingSet(cgroup.version, bytes, parseMemoryStat(stat));
}

/** Every process in a cgroup and its descendants (cgroup.procs of each directory). */
export function cgroupProcesses(dir: string): number[] {
	const pids: number[] = [];
	const text = readText(path.join(dir, 'cgroup.procs'));
	for (const line of text?.split('\n') ?? []) if (/^\d+$/.test(line.trim())) pids.push(Number(line));
	let entries: fs.Dirent[] = [];
	try {
		entries = fs.readdirSync(dir, {withFileTypes: true});
	} catch {}
	for (const entry of entries) if (entry.isDirectory()) pids.push(...cgroupProcesses(path.join(dir, entry.name)));
	return pids;
}

/** The parent pid from /proc/PID/stat (the field after the parenthesised command name). */
export function parseParentPid(statText: string): number | undefined {
	const match = /\)\s+\S+\s+(\d+)/.exec(statText);
	return match ? Number(match[1]) : undefined;
}

/** This process's ancestors up to init: the shell or service manager that started us. */
export function ancestorPids(pid = process.pid, procRoot = '/proc'): number[] {
	const ancestors: number[] = [];
	let current = pid;
	while (current > 1 && ancestors.length < 64) {
		const parent = parseParentPid(readText(path.join(procRoot, String(current), 'stat')) ?? '');
		if (parent === undefined || parent === 0) break;
		ancestors.push(parent);
		current = parent;
	}
	return ancestors;
}

/**
 * We are alone in a cgroup when every process in it is ours: this process, a child we started, or an
 * ancestor that started us (a shell, tini, systemd-run's scope). Then the cgroup's working set is our
 * cost; otherwise it holds other programs' memory too, and only our tree's PSS is ours.
 */
export function aloneInCgroup(cgroupPids: readonly number[], ours: ReadonlySet<number>): boolean {
	return cgroupPids.length > 0 && cgroupPids.every(pid => ours.has(pid));
}

/**
 * One child process: its share of the working set, and the part of it that is its own (anonymous
 * memory: what a second decoder adds, since the library pages are shared and divided among them).
 */
export type ChildMemory = {bytes: number; privateBytes: number};

/** One reading of the process tree: the working set and where it came from, with RSS beside it. */
export type TreeMemory = {
	workingSetBytes: number;
	workingSetSource: WorkingSetSource;
	/** Resident memory summed over the tree (shared pages counted once per process). */
	rssBytes: number;
	childRssBytes: number;
	/** This process's own share: its PSS, or its RSS where smaps cannot be read. */
	selfBytes: number;
	/** Each child's PSS (or RSS), and its private part, by pid. */
	children: Map<number, ChildMemory>;
};

/**
 * Sums the tree's PSS (node and the given children) from smaps_rollup; undefined when this process's
 * own smaps cannot be read. A child that has just exited counts as nothing.
 */
export function readTreePss(childPids: readonly number[], procRoot = '/proc'): Omit<TreeMemory, 'workingSetSource'> | undefined {
	const self = readSmapsRollup('self', procRoot);
	if (!self) return undefined;
	let pss = self.pss;
	let childRss = 0;
	const children = new Map<number, ChildMemory>();
	for (const pid of childPids) {
		const child = readSmapsRollup(pid, procRoot);
		if (!child) continue;
		pss += child.pss;
		childRss += child.rss;
		children.set(pid, {bytes: child.pss, privateBytes: child.pssAnon ?? child.privateDirty ?? child.pss});
	}
	return {workingSetBytes: pss, rssBytes: self.rss + childRss, childRssBytes: childRss, selfBytes: self.pss, children};
}
