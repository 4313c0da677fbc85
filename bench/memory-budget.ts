/**
 * Small budgets on a real library: `node --import=tsx bench/memory-budget.ts [LIBRARY] [--cli dist/cli.js]
 * [--ram 4G,512M,256M,64M] [--label NAME] [--cgroup 128M]`. Each run is the headless CLI with --json on
 * a fresh store. Besides what the run reports (forced GCs, warnings, its own memory figures) this
 * process samples the run's process tree from outside every 250 ms (PSS from smaps_rollup, children
 * found by their parent pid), so that runs of different versions are measured the same way.
 * Prints one JSON line per run, and a Markdown table at the end.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatBytes, parseSize} from '../source/util/units.js';
import {parseParentPid, readCgroupWorkingSet, readSmapsRollup} from '../source/memory/working-set.js';
import {makeMemoryCgroup, type MemoryCgroup} from './cgroup.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
function option(name: string): string | undefined {
	const index = args.indexOf(`--${name}`);
	return index === -1 ? undefined : args[index + 1];
}
const library = args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--')) ?? '/tmp/playlistgen-dev-corpus/library';
const cli = path.resolve(option('cli') ?? path.join(here, '..', 'dist', 'cli.js'));
const label = option('label') ?? path.basename(path.dirname(path.dirname(cli)));
const rams = (option('ram') ?? '4G,512M,256M,64M').split(',').filter(Boolean);
const cgroupLimit = option('cgroup');

/** Children of every process, from /proc/PID/stat. */
function childrenByParent(): Map<number, number[]> {
	const map = new Map<number, number[]>();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		let text = '';
		try {
			text = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch {
			continue;
		}
		const parent = parseParentPid(text);
		if (parent === undefined) continue;
		map.set(parent, [...(map.get(parent) ?? []), Number(name)]);
	}
	return map;
}

function treePss(root: number): number {
	const children = childrenByParent();
	let total = 0;
	const stack = [root];
	while (stack.length > 0) {
		const pid = stack.pop()!;
		total += readSmapsRollup(pid)?.pss ?? 0;
		stack.push(...(children.get(pid) ?? []));
	}
	return total;
}

type Result = {
	label: string;
	run: string;
	code: number | null;
	tracks: number;
	failed: number;
	wallSeconds: number;
	forcedGcs: number;
	warnings: number;
	warningTexts: string[];
	budgetBytes: number;
	floorBytes: number;
	/** The run's own peak figure against its budget (RSS before, the working set after). */
	reportedPeakPercent: number;
	/** Sampled from outside: the tree's PSS (or the cgroup's working set under --cgroup). */
	observedPeakBytes: number;
	observedWithinBudgetShare: number;
	oomKills?: number;
};

async function runOnce(run: string, extra: string[], cgroup?: MemoryCgroup): Promise<Result> {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-membench-'));
	const cliArgs = [cli, 'analyze', library, '--json', '--db', path.join(home, 'library.db'), ...extra];
	const env = {...process.env, XDG_CONFIG_HOME: path.join(home, 'config')};
	const child = cgroup
		? spawn('/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', cgroup.procsFile, process.execPath, ...cliArgs], {
				cwd: home,
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
			})
		: spawn(process.execPath, cliArgs, {cwd: home, env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
	child.stderr.on('data', () => {});
	const observed: number[] = [];
	const timer = setInterval(() => {
		const bytes = cgroup ? readCgroupWorkingSet({version: cgroup.version, dir: cgroup.dir}) : treePss(child.pid!);
		if (bytes) observed.push(bytes);
	}, 250);
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	clearInterval(timer);
	fs.rmSync(home, {recursive: true, force: true});
	const events = stdout
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line) as Record<string, unknown>);
	const summary = events.find(event => event['type'] === 'summary') ?? {};
	const memory = events.filter(event => event['type'] === 'memory');
	const warnings = events.filter(event => event['type'] === 'log' && event['level'] === 'warn').map(event => String(event['message']));
	const budget = Math.max(0, ...memory.map(event => Number(event['budgetBytes'] ?? 0)));
	return {
		label,
		run,
		code,
		tracks: Number(summary['tracks'] ?? 0),
		failed: Number(summary['failed'] ?? 0),
		wallSeconds: Number(summary['wallSeconds'] ?? 0),
		forcedGcs: events.filter(event => event['type'] === 'gc-forced').length,
		warnings: warnings.length,
		warningTexts: [...new Set(warnings)].slice(0, 4),
		budgetBytes: budget,
		floorBytes: Math.max(0, ...memory.map(event => Number(event['floorBytes'] ?? 0))),
		reportedPeakPercent: Math.max(0, ...memory.map(event => Number(event['budgetUsedPercent'] ?? 0))),
		observedPeakBytes: Math.max(0, ...observed),
		observedWithinBudgetShare: observed.length > 0 && budget > 0 ? observed.filter(bytes => bytes <= budget).length / observed.length : 0,
		...(cgroup ? {oomKills: cgroup.oomKills()} : {}),
	};
}

const results: Result[] = [];
for (const ram of rams) {
	const result = await runOnce(`--ram ${ram}`, ['--ram', ram]);
	console.log(JSON.stringify(result));
	results.push(result);
}
if (cgroupLimit) {
	const cgroup = makeMemoryCgroup(parseSize(cgroupLimit)!, `playlistgen-membench-${process.pid}`);
	if (typeof cgroup === 'string') {
		console.error(`no cgroup: ${cgroup}`);
	} else {
		try {
			const result = await runOnce(`${cgroupLimit} cgroup`, [], cgroup);
			console.log(JSON.stringify(result));
			results.push(result);
		} finally {
			cgroup.remove();
		}
	}
}

const percent = (value: number) => `${value.toFixed(0)} %`;
console.log(
	'\n| version | run | tracks (failed) | forced GCs | warnings | budget | floor | peak, as the run reports it | peak tree PSS seen from outside | samples ≤ budget | wall |',
);
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
	console.log(
		`| ${r.label} | ${r.run} | ${r.tracks} (${r.failed}) | ${r.forcedGcs} | ${r.warnings} | ${formatBytes(r.budgetBytes)} | ${r.floorBytes ? formatBytes(r.floorBytes) : '–'} | ` +
			`${percent(r.reportedPeakPercent)} | ${formatBytes(r.observedPeakBytes)} (${percent((r.observedPeakBytes / r.budgetBytes) * 100)}) | ` +
			`${percent(r.observedWithinBudgetShare * 100)} | ${r.wallSeconds.toFixed(1)} s |`,
	);
}
