import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** One paragraph describing the machine a benchmark ran on. */
export function describeMachine(ffmpegPath = 'ffmpeg'): string {
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	const ffmpeg = spawnSync(ffmpegPath, ['-version'], {encoding: 'utf8'}).stdout?.split('\n')[0] ?? 'ffmpeg: not found';
	let cgroup = '';
	try {
		const max = fs.readFileSync('/sys/fs/cgroup/memory.max', 'utf8').trim();
		if (max !== 'max') cgroup = `, cgroup memory.max ${(Number(max) / 1024 ** 3).toFixed(1)} GiB`;
	} catch {}
	return (
		`${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM${cgroup}, ` +
		`${os.type()} ${os.release()}, Node ${process.version}, ${ffmpeg.replace(/ Copyright.*/, '')}`
	);
}

/** Peak resident set (VmHWM) in MiB since the last reset. */
export function peakRssMiB(): number {
	const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Resets the peak resident set (Linux: writing 5 to clear_refs); false where that is refused. */
export function resetPeak(): boolean {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

let childrenCpuSeen = 0;

/** CPU seconds (user + system) of the children waited for since the last call: cutime and cstime of /proc/self/stat. */
export function childrenCpuSeconds(): number {
	const fields = (fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
	// After the command the state is field 3; cutime and cstime are fields 16 and 17, in ticks of 1/100 s.
	const seconds = (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100;
	const spent = seconds - childrenCpuSeen;
	childrenCpuSeen = seconds;
	return spent;
}

/** The audio files under `folder`, as names relative to it, sorted; every `every`-th of them. */
export function audioFilesUnder(folder: string, every = 1): string[] {
	return fs
		.readdirSync(folder, {recursive: true, encoding: 'utf8'})
		.filter(name => /\.(mp3|ogg|flac|opus|m4a|wav)$/i.test(name))
		.sort()
		.filter((_, i) => i % every === 0);
}
