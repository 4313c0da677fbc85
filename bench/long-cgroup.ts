/**
 * One long track in a small memory cgroup: does it complete without an OOM kill, and do the run's own
 * figures (the `memory` events' workingSetBytes) agree with the cgroup's (usage less inactive file
 * cache, read here from outside each time a memory event arrives)? Prints a markdown table row.
 * Usage: node --import=tsx bench/long-cgroup.ts LIBRARY [SIZE, default 128M] [-- extra analyze args]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {cgroupWorkingSet, parseMemoryStat} from '../source/memory/working-set.js';
import {parseSize} from '../source/util/units.js';
import {makeMemoryCgroup, runNodeIn} from './cgroup.js';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(repo, 'dist', 'cli.js');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const extra = dash >= 0 ? argv.splice(dash).slice(1) : [];
const [library, size = '128M'] = argv;
if (!library) throw new Error('usage: bench/long-cgroup.ts LIBRARY [SIZE] [-- analyze args]');

const cgroup = makeMemoryCgroup(parseSize(size)!);
if (typeof cgroup === 'string') throw new Error(`no cgroup: ${cgroup}`);
const read = (file: string) => fs.readFileSync(path.join(cgroup.dir, file), 'utf8');
const usageFile = cgroup.version === 'v1' ? 'memory.usage_in_bytes' : 'memory.current';
/** The cgroup's own working set now, as container tools compute it. */
const cgroupNow = () => cgroupWorkingSet(cgroup.version, Number(read(usageFile)), parseMemoryStat(read('memory.stat')));

type Pair = {run: number; cgroup: number; source: string};
const pairs: Pair[] = [];
let peakUsage = 0;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-long-'));
/** CPU seconds of this process's waited-for children (cutime + cstime from /proc/self/stat). */
function childrenCpuSeconds(): number {
	const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[13]) + Number(fields[14])) / 100;
}

const started = performance.now();
const cpuBefore = childrenCpuSeconds();
let result;
let oomKills = 0;
let maxUsage = 0;
try {
	result = await runNodeIn(cgroup, [cli, 'analyze', library, '--json', '--db', path.join(home, 'library.db'), ...extra], {
		onLine: line => {
			if (!line.startsWith('{"type":"memory"')) return;
			const event = JSON.parse(line) as {workingSetBytes: number; workingSetSource: string};
			peakUsage = Math.max(peakUsage, Number(read(usageFile)));
			pairs.push({run: event.workingSetBytes, cgroup: cgroupNow(), source: event.workingSetSource});
		},
	});
} finally {
	oomKills = cgroup.oomKills();
	maxUsage = cgroup.version === 'v1' ? Number(read('memory.max_usage_in_bytes')) : peakUsage;
	cgroup.remove();
	fs.rmSync(home, {recursive: true, force: true});
}
const wall = (performance.now() - started) / 1000;
const cpu = childrenCpuSeconds() - cpuBefore;
const events = result.stdout
	.split('\n')
	.filter(line => line.startsWith('{'))
	.map(line => JSON.parse(line) as Record<string, unknown>);
const summary = events.find(event => event['type'] === 'summary') as {tracks: number; failed: number} | undefined;
const differences = pairs.map(pair => Math.abs(pair.run - pair.cgroup) / pair.cgroup);
const sorted = [...differences].sort((a, b) => a - b);
const within = differences.filter(difference => difference <= 0.1).length;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const sources = [...new Set(pairs.map(pair => pair.source))].join(', ');
console.error(`exit ${result.code ?? result.signal}; warnings:`);
for (const event of events) if (event['type'] === 'log' && event['level'] !== 'info') console.error(`  ${String(event['message'])}`);
console.log(
	'| Node | cgroup | tracks (failed) | exit | OOM kills | peak charge (usage) | peak working set, run / cgroup | samples within 10 % | median / largest difference | source | wall | CPU (children) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(
	`| ${process.version} | ${cgroup.version} ${size} | ${summary?.tracks ?? '?'} (${summary?.failed ?? '?'}) | ${result.code ?? result.signal} | ${oomKills} | ${mib(maxUsage)} | ` +
		`${mib(Math.max(0, ...pairs.map(pair => pair.run)))} / ${mib(Math.max(0, ...pairs.map(pair => pair.cgroup)))} | ` +
		`${pairs.length === 0 ? '—' : ((100 * within) / pairs.length).toFixed(0)} % of ${pairs.length} | ` +
		`${((sorted[Math.floor(sorted.length / 2)] ?? 0) * 100).toFixed(1)} % / ${((sorted.at(-1) ?? 0) * 100).toFixed(1)} % | ${sources} | ${wall.toFixed(0)} s | ` +
		`${cpu.toFixed(0)} s |`,
);
