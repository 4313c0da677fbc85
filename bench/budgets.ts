/**
 * Headless analyses of a real library at several budgets (`--ram`), each with a fresh store, and one
 * in a memory cgroup where the machine allows one: forced GCs, warnings, the working set against the
 * budget, where the working set was read from, and wall time. Prints a markdown table with the Node
 * version in each row. Usage: node --import=tsx bench/budgets.ts LIBRARY [RAM…] [--cgroup SIZE]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {makeMemoryCgroup, runNodeIn, type MemoryCgroup} from './cgroup.js';

type Row = {
	run: string;
	tracks: number;
	failed: number;
	forced: number;
	warnings: number;
	peakPercent: number;
	withinPercent: number;
	source: string;
	budgetMiB: number;
	floorMiB: number;
	wallSeconds: number;
	/** CPU seconds (user + system) of the run and its ffmpeg children. */
	cpuSeconds: number;
	oomKills?: number;
};

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(repo, 'dist', 'cli.js');

function parseSize(text: string): number {
	const match = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(text);
	if (!match) throw new Error(`bad size ${text}`);
	return Number(match[1]) * 1024 ** ' KMG'.indexOf((match[2] || ' ').toUpperCase());
}

/** CPU seconds of this process's waited-for children (cutime + cstime from /proc/self/stat). */
function childrenCpuSeconds(): number {
	const stat = fs.readFileSync('/proc/self/stat', 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function analyse(library: string, label: string, ram: string | undefined, cgroup?: MemoryCgroup): Promise<Row> {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-budget-'));
	const args = [cli, 'analyze', library, '--json', '--db', path.join(home, 'library.db'), ...(ram ? ['--ram', ram] : [])];
	const cpuBefore = childrenCpuSeconds();
	const result = await runNodeIn(cgroup, args);
	const cpuSeconds = childrenCpuSeconds() - cpuBefore;
	fs.rmSync(home, {recursive: true, force: true});
	const events = result.stdout
		.split('\n')
		.filter(line => line.startsWith('{'))
		.map(line => JSON.parse(line) as Record<string, unknown>);
	const memory = events.filter(event => event.type === 'memory') as Array<{
		workingSetBytes: number;
		budgetBytes: number;
		workingSetSource: string;
		floorBytes?: number;
	}>;
	for (const event of events) if (event.type === 'log' && event.level === 'warn') console.error(`${process.version} ${label}: ${String(event.message)}`);
	const summary = events.find(event => event.type === 'summary') as {tracks: number; failed: number; wallSeconds: number} | undefined;
	if (!summary) throw new Error(`${label}: no summary (exit ${result.code ?? result.signal}): ${result.stderr.slice(-400)}`);
	const percents = memory.map(sample => (100 * sample.workingSetBytes) / sample.budgetBytes);
	const sources = new Map<string, number>();
	for (const sample of memory) sources.set(sample.workingSetSource, (sources.get(sample.workingSetSource) ?? 0) + 1);
	return {
		run: label,
		tracks: summary.tracks,
		failed: summary.failed,
		forced: events.filter(event => event.type === 'gc-forced' && event.reason === 'threshold').length,
		warnings: events.filter(event => event.type === 'log' && event.level === 'warn').length,
		peakPercent: Math.max(0, ...percents),
		withinPercent: percents.length === 0 ? 0 : (100 * percents.filter(percent => percent <= 100).length) / percents.length,
		source: [...sources].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '—',
		budgetMiB: (memory[0]?.budgetBytes ?? 0) / 2 ** 20,
		floorMiB: Math.max(0, ...memory.map(sample => sample.floorBytes ?? 0)) / 2 ** 20,
		wallSeconds: summary.wallSeconds,
		cpuSeconds,
		oomKills: cgroup?.oomKills(),
	};
}

const argv = process.argv.slice(2);
const cgroupAt = argv.indexOf('--cgroup');
const cgroupSize = cgroupAt >= 0 ? argv.splice(cgroupAt, 2)[1] : undefined;
const [library, ...rams] = argv;
if (!library) throw new Error('usage: bench/budgets.ts LIBRARY [RAM…] [--cgroup SIZE]');

const rows: Row[] = [];
for (const ram of rams.length > 0 ? rams : ['4G', '512M', '256M', '64M']) {
	rows.push(await analyse(library, `--ram ${ram}`, ram));
	console.error(`${process.version} --ram ${ram} done`);
}
if (cgroupSize) {
	const cgroup = makeMemoryCgroup(parseSize(cgroupSize));
	if (typeof cgroup === 'string') console.error(`no cgroup run: ${cgroup}`);
	else {
		try {
			rows.push(await analyse(library, `${cgroup.version} cgroup ${cgroupSize}`, undefined, cgroup));
		} finally {
			cgroup.remove();
		}
	}
}
const unlimited = rows[0]!;
console.log(
	`load average at the end: ${os
		.loadavg()
		.map(load => load.toFixed(1))
		.join(', ')}`,
);
console.log(
	'| Node | run | tracks (failed) | budget (floor) | forced GCs | warnings | peak working set / budget | samples ≤ budget | source | wall time | CPU time |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
	const oom = row.oomKills === undefined ? '' : ` · OOM kills ${row.oomKills}`;
	console.log(
		`| ${process.version} | ${row.run} | ${row.tracks} (${row.failed}) | ${row.budgetMiB.toFixed(0)} MiB (${row.floorMiB.toFixed(0)}) | ${row.forced} | ${row.warnings} | ${row.peakPercent.toFixed(0)} % | ${row.withinPercent.toFixed(0)} % | ${row.source}${oom} | ${row.wallSeconds.toFixed(1)} s (${(row.wallSeconds / unlimited.wallSeconds).toFixed(2)}×) | ${row.cpuSeconds.toFixed(0)} s (${(row.cpuSeconds / unlimited.cpuSeconds).toFixed(2)}×) |`,
	);
}
