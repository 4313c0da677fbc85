/**
 * `npm run demo:lowram`: playlistgen on a 256 MB machine. Runs the bundled library and a 60-minute
 * track inside a 256 MB memory cgroup where this machine allows one, and with `--ram 256M`, and beside
 * them the same run with no limit: the floor and what was cut to fit, the levers used (forced GCs,
 * shortened chunks, backpressure) and the working set against the budget.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatBytes} from '../source/util/units.js';
import {makeMemoryCgroup, runNodeIn, type MemoryCgroup} from './cgroup.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const cli = path.join(repo, 'dist', 'cli.js');
const limit = 256 * 1024 * 1024;
const minutes = Number(process.env['DEMO_MINUTES'] ?? 60);

function library(): string {
	const dir = path.join(here, 'tmp', `lowram-library-${minutes}min`);
	const long = path.join(dir, `long-mix-${minutes}min.ogg`);
	if (!fs.existsSync(long)) {
		fs.mkdirSync(dir, {recursive: true});
		for (const file of fs.readdirSync(path.join(repo, 'media'))) {
			if (/\.(mp3|ogg|opus|flac|wav)$/.test(file)) fs.copyFileSync(path.join(repo, 'media', file), path.join(dir, file));
		}
		console.log(`demo: rendering a ${minutes}-minute track (once; kept in ${dir})`);
		const seconds = minutes * 60;
		const result = spawnSync('ffmpeg', [
			'-hide_banner',
			'-loglevel',
			'error',
			'-y',
			'-f',
			'lavfi',
			'-i',
			`aevalsrc='0.3*sin(2*PI*220*t)*exp(-6*mod(t,0.5))+0.15*sin(2*PI*(330+40*sin(t/20))*t)':s=22050:d=${seconds}`,
			'-f',
			'lavfi',
			'-i',
			`anoisesrc=c=pink:a=0.04:r=22050:d=${seconds}`,
			'-filter_complex',
			'[0:a][1:a]amix=inputs=2:normalize=0',
			'-c:a',
			'libvorbis',
			'-q:a',
			'1',
			`${long}.part.ogg`,
		]);
		if (result.status !== 0) throw new Error(`cannot render the long track: ${result.stderr}`);
		fs.renameSync(`${long}.part.ogg`, long);
	}
	return dir;
}

type Run = {
	label: string;
	code: number | null;
	chunkSeconds: number[];
	peakRss: number;
	peakWorkingSet: number;
	workingSetSource: string;
	budget: number;
	floor: number;
	/** Share of the memory samples with the working set within the budget. */
	withinPercent: number;
	/** Most tracks in work at once: the decoders the run's shape allowed. */
	inWork: number;
	shrunk: number;
	waits: number;
	forcedGcs: number;
	messages: string[];
	total: number;
	totalSource: string;
	tracks: number;
	failed: number;
	wall: number;
};

async function run(label: string, cgroup: MemoryCgroup | undefined, extra: string[], dir: string): Promise<Run> {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-demo-'));
	const result = await runNodeIn(cgroup, [cli, 'analyze', dir, '--json', '--db', path.join(home, 'library.db'), ...extra], {
		cwd: home,
		env: {...process.env, XDG_CONFIG_HOME: path.join(home, 'config')},
	});
	fs.rmSync(home, {recursive: true, force: true});
	const events = result.stdout
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line) as Record<string, unknown>);
	const started = events.find(event => event['type'] === 'started') ?? {};
	const summary = events.find(event => event['type'] === 'summary') ?? {};
	const memory = events.filter(event => event['type'] === 'memory');
	const chunks = events.filter(event => event['type'] === 'chunk');
	const within = memory.filter(event => Number(event['workingSetBytes']) <= Number(event['budgetBytes'])).length;
	let inWork = 0;
	let most = 0;
	for (const event of events) {
		if (event['type'] === 'track-start') most = Math.max(most, ++inWork);
		else if (event['type'] === 'track' || event['type'] === 'error' || event['type'] === 'skipped') inWork = Math.max(0, inWork - 1);
	}
	return {
		label,
		code: result.code,
		chunkSeconds: chunks.map(event => event['seconds'] as number),
		peakRss: (summary['peakRssBytes'] as number) ?? 0,
		peakWorkingSet: (summary['peakWorkingSetBytes'] as number) ?? 0,
		workingSetSource: String(memory.at(-1)?.['workingSetSource'] ?? '?'),
		budget: Number(memory.at(-1)?.['budgetBytes'] ?? 0),
		floor: Math.max(0, ...memory.map(event => Number(event['floorBytes'] ?? 0))),
		withinPercent: memory.length === 0 ? 0 : (100 * within) / memory.length,
		inWork: most,
		shrunk: chunks.filter(event => event['reason'] === 'shrunk' || event['reason'] === 'warning').length,
		waits: (summary['backpressureWaits'] as number) ?? 0,
		forcedGcs: (summary['forcedGcs'] as number) ?? 0,
		messages: events.filter(event => event['type'] === 'log' && event['level'] !== 'info').map(event => String(event['message'])),
		total: (started['totalBytes'] as number) ?? 0,
		totalSource: (started['totalSource'] as string) ?? '?',
		tracks: (summary['tracks'] as number) ?? 0,
		failed: (summary['failed'] as number) ?? 0,
		wall: (summary['wallSeconds'] as number) ?? 0,
	};
}

function describe(run: Run): string {
	const sorted = [...run.chunkSeconds].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
	const percent = run.budget > 0 ? ` (${((run.peakWorkingSet / run.budget) * 100).toFixed(0)} % of the budget)` : '';
	return [
		`${run.label}: exit ${run.code}, ${run.tracks} tracks (${run.failed} failed) in ${run.wall.toFixed(1)} s`,
		`  RAM seen ${formatBytes(run.total)} (${run.totalSource}), budget ${formatBytes(run.budget)}, floor ${run.floor > 0 ? formatBytes(run.floor) : 'not measured'}`,
		`  peak working set ${formatBytes(run.peakWorkingSet)} (${run.workingSetSource})${percent}, within the budget in ${run.withinPercent.toFixed(0)} % of samples; ` +
			`peak RSS ${formatBytes(run.peakRss)}`,
		`  levers: up to ${run.inWork} track${run.inWork === 1 ? '' : 's'} in work at once; ${sorted.length} chunks (median ${median.toFixed(1)} s, largest ${(sorted.at(-1) ?? 0).toFixed(1)} s, ${run.shrunk} shortened), ` +
			`${run.waits} backpressure waits, ${run.forcedGcs} forced GCs`,
		...run.messages.map(message => `  said: ${message}`),
	].join('\n');
}

if (!fs.existsSync(cli)) {
	console.error('demo: build first (npm run build)');
	process.exit(1);
}
const dir = library();
const constrained: Run[] = [];
const cgroup = makeMemoryCgroup(limit);
if (typeof cgroup === 'string') {
	console.log(`demo: no cgroup (${cgroup}); only the pretended 256 MB machine (--ram 256M)`);
} else {
	console.log(`demo: running inside a 256 MB memory cgroup (${cgroup.version}: ${cgroup.dir})`);
	try {
		constrained.push(await run('256 MB cgroup', cgroup, [], dir));
		console.log(`demo: OOM kills in the cgroup: ${cgroup.oomKills()}`);
	} finally {
		cgroup.remove();
	}
}
constrained.push(await run('--ram 256M', undefined, ['--ram', '256M'], dir));
const free = await run('no limit', undefined, [], dir);
for (const each of [...constrained, free]) console.log(describe(each));
process.exitCode = constrained.every(each => each.code === 0 && each.failed === 0) ? 0 : 1;
