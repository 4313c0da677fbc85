import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {parseProcCgroup} from '../../source/memory/total.js';
import {
	aloneInCgroup,
	ancestorPids,
	cgroupProcesses,
	cgroupWorkingSet,
	parseMemoryStat,
	parseParentPid,
	parseSmapsRollup,
	readCgroupWorkingSet,
	readSmapsRollup,
	readTreePss,
} from '../../source/memory/working-set.js';
import {tempDir} from '../helpers/fixtures.js';

const MiB = 1024 ** 2;

// An ffmpeg decoding an Ogg, as /proc/PID/smaps_rollup showed it (Linux 6.1).
const FFMPEG_ROLLUP = `55d0c7a4e000-7ffd5a3f4000 ---p 00000000 00:00 0                          [rollup]
Rss:               53412 kB
Pss:               40880 kB
Pss_Dirty:         10368 kB
Pss_Anon:          10240 kB
Pss_File:          30640 kB
Pss_Shmem:             0 kB
Shared_Clean:      16200 kB
Shared_Dirty:          0 kB
Private_Clean:     26844 kB
Private_Dirty:     10368 kB
Referenced:        53412 kB
Anonymous:         10240 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
`;

// cgroup v2 memory.stat of a 128 MiB scope, captured during a run (trimmed).
const V2_STAT = `anon 61440000
file 70582272
kernel 3211264
kernel_stack 311296
pagetables 1142784
shmem 0
file_mapped 28672000
file_dirty 0
file_writeback 0
inactive_anon 61210624
active_anon 229376
inactive_file 52428800
active_file 18153472
unevictable 0
slab_reclaimable 1048576
slab_unreclaimable 524288
workingset_refault_file 18422
pgfault 221330
`;

// cgroup v1 memory.stat: the cgroup's own figures, then total_* over its hierarchy.
const V1_STAT = `cache 82812928
rss 1851392
inactive_anon 1818624
active_anon 16384
inactive_file 8000000
active_file 4141056
hierarchical_memory_limit 134217728
total_cache 82812928
total_rss 1851392
total_inactive_anon 1818624
total_active_anon 16384
total_inactive_file 78671872
total_active_file 4141056
`;

test('smaps_rollup: Rss and Pss in bytes, with the anonymous and private dirty parts', t => {
	const rollup = parseSmapsRollup(FFMPEG_ROLLUP)!;
	t.is(rollup.rss, 53412 * 1024);
	t.is(rollup.pss, 40880 * 1024);
	t.is(rollup.pssAnon, 10240 * 1024);
	t.is(rollup.privateDirty, 10368 * 1024);
	t.is(parseSmapsRollup('Rss: 12 kB\n'), undefined, 'no Pss: not a rollup');
});

test('the working set of a v2 cgroup is memory.current minus inactive_file', t => {
	const stat = parseMemoryStat(V2_STAT);
	t.is(stat.get('inactive_file'), 52428800);
	t.is(cgroupWorkingSet('v2', 134000000, stat), 134000000 - 52428800);
	t.is(cgroupWorkingSet('v2', 1000, stat), 0, 'never below zero');
});

test('the working set of a v1 cgroup uses the hierarchy figure total_inactive_file', t => {
	const stat = parseMemoryStat(V1_STAT);
	t.is(cgroupWorkingSet('v1', 84664320, stat), 84664320 - 78671872);
	t.is(cgroupWorkingSet('v1', 84664320, parseMemoryStat('inactive_file 8000000\n')), 84664320 - 8000000, 'falls back to inactive_file');
});

test('reads a v2 cgroup from its files, and nothing from a missing one', t => {
	const dir = tempDir(t);
	fs.writeFileSync(path.join(dir, 'memory.current'), '134000000\n');
	fs.writeFileSync(path.join(dir, 'memory.stat'), V2_STAT);
	t.is(readCgroupWorkingSet({version: 'v2', dir}), 134000000 - 52428800);
	t.is(readCgroupWorkingSet({version: 'v2', dir: path.join(dir, 'gone')}), undefined);
});

test('reads the real v1 cgroup of this process where the machine has one', t => {
	let cgroup: string | undefined;
	try {
		cgroup = parseProcCgroup(fs.readFileSync('/proc/self/cgroup', 'utf8')).v1Memory;
	} catch {}
	const dir = cgroup === undefined ? undefined : path.join('/sys/fs/cgroup/memory', cgroup);
	if (!dir || !fs.existsSync(path.join(dir, 'memory.usage_in_bytes'))) {
		t.log('no cgroup v1 memory controller here');
		t.is(readCgroupWorkingSet({version: 'v1', dir: dir ?? '/nonexistent'}), undefined);
		return;
	}
	const usage = Number(fs.readFileSync(path.join(dir, 'memory.usage_in_bytes'), 'utf8'));
	const workingSet = readCgroupWorkingSet({version: 'v1', dir})!;
	t.true(workingSet >= 0 && workingSet <= usage * 1.5, `${workingSet} against usage ${usage}`);
	t.true(cgroupProcesses(dir).includes(process.pid), 'this process is listed in its cgroup');
});

test('a real read of /proc/self/smaps_rollup: PSS is at most RSS, and the tree adds its children', t => {
	const self = readSmapsRollup('self');
	if (!self) {
		t.log('no smaps_rollup here (not Linux?)');
		t.is(readTreePss([]), undefined);
		return;
	}
	t.true(self.pss > 10 * MiB, 'node itself holds more than 10 MiB');
	t.true(self.pss <= self.rss);
	const tree = readTreePss([process.pid, 999_999_999])!;
	// This process counted as its own child: the PSS doubles; a pid that does not exist adds nothing.
	t.true(tree.workingSetBytes > 1.5 * self.pss);
	t.deepEqual([...tree.children.keys()], [process.pid]);
});

test('parent pids from /proc/PID/stat, even with spaces and parentheses in the command name', t => {
	t.is(parseParentPid('1234 (node) S 99 1234 1234 0 -1'), 99);
	t.is(parseParentPid('77 (a (weird) name) R 5 77 77 0'), 5);
	t.true(ancestorPids().includes(process.ppid));
});

test('alone in a cgroup only when every process in it is ours', t => {
	const ours = new Set([10, 11, 1]);
	t.true(aloneInCgroup([10, 11], ours));
	t.false(aloneInCgroup([10, 11, 42], ours), 'another program shares the cgroup');
	t.false(aloneInCgroup([], ours), 'an unreadable cgroup is not proof of being alone');
});
