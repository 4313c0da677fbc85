/**
 * --ram above the real memory (the machine's, or the cgroup's limit): a warning that names the real
 * figure, and the budget from the smaller one, unless --trust-ram.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {detectTotalMemory, ramWarning} from '../../source/memory/total.js';
import {formatBytes} from '../../source/util/units.js';
import {recordsOf, runCli} from '../helpers/cli.js';
import {synth, tempDir} from '../helpers/fixtures.js';

const GiB = 1024 ** 3;
const TiB = 1024 * GiB;

test('above the machine: the machine figure, and a warning that names it', t => {
	const total = detectTotalMemory({ram: TiB, machineBytes: 23.5 * GiB, root: tempDir(t)});
	t.deepEqual([total.totalBytes, total.source, total.ramAboveBytes], [23.5 * GiB, 'machine', TiB]);
	t.is(ramWarning(total), "--ram 1.0 TiB is more than this machine's memory, 23.5 GiB: the budget comes from 23.5 GiB; --trust-ram takes 1.0 TiB anyway");
});

test("above a cgroup's limit: the limit, named with its file; below it, --ram as given", t => {
	const root = tempDir(t);
	fs.mkdirSync(path.join(root, 'proc/self'), {recursive: true});
	fs.writeFileSync(path.join(root, 'proc/self/cgroup'), '0::/nas/app\n');
	fs.mkdirSync(path.join(root, 'sys/fs/cgroup/nas/app'), {recursive: true});
	fs.writeFileSync(path.join(root, 'sys/fs/cgroup/nas/app/memory.max'), `${2 * GiB}\n`);
	const above = detectTotalMemory({ram: 4 * GiB, machineBytes: 8 * GiB, root});
	t.deepEqual([above.totalBytes, above.source], [2 * GiB, 'cgroup v2']);
	t.regex(ramWarning(above) ?? '', /^--ram 4\.0 GiB is more than the cgroup v2 limit, 2\.0 GiB \(.*nas\/app\/memory\.max\): the budget comes from 2\.0 GiB/);
	const below = detectTotalMemory({ram: 1 * GiB, machineBytes: 8 * GiB, root});
	t.deepEqual([below.totalBytes, below.source, ramWarning(below)], [1 * GiB, '--ram', undefined]);
	const trusted = detectTotalMemory({ram: 4 * GiB, trustRam: true, machineBytes: 8 * GiB, root});
	t.deepEqual([trusted.totalBytes, trusted.source, ramWarning(trusted)], [4 * GiB, '--ram', undefined]);
});

test('analyze --ram 100T: warned with the real figure, the budget from it; --trust-ram takes 100T', async t => {
	const home = tempDir(t);
	const library = path.join(home, 'library');
	synth(path.join(library, 'a.wav'), 'sine=f=440:d=1');
	const env = {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), HOME: home};
	const run = async (extra: string[]) => {
		const result = await runCli(['analyze', library, '--json', '--db', path.join(home, 'library.db'), '--ram', '100T', ...extra], {cwd: home, env});
		t.is(result.code, 0, result.stderr);
		return {started: recordsOf(result.stdout, 'started')[0]!, stderr: result.stderr};
	};
	const capped = await run([]);
	const real = capped.started.totalBytes;
	t.true(real <= os.totalmem());
	t.not(capped.started.totalSource, '--ram');
	t.regex(capped.stderr, /^warning: --ram 100 TiB is more than (this machine's memory|the cgroup v\d limit), \d+(\.\d)? [MG]iB/m);
	t.true(capped.stderr.includes(`the budget comes from ${formatBytes(real)};`), capped.stderr);

	const trusted = await run(['--trust-ram']);
	t.deepEqual([trusted.started.totalBytes, trusted.started.totalSource], [100 * TiB, '--ram']);
	t.false(trusted.stderr.includes('warning: --ram'));
});
