import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {detectTotalMemory, parseProcCgroup} from '../../source/memory/total.js';
import {tempDir} from '../helpers/fixtures.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function write(root: string, file: string, text: string) {
	fs.mkdirSync(path.dirname(path.join(root, file)), {recursive: true});
	fs.writeFileSync(path.join(root, file), text);
}

test('parses /proc/self/cgroup for v2 and v1', t => {
	t.deepEqual(parseProcCgroup('0::/user.slice/app.scope\n'), {v2: '/user.slice/app.scope'});
	t.deepEqual(parseProcCgroup('12:cpu,cpuacct:/x\n11:memory:/docker/abc\n0::/\n'), {v1Memory: '/docker/abc', v2: '/'});
});

test('cgroup v2: memory.max below the machine wins', t => {
	const root = tempDir(t);
	write(root, 'proc/self/cgroup', '0::/nas/app\n');
	write(root, 'sys/fs/cgroup/nas/app/memory.max', `${2 * GiB}\n`);
	const total = detectTotalMemory({root, machineBytes: 8 * GiB});
	t.is(total.totalBytes, 2 * GiB);
	t.is(total.source, 'cgroup v2');
	t.true(total.usageFile!.endsWith('nas/app/memory.current'));
});

test('cgroup v2: "max" means no limit; a parent limit still binds', t => {
	const root = tempDir(t);
	write(root, 'proc/self/cgroup', '0::/nas/app\n');
	write(root, 'sys/fs/cgroup/nas/app/memory.max', 'max\n');
	write(root, 'sys/fs/cgroup/nas/memory.max', `${512 * MiB}\n`);
	t.is(detectTotalMemory({root, machineBytes: 8 * GiB}).totalBytes, 512 * MiB);
	write(root, 'sys/fs/cgroup/nas/memory.max', 'max\n');
	t.deepEqual(detectTotalMemory({root, machineBytes: 8 * GiB}), {totalBytes: 8 * GiB, source: 'machine', detail: 'os.totalmem()'});
});

test('cgroup v1: limit_in_bytes, with the "unlimited" sentinel ignored', t => {
	const root = tempDir(t);
	write(root, 'proc/self/cgroup', '4:memory:/docker/abc\n');
	write(root, 'sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes', '9223372036854771712\n');
	t.is(detectTotalMemory({root, machineBytes: 4 * GiB}).source, 'machine');
	write(root, 'sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes', `${1 * GiB}\n`);
	const total = detectTotalMemory({root, machineBytes: 4 * GiB});
	t.is(total.totalBytes, 1 * GiB);
	t.is(total.source, 'cgroup v1');
});

test('a cgroup limit above the machine does not count; the lowest real limit wins', t => {
	const root = tempDir(t);
	write(root, 'proc/self/cgroup', '0::/a\n');
	write(root, 'sys/fs/cgroup/a/memory.max', `${64 * GiB}\n`);
	t.is(detectTotalMemory({root, machineBytes: 8 * GiB}).totalBytes, 8 * GiB);
});

test('--ram pretends a machine of that size', t => {
	const total = detectTotalMemory({ram: 256 * MiB, machineBytes: 8 * GiB});
	t.deepEqual([total.totalBytes, total.source], [256 * MiB, '--ram']);
});

test('no /proc (another OS): the machine total', t => {
	const root = tempDir(t);
	t.is(detectTotalMemory({root, machineBytes: 3 * GiB}).totalBytes, 3 * GiB);
});
