/**
 * Paths from one track to another (`playlistgen path`; not a test: figures are reported, targets not asserted).
 *
 * Dev corpus (real game soundtracks, folder = album): 50 random pairs of tracks from different albums, a
 * path of 10 each, by three methods:
 * - corridor shortest path (playlists/order/song-path.ts, what `path` uses);
 * - interpolation by the distance: the k-th track is the unused one x with the least
 *   (1 − t)·d(FROM, x)² + t·d(x, TO)², t = k / 9 (on a Euclidean space that is the point t along the line);
 * - naive: points evenly spaced on the straight line between the two vectors, each taken by the nearest
 *   unused track by the vector.
 * Per method: paths that start at FROM and end at TO, paths of distinct tracks, the mean step by the distance
 * `similar` uses against the mean distance between two tracks of the library (target ≤ 0.6 ×), the mean of
 * each path's longest step, and the share of steps where the distance to TO falls (target ≥ 70 %).
 *
 * NAS scale: the 40,000-track synthetic library of bench/grouping.ts, held slim as the store loader hands
 * it; a path of 20 between tracks of two different families, timed from the tracks in memory (the library
 * view, the distance, the corridor and its copies, the path) and alone; peak resident set.
 *
 * Alone: `node --expose-gc --import=tsx bench/song-path.ts [--db FILE] [TRACKS]` (writes
 * bench/song-path-results.md; --db reads an analysed store of the dev corpus instead of analysing it). In
 * `npm run bench` as "song-path".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {DEFAULT_WEIGHTS} from '../source/config/options.js';
import {createRng} from '../source/playlists/random.js';
import {onePerRecording} from '../source/playlists/similarity/recordings.js';
import {librarySimilarity} from '../source/playlists/similarity/similarity.js';
import {Float32Arena, slimTrack} from '../source/playlists/slim-track.js';
import {libraryRoute, straightLinePath} from '../source/playlists/order/song-path.js';
import {vectorGroups} from '../source/playlists/similarity/vector-groups.js';
import type {SlimTrack} from '../source/store/types.js';
import {nasLibraryBatches} from './grouping.js';
import {describeMachine, peakRssMiB, resetPeak} from './machine.js';
import {analyseCorpus, corpusLabels} from './similarity.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PAIRS = 50;
const LENGTH = 10;

type Distance = (i: number, j: number) => number;

/** Interpolation by the distance (see the module comment). */
function interpolatedPath(n: number, distance: Distance, from: number, to: number, length: number): number[] {
	const used = new Uint8Array(n);
	used[from] = 1;
	used[to] = 1;
	const order = [from];
	for (let k = 1; k < length - 1; k++) {
		const t = k / (length - 1);
		let best = -1;
		let bestCost = Infinity;
		for (let x = 0; x < n; x++) {
			if (used[x]) continue;
			const cost = (1 - t) * distance(from, x) ** 2 + t * distance(x, to) ** 2;
			if (cost < bestCost) {
				bestCost = cost;
				best = x;
			}
		}
		if (best < 0) break;
		used[best] = 1;
		order.push(best);
	}
	order.push(to);
	return order;
}

type Figures = {ends: number; distinct: number; meanStep: number; longest: number; falling: number; ms: number};

function measure(paths: ReadonlyArray<{from: number; to: number; order: number[]}>, distance: Distance, ms: number): Figures {
	let ends = 0;
	let distinct = 0;
	let steps = 0;
	let stepSum = 0;
	let longestSum = 0;
	let falls = 0;
	for (const {from, to, order} of paths) {
		if (order[0] === from && order.at(-1) === to && order.length === LENGTH) ends++;
		if (new Set(order).size === order.length) distinct++;
		let longest = 0;
		for (let k = 1; k < order.length; k++) {
			const step = distance(order[k - 1]!, order[k]!);
			stepSum += step;
			steps++;
			longest = Math.max(longest, step);
			if (distance(order[k]!, to) < distance(order[k - 1]!, to)) falls++;
		}
		longestSum += longest;
	}
	return {ends, distinct, meanStep: stepSum / steps, longest: longestSum / paths.length, falling: falls / steps, ms: ms / paths.length};
}

async function corpusSection(db: string | undefined): Promise<string[]> {
	const {tracks} = await analyseCorpus({db});
	const labels = corpusLabels();
	const {library, similarity} = librarySimilarity(tracks, {groups: vectorGroups(), weights: {...DEFAULT_WEIGHTS}});
	const n = library.tracks.length;
	const distance: Distance = (i, j) => similarity.distance(i, j);
	let pairSum = 0;
	let pairCount = 0;
	for (let i = 0; i < n; i++)
		for (let j = i + 1; j < n; j++) {
			pairSum += distance(i, j);
			pairCount++;
		}
	const meanPair = pairSum / pairCount;
	const album = library.tracks.map(track => labels.get(track.path) ?? path.dirname(track.path));
	// Ends among the copies kept (a copy named stands for the copy kept, which the path then starts from).
	const kept = new Set(onePerRecording(library.tracks).tracks.map(track => track.path));
	const ends = library.tracks.flatMap((track, i) => (kept.has(track.path) ? [i] : []));
	const rng = createRng(2606);
	const pairs: Array<[number, number]> = [];
	while (pairs.length < PAIRS) {
		const from = ends[rng.int(ends.length)]!;
		const to = ends[rng.int(ends.length)]!;
		if (album[from] !== album[to]) pairs.push([from, to]);
	}
	const methods: Array<[string, (from: number, to: number) => number[]]> = [
		['corridor shortest path (`path`)', (from, to) => libraryRoute(library, similarity, [from, to], LENGTH).order],
		['interpolation by the distance', (from, to) => interpolatedPath(n, distance, from, to, LENGTH)],
		['naive: straight line between the vectors', (from, to) => straightLinePath(library.prepared.matrix, from, to, LENGTH)],
	];
	const rows = methods.map(([name, method]) => {
		const start = performance.now();
		const paths = pairs.map(([from, to]) => ({from, to, order: method(from, to)}));
		const figures = measure(paths, distance, performance.now() - start);
		return (
			`| ${name} | ${figures.ends} / ${PAIRS} | ${figures.distinct} / ${PAIRS} | ${figures.meanStep.toFixed(3)} (${(figures.meanStep / meanPair).toFixed(2)} ×) | ` +
			`${figures.longest.toFixed(3)} | ${(100 * figures.falling).toFixed(0)} % | ${figures.ms.toFixed(1)} ms |`
		);
	});
	return [
		`Dev corpus: ${n} tracks (${ends.length} recordings) in ${new Set(album).size} albums; mean distance between two tracks ${meanPair.toFixed(3)} ` +
			`(all ${pairCount} pairs). ${PAIRS} random pairs of recordings from different albums, paths of ${LENGTH}.`,
		'',
		'| method | start and end right | distinct | mean step (× mean pair) | mean longest step | steps nearer TO | time a path |',
		'|---|---:|---:|---:|---:|---:|---:|',
		...rows,
		'| target | all | all | ≤ 0.6 × | | ≥ 70 % | |',
		'',
	];
}

async function scaleSection(count: number): Promise<string[]> {
	const tracks: SlimTrack[] = [];
	const arena = new Float32Arena();
	let groups: readonly string[] = [];
	for (const {synthetic, tracks: full} of nasLibraryBatches(count)) {
		groups = synthetic.groups;
		for (const track of full) tracks.push(slimTrack(track, arena));
	}
	for (let k = 0; k < 3; k++) globalThis.gc?.();
	await new Promise(resolve => setTimeout(resolve, 300));
	globalThis.gc?.();
	const rssBefore = process.memoryUsage().rss / 1024 / 1024;
	const reset = resetPeak();
	const start = performance.now();
	const cpu = process.cpuUsage();
	const {library, similarity} = librarySimilarity(tracks, {weights: {...DEFAULT_WEIGHTS}, groups});
	const prepared = performance.now();
	// Two tracks of different families: the first, and one from the middle of the library.
	const from = 0;
	const to = Math.floor(library.tracks.length / 2) + 37;
	const {order} = libraryRoute(library, similarity, [from, to], 20);
	const done = performance.now();
	const cpuSeconds = (({user, system}) => (user + system) / 1e6)(process.cpuUsage(cpu));
	const peak = peakRssMiB();
	const naiveStart = performance.now();
	const naive = straightLinePath(library.prepared.matrix, from, to, 20);
	const naiveMs = performance.now() - naiveStart;
	const steps = (list: number[]) => list.slice(1).reduce((sum, track, k) => sum + similarity.distance(list[k]!, track), 0) / (list.length - 1);
	return [
		`NAS scale: ${library.tracks.length.toLocaleString('en')} synthetic tracks (bench/grouping.ts's library, held slim); a path of 20 between two families.`,
		'',
		'| measure | figure | target |',
		'|---|---:|---|',
		`| tracks in memory → path (library view, distance, corridor, copies, path) | ${((done - start) / 1000).toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU | 2 s |`,
		`| the path alone | ${((done - prepared) / 1000).toFixed(2)} s | |`,
		`| peak resident set, tracks included | ${reset ? `${peak.toFixed(0)} MiB (${rssBefore.toFixed(0)} MiB with the tracks alone)` : 'not measured (clear_refs refused)'} | 400 MB |`,
		`| path: ${order.length} tracks, ${new Set(order).size} distinct, mean step | ${steps(order).toFixed(3)} | |`,
		`| naive straight line: mean step, time | ${steps(naive).toFixed(3)}, ${(naiveMs / 1000).toFixed(2)} s | |`,
		'',
	];
}

export async function runSongPathBench(options: {db?: string; count?: number} = {}): Promise<string> {
	return [
		'## Paths from one track to another',
		'',
		`\`bench/song-path.ts\`. Machine: ${describeMachine()}. Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ` +
			`load average ${os.loadavg()[0]!.toFixed(1)} at the start (the machine is shared).`,
		'',
		...(await corpusSection(options.db)),
		...(await scaleSection(options.count ?? 40_000)),
	].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const argv = process.argv.slice(2);
	const dbAt = argv.indexOf('--db');
	const db = dbAt >= 0 ? argv.splice(dbAt, 2)[1] : undefined;
	const section = await runSongPathBench({db, count: argv[0] ? Number(argv[0]) : undefined});
	console.log(section);
	fs.writeFileSync(path.join(here, 'song-path-results.md'), section);
}
