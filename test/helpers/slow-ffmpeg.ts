import fs from 'node:fs';
import path from 'node:path';
import {ffmpeg} from './fixtures.js';

/**
 * A wrapper that runs the real ffmpeg reading its input at its natural speed (-re), so that a decode
 * lasts as long as the track: time enough to interrupt a run at a chosen moment.
 */
export function slowFfmpeg(dir: string): string {
	const file = path.join(dir, 'ffmpeg-realtime');
	fs.writeFileSync(file, `#!/bin/sh\nexec ${JSON.stringify(ffmpeg())} -re "$@"\n`, {mode: 0o755});
	return file;
}

/** Child pids of a process, from /proc. */
export function childPids(pid: number): number[] {
	const children: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === pid) children.push(Number(entry));
		} catch {}
	}
	return children;
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
}

export {waitFor} from './wait.js';
