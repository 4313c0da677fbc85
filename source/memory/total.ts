import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {formatBytes} from '../util/units.js';

export type TotalSource = 'cgroup v2' | 'cgroup v1' | 'machine' | '--ram';

export type TotalMemory = {
	totalBytes: number;
	source: TotalSource;
	/** Where the limit was read, e.g. /sys/fs/cgroup/user.slice/memory.max. */
	detail: string;
	/** The file to read current usage from, for the same cgroup (system "used" within a container). */
	usageFile?: string;
	/** --ram asked for more than this memory, and was not trusted: the budget comes from this memory. */
	ramAboveBytes?: number;
};

/** cgroup v1 reports "no limit" as a huge page-aligned number. */
const V1_UNLIMITED = 2 ** 62;

function readNumber(file: string): number | undefined {
	try {
		const text = fs.readFileSync(file, 'utf8').trim();
		if (text === 'max' || text === '') return undefined;
		const value = Number(text);
		return Number.isFinite(value) && value > 0 && value < V1_UNLIMITED ? value : undefined;
	} catch {
		return undefined;
	}
}

/** Parses /proc/self/cgroup into {v2 path, v1 memory path}. */
export function parseProcCgroup(text: string): {v2?: string; v1Memory?: string} {
	const result: {v2?: string; v1Memory?: string} = {};
	for (const line of text.split('\n')) {
		const [id, controllers, cgroupPath] = line.split(':');
		if (cgroupPath === undefined) continue;
		if (id === '0' && controllers === '') result.v2 = cgroupPath;
		else if (controllers!.split(',').includes('memory')) result.v1Memory = cgroupPath;
	}
	return result;
}

/** The lowest limit on the way from this cgroup to the root (a parent's limit binds its children). */
function lowestOnPath(base: string, cgroupPath: string, file: string): {bytes: number; file: string} | undefined {
	let best: {bytes: number; file: string} | undefined;
	let current = cgroupPath;
	for (;;) {
		const candidate = path.join(base, current, file);
		const bytes = readNumber(candidate);
		if (bytes !== undefined && (!best || bytes < best.bytes)) best = {bytes, file: candidate};
		if (current === '/' || current === '' || current === '.') break;
		current = path.dirname(current);
	}
	return best;
}

/**
 * Total RAM as this process can use it: the cgroup limit where one is set (v2 memory.max, else v1
 * memory.limit_in_bytes), else the machine's memory; the lowest real limit wins. `ram` (--ram) stands
 * in for it when it is smaller, or when `trustRam`; above it, the real figure is kept and `ramAboveBytes`
 * says what was asked. `root` exists so tests can point at a fake /proc and /sys.
 */
export function detectTotalMemory(options: {ram?: number; trustRam?: boolean; root?: string; machineBytes?: number} = {}): TotalMemory {
	const {ram} = options;
	if (ram !== undefined && options.trustRam) return pretended(ram);
	const real = detectRealMemory(options.root ?? '/', options.machineBytes ?? os.totalmem());
	if (ram === undefined) return real;
	return ram <= real.totalBytes ? pretended(ram) : {...real, ramAboveBytes: ram};
}

function pretended(ram: number): TotalMemory {
	return {totalBytes: ram, source: '--ram', detail: `--ram ${ram}`};
}

/** What a --ram above the real memory is told: the real figure, and how to insist. Undefined otherwise. */
export function ramWarning(total: TotalMemory): string | undefined {
	if (total.ramAboveBytes === undefined) return undefined;
	const real = formatBytes(total.totalBytes);
	const what = total.source === 'machine' ? `this machine's memory, ${real}` : `the ${total.source} limit, ${real} (${total.detail})`;
	return `--ram ${formatBytes(total.ramAboveBytes)} is more than ${what}: the budget comes from ${real}; --trust-ram takes ${formatBytes(total.ramAboveBytes)} anyway`;
}

function detectRealMemory(root: string, machineBytes: number): TotalMemory {
	let best: TotalMemory = {totalBytes: machineBytes, source: 'machine', detail: 'os.totalmem()'};
	let procText = '';
	try {
		procText = fs.readFileSync(path.join(root, 'proc/self/cgroup'), 'utf8');
	} catch {
		return best;
	}
	const {v2, v1Memory} = parseProcCgroup(procText);
	if (v2 !== undefined) {
		const base = path.join(root, 'sys/fs/cgroup');
		const limit = lowestOnPath(base, v2, 'memory.max');
		if (limit && limit.bytes < best.totalBytes) {
			best = {totalBytes: limit.bytes, source: 'cgroup v2', detail: limit.file, usageFile: path.join(path.dirname(limit.file), 'memory.current')};
		}
	}
	if (v1Memory !== undefined) {
		const base = path.join(root, 'sys/fs/cgroup/memory');
		const limit = lowestOnPath(base, v1Memory, 'memory.limit_in_bytes');
		if (limit && limit.bytes < best.totalBytes) {
			best = {totalBytes: limit.bytes, source: 'cgroup v1', detail: limit.file, usageFile: path.join(path.dirname(limit.file), 'memory.usage_in_bytes')};
		}
	}
	return best;
}

/** Bytes in use on the "machine" as we see it: the cgroup's usage inside a container, else total − available. */
export function systemUsedBytes(total: TotalMemory): number {
	if (total.usageFile) {
		const used = readNumber(total.usageFile);
		if (used !== undefined) return used;
	}
	return os.totalmem() - os.freemem();
}
