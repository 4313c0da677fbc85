/**
 * Runs a command inside a memory-limited cgroup, where this machine lets us make one (root, or a
 * delegated cgroup v2 subtree). Used by the low-RAM demo and its test.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {parseProcCgroup} from '../source/memory/total.js';

export type MemoryCgroup = {
	version: 'v1' | 'v2';
	dir: string;
	/** Adds a process to the cgroup. */
	procsFile: string;
	/** Kills the cgroup's OOM killer made, read after the run. */
	oomKills: () => number;
	remove: () => void;
};

function tryMake(dir: string, limitFile: string, limitBytes: number): boolean {
	try {
		fs.mkdirSync(dir, {recursive: true});
		fs.writeFileSync(path.join(dir, limitFile), String(limitBytes));
		return Number(fs.readFileSync(path.join(dir, limitFile), 'utf8').trim()) <= limitBytes;
	} catch {
		try {
			fs.rmdirSync(dir);
		} catch {}
		return false;
	}
}

function countOom(file: string): number {
	try {
		const match = /^oom_kill (\d+)/m.exec(fs.readFileSync(file, 'utf8'));
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}

/** Makes a child cgroup of ours with a memory limit, or returns undefined with the reason. */
export function makeMemoryCgroup(limitBytes: number, name = `playlistgen-lowram-${process.pid}`): MemoryCgroup | string {
	let procText: string;
	try {
		procText = fs.readFileSync('/proc/self/cgroup', 'utf8');
	} catch {
		return 'no /proc/self/cgroup (not Linux?)';
	}
	const {v2, v1Memory} = parseProcCgroup(procText);
	const candidates: Array<[MemoryCgroup['version'], string, string, string]> = [];
	if (v1Memory !== undefined) candidates.push(['v1', path.join('/sys/fs/cgroup/memory', v1Memory, name), 'memory.limit_in_bytes', 'memory.oom_control']);
	if (v2 !== undefined && fs.existsSync('/sys/fs/cgroup/cgroup.controllers')) {
		candidates.push(['v2', path.join('/sys/fs/cgroup', v2, name), 'memory.max', 'memory.events']);
	}
	for (const [version, dir, limitFile, eventsFile] of candidates) {
		if (tryMake(dir, limitFile, limitBytes)) {
			if (version === 'v1') {
				// Without swap accounting the limit could be dodged by swapping; set it where the kernel has it.
				try {
					fs.writeFileSync(path.join(dir, 'memory.memsw.limit_in_bytes'), String(limitBytes));
				} catch {}
			}
			return {
				version,
				dir,
				procsFile: path.join(dir, 'cgroup.procs'),
				oomKills: () => countOom(path.join(dir, eventsFile)),
				remove: () => {
					try {
						fs.rmdirSync(dir);
					} catch {}
				},
			};
		}
	}
	return candidates.length === 0 ? 'no memory cgroup controller' : 'cannot create a memory cgroup here (not root, or no delegated subtree)';
}

export type RunResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

/** Runs node with args, inside the cgroup when one is given (the shell joins it, then execs node). */
export function runNodeIn(
	cgroup: MemoryCgroup | undefined,
	args: string[],
	options: {cwd?: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void} = {},
): Promise<RunResult> {
	const spawnOptions = {cwd: options.cwd, env: options.env};
	return new Promise((resolve, reject) => {
		const command = cgroup
			? spawn('/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', cgroup.procsFile, process.execPath, ...args], {
					...spawnOptions,
					stdio: ['ignore', 'pipe', 'pipe'],
				})
			: spawn(process.execPath, args, {...spawnOptions, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		let partial = '';
		command.stdout.setEncoding('utf8');
		command.stdout.on('data', (text: string) => {
			stdout += text;
			if (!options.onLine) return;
			const lines = (partial + text).split('\n');
			partial = lines.pop()!;
			for (const line of lines) options.onLine(line);
		});
		command.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
		command.on('error', reject);
		command.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
}
