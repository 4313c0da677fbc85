/**
 * `similar TRACK` and `path FROM TO` on a big store, from the shell: how long one query takes and what it
 * spends, and a check that its answers are those of the whole-library path.
 *
 * The check: for `--queries` tracks of the store (every one on a small store; copies of a recording
 * included), the neighbours found as `similar` finds them now (the search snapshot and the copies of a
 * recording the store keeps, commands/store-tracks.ts) against those from every track read whole (the
 * slim tracks, nothing kept), printed as `similar --json` prints them: the two must be byte-identical.
 * With `--before DIR` (the folder of another build of playlistgen: DIR/dist/cli.js), the CLI of both
 * builds also answers `--cli` tracks and `--paths` paths, and the outputs are compared byte by byte; give
 * that build its own copy of the store with `--before-db FILE` when this build's schema is newer (a
 * build refuses a store a newer one has opened).
 *
 * The timing: `similar TRACK --json` and `path FROM TO --dry-run --json` through the built CLI
 * (dist/cli.js), `--runs` times each, alternating the builds, wall time and the child's CPU time (user +
 * system), with the load average beside them; and this build's first `similar` after a change to the
 * tracks (`cold`: what it keeps is made again).
 *
 * `node --import=tsx bench/similar-query.ts --db FILE [--queries N] [--before DIR [--before-db FILE]] [--cli N] [--paths N] [--runs N]`
 * (a 40,000-track store of real analyses: bench/replicated-store.ts).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {FEATURES_VERSION} from '../source/analysis/vector.js';
import {searchLibraryOf, slimTracksOf} from '../source/commands/store-tracks.js';
import Database from 'better-sqlite3';
import {nearestIn, neighbourSearch, type NeighbourSearch} from '../source/playlists/similarity/nearest.js';
import {onePerRecording} from '../source/playlists/similarity/recordings.js';
import {librarySimilarity} from '../source/playlists/similarity/similarity.js';
import {vectorGroups} from '../source/playlists/similarity/vector-groups.js';
import {DEFAULT_WEIGHTS} from '../source/config/options.js';
import {LibraryStore} from '../source/store/library-store.js';
import type {SlimTrack} from '../source/store/types.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const LIMIT = 10;

/** The neighbour search over every track read whole (the slim tracks), as `similar` read the store before the search rows. */
function wholeLibrarySearch(tracks: readonly SlimTrack[]): NeighbourSearch {
	const {tracks: recordings, sets} = onePerRecording(tracks);
	const bestCopy = new Map(sets.flatMap(set => set.copies.map(copy => [copy.path, set.best.path] as const)));
	return {...librarySimilarity(recordings, {groups: vectorGroups(), weights: DEFAULT_WEIGHTS}), bestCopy};
}

/** What `similar TRACK --json` prints for `path`. */
function printed(search: NeighbourSearch, path: string): string {
	const rounded = (distance: number) => Math.round(distance * 1e6) / 1e6;
	const neighbours = nearestIn(search, path, LIMIT).map(({track, distance}) => ({path: track.path, distance: rounded(distance)}));
	return JSON.stringify({path, neighbours}, null, 2) + '\n';
}

const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

function timed<T>(work: () => T): {value: T; wall: number; cpu: number} {
	const cpu = process.cpuUsage();
	const start = performance.now();
	const value = work();
	return {value, wall: (performance.now() - start) / 1000, cpu: cpuSeconds(process.cpuUsage(cpu))};
}

/** CPU seconds of the children waited for since the last call (cutime + cstime of /proc/PID/stat, in ticks of 1/100 s). */
let lastChildren = 0;
function childCpu(): number {
	const fields = (fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
	// After the command: the state is field 3 overall; cutime and cstime are fields 16 and 17.
	const seconds = (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100;
	const spent = seconds - lastChildren;
	lastChildren = seconds;
	return spent;
}

/** Runs the CLI of `build` (a folder holding dist/cli.js) once: its output, wall time and CPU time. */
function cli(build: string, args: string[]): {stdout: string; wall: number; cpu: number; status: number | null} {
	childCpu();
	const start = performance.now();
	const run = spawnSync(process.execPath, [path.join(build, 'dist', 'cli.js'), ...args], {encoding: 'utf8', maxBuffer: 1 << 26});
	const wall = (performance.now() - start) / 1000;
	return {stdout: run.stdout, wall, cpu: childCpu(), status: run.status};
}

/** A change to the tracks that changes nothing of them: the store drops what it keeps derived from them. */
function touchTracks(db: string): void {
	const handle = new Database(db);
	try {
		handle.prepare(`UPDATE tracks SET analysed_ms = analysed_ms WHERE id = (SELECT min(id) FROM tracks)`).run();
	} finally {
		handle.close();
	}
}

async function main(): Promise<void> {
	const {values} = parseArgs({
		options: {
			db: {type: 'string'},
			queries: {type: 'string', default: '40'},
			before: {type: 'string'},
			'before-db': {type: 'string'},
			cli: {type: 'string', default: '3'},
			paths: {type: 'string', default: '2'},
			runs: {type: 'string', default: '3'},
		},
	});
	if (!values.db) throw new Error('--db FILE is needed');
	const db = path.resolve(values.db);
	const beforeDb = path.resolve(values['before-db'] ?? db);
	const load = () =>
		os
			.loadavg()
			.map(value => value.toFixed(1))
			.join(' ');
	console.log(`store ${db}; load average ${load()}`);

	const store = await LibraryStore.open(db, {mode: 'read', featuresVersion: FEATURES_VERSION});
	const slim = timed(() => slimTracksOf(store, undefined));
	// The first read keeps what later ones read (when nothing was kept for these tracks yet).
	const first = timed(() => searchLibraryOf(store, undefined));
	const kept = timed(() => searchLibraryOf(store, undefined));
	store.close();
	const whole = timed(() => wholeLibrarySearch(slim.value));
	const quick = timed(() => neighbourSearch(kept.value.tracks, {weights: DEFAULT_WEIGHTS, recordings: kept.value.recordings}));
	console.log(
		`read whole: ${slim.wall.toFixed(2)} s wall, ${slim.cpu.toFixed(2)} s CPU; search library: first ${first.wall.toFixed(2)} s wall, ${first.cpu.toFixed(2)} s CPU, kept ${kept.wall.toFixed(2)} s wall, ${kept.cpu.toFixed(2)} s CPU`,
	);
	console.log(
		`copies of a recording and library view, from the slim tracks: ${whole.wall.toFixed(2)} s wall, ${whole.cpu.toFixed(2)} s CPU; from what the store keeps: ${quick.wall.toFixed(2)} s wall, ${quick.cpu.toFixed(2)} s CPU`,
	);

	// Query tracks spread over the store, and every copy left out among the first ones.
	const count = Math.min(slim.value.length, Number(values.queries));
	const step = slim.value.length / count;
	const queries = new Set<string>(Array.from({length: count}, (_, k) => slim.value[Math.floor(k * step)]!.path));
	for (const copy of [...whole.value.bestCopy.keys()].slice(0, 10)) queries.add(copy);
	let differing = 0;
	for (const query of queries) if (printed(whole.value, query) !== printed(quick.value, query)) differing++;
	console.log(`answers: ${queries.size} queries (${whole.value.bestCopy.size} copies left out), ${differing} differ`);

	const track = slim.value[Math.floor(slim.value.length / 3)]!.path;
	const runs = Number(values.runs);
	const builds = values.before
		? [
				{build: path.resolve(values.before), db: beforeDb},
				{build: root, db},
			]
		: [{build: root, db}];
	const similarArgs = (store: string, query: string) => ['similar', '--db', store, query, '--json'];
	// Paths between tracks a third of the store apart.
	const pathPairs = Array.from({length: Number(values.paths)}, (_, k) => [
		slim.value[Math.floor(((k + 1) * slim.value.length) / 7)]!.path,
		slim.value[Math.floor(((k + 4) * slim.value.length) / 7) % slim.value.length]!.path,
	]);
	const pathArgs = (store: string, [from, to]: string[]) => ['path', '--db', store, from!, to!, '--dry-run', '--json'];
	if (values.before) {
		const compared = [
			...[...queries].slice(0, Number(values.cli)).map(query => (store: string) => similarArgs(store, query)),
			...pathPairs.map(pair => (store: string) => pathArgs(store, pair)),
		];
		let same = 0;
		for (const args of compared) {
			const outputs = builds.map(({build, db: store}) => cli(build, args(store)).stdout);
			if (outputs[0] === outputs[1] && outputs[0]!.length > 0) same++;
		}
		console.log(`CLI outputs byte-identical between ${builds[0]!.build} and ${builds[1]!.build}: ${same} of ${compared.length} (similar and path)`);
	}
	const name = (build: string) => (build === root ? 'this build' : build);
	for (let run = 0; run < runs; run++) {
		for (const {build, db: store} of builds) {
			for (const [what, args] of [
				['similar TRACK', similarArgs(store, track)],
				['path FROM TO', pathArgs(store, pathPairs[0]!)],
			] as const) {
				const {wall, cpu, status} = cli(build, args);
				console.log(`${name(build)}: ${what} ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (status ${status}; load ${load()})`);
			}
		}
	}
	for (let run = 0; run < runs; run++) {
		touchTracks(db);
		const {wall, cpu, status} = cli(root, similarArgs(db, track));
		console.log(`this build, cold (first after a change): similar TRACK ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (status ${status}; load ${load()})`);
	}
}

await main();
