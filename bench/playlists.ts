/**
 * Playlists benchmark (not a test: figures are reported, targets not asserted).
 *
 * - Speed: building and writing playlists for 10,000 tracks (target: under 5 s).
 * - Quality: with family labels, precision@5 of same-family nearest neighbours under several distance
 *   settings, and the purity of the clusters the clusters strategy builds.
 *
 * By default on synthetic family vectors (Gaussian clusters with a fixed seed). Pass real vectors and
 * family labels — e.g. a generated audio library analysed by the real extractor — to measure those:
 * `runPlaylistsBench({tracks, families, groups})`.
 *
 * Alone: `node --import=tsx bench/playlists.ts` (writes bench/playlists-results.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildPlaylists, type BuildOptions} from '../source/playlists/build.js';
import {prepareVectors, squaredDistance, type Metric} from '../source/playlists/distance.js';
import {distanceProfiles, mutualProximity} from '../source/playlists/proximity.js';
import {createRng, sampleIndices} from '../source/playlists/random.js';
import type {Playlist} from '../source/playlists/types.js';
import {writePlaylists} from '../source/playlists/writer.js';
import type {StoredTrack} from '../source/store/types.js';
import {syntheticLibrary} from '../test/helpers/synthetic-library.js';
import {describeMachine} from './machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Tempo as estimators report it: 6 % spread within a family, 15 % of tracks at half or double tempo. */
const REALISTIC_TEMPO = {tempoSpread: 0.06, octaveErrors: 0.15};
const benchTmp = path.join(here, 'tmp', 'playlists');

export type PlaylistsBenchOptions = {
	/** Analysed tracks and the family of each (same order). Default: synthetic families. */
	tracks?: StoredTrack[];
	families?: string[];
	/** Weight group of each vector index. */
	groups?: readonly string[];
	/** Label for the data set in the report. */
	label?: string;
	/** Timing repetitions (the median is reported). Default 3. */
	repeats?: number;
};

function cpuMs(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
}

/** Share of the k nearest neighbours (of a sample of queries) that belong to the query's family. */
export function precisionAtK(
	vectors: ReadonlyArray<readonly number[]>,
	families: readonly string[],
	options: {
		groups?: readonly string[];
		weights?: Record<string, number>;
		metric?: Metric;
		k?: number;
		queries?: number;
		standardise?: boolean;
		mutualProximity?: boolean;
	},
): number {
	const k = options.k ?? 5;
	const prepared = prepareVectors(vectors, {groups: options.groups, weights: options.weights, metric: options.metric});
	let matrix = prepared.matrix;
	if (options.standardise === false) {
		const d = vectors[0]!.length;
		const data = new Float64Array(vectors.length * d);
		vectors.forEach((vector, i) => data.set(vector, i * d));
		matrix = {n: vectors.length, d, data};
	}
	const profiles = options.mutualProximity ? distanceProfiles(prepared) : undefined;
	const queries = sampleIndices(matrix.n, options.queries ?? 1000, createRng(17));
	let hits = 0;
	const best = new Float64Array(k);
	const bestIndex = new Int32Array(k);
	for (const query of queries) {
		best.fill(Infinity);
		bestIndex.fill(-1);
		for (let other = 0; other < matrix.n; other++) {
			if (other === query) continue;
			const squared = squaredDistance(matrix.data, query, matrix.data, other, matrix.d);
			const distance = profiles ? mutualProximity(profiles, query, other, Math.sqrt(squared)) : squared;
			if (distance >= best[k - 1]!) continue;
			let position = k - 1;
			while (position > 0 && best[position - 1]! > distance) {
				best[position] = best[position - 1]!;
				bestIndex[position] = bestIndex[position - 1]!;
				position--;
			}
			best[position] = distance;
			bestIndex[position] = other;
		}
		for (let j = 0; j < k; j++) if (bestIndex[j]! >= 0 && families[bestIndex[j]!] === families[query]) hits++;
	}
	return hits / (queries.length * k);
}

/** Purity (share of tracks in their playlist's majority family) and completeness (share of each family in its majority playlist). */
export function clusterQuality(playlists: readonly Playlist[], familyOf: ReadonlyMap<string, string>): {purity: number; completeness: number} {
	let majority = 0;
	let total = 0;
	const byFamily = new Map<string, Map<number, number>>();
	playlists.forEach((playlist, index) => {
		const counts = new Map<string, number>();
		for (const track of playlist.tracks) {
			const family = familyOf.get(track.path) ?? '?';
			counts.set(family, (counts.get(family) ?? 0) + 1);
			const spread = byFamily.get(family) ?? new Map<number, number>();
			spread.set(index, (spread.get(index) ?? 0) + 1);
			byFamily.set(family, spread);
			total++;
		}
		majority += Math.max(0, ...counts.values());
	});
	let kept = 0;
	for (const spread of byFamily.values()) kept += Math.max(...spread.values());
	return {purity: total > 0 ? majority / total : 0, completeness: total > 0 ? kept / total : 0};
}

function percent(value: number): string {
	return `${(value * 100).toFixed(1)} %`;
}

async function timeBuildAndWrite(tracks: StoredTrack[], options: BuildOptions, repeats: number): Promise<{wall: number; cpu: number; build: number; write: number; playlists: number; k?: number}> {
	const runs: Array<{wall: number; cpu: number; build: number; write: number; playlists: number; k?: number}> = [];
	for (let repeat = 0; repeat < repeats; repeat++) {
		const out = path.join(benchTmp, `out-${repeat}`);
		fs.rmSync(out, {recursive: true, force: true});
		const cpuStart = cpuMs();
		const start = performance.now();
		const result = buildPlaylists(tracks, options);
		const built = performance.now();
		await writePlaylists(result.playlists, {dir: out, failures: []});
		const end = performance.now();
		runs.push({wall: end - start, cpu: cpuMs() - cpuStart, build: built - start, write: end - built, playlists: result.playlists.length, k: result.clustering?.k});
		fs.rmSync(out, {recursive: true, force: true});
	}
	const middle = [...runs].sort((a, b) => a.wall - b.wall)[Math.floor(runs.length / 2)]!;
	return middle;
}

export async function runPlaylistsBench(options: PlaylistsBenchOptions = {}): Promise<string> {
	fs.mkdirSync(benchTmp, {recursive: true});
	const repeats = options.repeats ?? 3;
	const lines: string[] = ['## Playlists', ''];

	// Speed on 10,000 tracks (or the tracks given).
	const speedSet = options.tracks
		? {tracks: options.tracks, groups: options.groups, label: options.label ?? `${options.tracks.length} given tracks`}
		: (() => {
				const library = syntheticLibrary({families: 20, perFamily: 500, spread: 0.6, ...REALISTIC_TEMPO, seed: 7});
				return {tracks: library.tracks, groups: library.groups, label: '10,000 synthetic tracks (20 families × 500, 42-value vectors)'};
			})();
	lines.push(`### Build and write (${speedSet.label}); target under 5 s`, '');
	lines.push('| strategy | playlists | build (s) | write M3U8 (s) | total wall (s) | CPU (s) |', '|---|---|---|---|---|---|');
	const strategies: Array<[string, BuildOptions]> = [
		['clusters, k chosen by silhouette', {groups: speedSet.groups}],
		['clusters, k = 20', {groups: speedSet.groups, k: 20}],
		['bands', {groups: speedSet.groups, strategy: 'bands'}],
		['radio, 30 tracks', {groups: speedSet.groups, strategy: 'radio', seeds: [speedSet.tracks[0]!.path], length: 30}],
	];
	for (const [label, buildOptions] of strategies) {
		const timing = await timeBuildAndWrite(speedSet.tracks, buildOptions, repeats);
		const playlists = timing.k === undefined ? `${timing.playlists}` : `${timing.playlists} (k = ${timing.k})`;
		lines.push(`| ${label} | ${playlists} | ${(timing.build / 1000).toFixed(2)} | ${(timing.write / 1000).toFixed(2)} | ${(timing.wall / 1000).toFixed(2)} | ${(timing.cpu / 1000).toFixed(2)} |`);
	}
	const load = os.loadavg().map(value => value.toFixed(1)).join(' / ');
	lines.push(
		'',
		`Median of ${repeats} runs (by wall time). Writing includes the stale-file scan and the atomic rename of every file. ` +
			`CPU is this process's user + system time: wall time above it means other processes held the cores (load average ${load} over 1 / 5 / 15 min when the timings ended).`,
		'',
	);

	// Quality with family labels.
	const qualitySets: Array<{label: string; tracks: StoredTrack[]; families: string[]; groups?: readonly string[]}> = [];
	if (options.tracks && options.families) {
		qualitySets.push({label: options.label ?? 'given tracks', tracks: options.tracks, families: options.families, groups: options.groups});
	} else {
		for (const [spread, note] of [
			[0.6, 'well separated'],
			[1.2, 'overlapping'],
		] as const) {
			const library = syntheticLibrary({families: 20, perFamily: 500, spread, ...REALISTIC_TEMPO, seed: 7});
			qualitySets.push({label: `10,000 synthetic, 20 families, spread ${spread} (${note})`, ...library});
		}
	}
	for (const set of qualitySets) {
		const vectors = set.tracks.map(track => track.features.vector);
		lines.push(`### Similarity quality: ${set.label}`, '');
		lines.push('| distance | precision@5 (same family) |', '|---|---|');
		const variants: Array<[string, Parameters<typeof precisionAtK>[2]]> = [
			['raw values, no standardisation', {standardise: false}],
			['z-scored Euclidean, default weights (all 1)', {groups: set.groups}],
			['z-scored cosine, default weights', {groups: set.groups, metric: 'cosine'}],
			['z-scored Euclidean + mutual proximity', {groups: set.groups, mutualProximity: true}],
		];
		if (set.groups?.includes('tonality')) variants.push(['z-scored Euclidean, tonality 0', {groups: set.groups, weights: {tonality: 0}}]);
		if (set.groups?.includes('timbre')) variants.push(['z-scored Euclidean, timbre 2', {groups: set.groups, weights: {timbre: 2}}]);
		for (const [label, variant] of variants) lines.push(`| ${label} | ${percent(precisionAtK(vectors, set.families, variant))} |`);
		lines.push('');
		const familyOf = new Map(set.tracks.map((track, index) => [track.path, set.families[index]!]));
		const familyCount = new Set(set.families).size;
		lines.push('| clustering | playlists | purity | completeness |', '|---|---|---|---|');
		for (const [label, buildOptions] of [
			['k chosen by silhouette', {groups: set.groups, maxLength: 100_000}],
			[`k = number of families (${familyCount})`, {groups: set.groups, k: familyCount, maxLength: 100_000}],
		] as Array<[string, BuildOptions]>) {
			const result = buildPlaylists(set.tracks, buildOptions);
			const quality = clusterQuality(result.playlists, familyOf);
			lines.push(`| ${label} | ${result.playlists.length} (k = ${result.clustering?.k}) | ${percent(quality.purity)} | ${percent(quality.completeness)} |`);
		}
		lines.push('');
	}
	lines.push(
		'Purity: share of tracks whose playlist\'s majority family is their own. Completeness: share of tracks in their family\'s majority playlist (a family split over two playlists lowers it). Clustering quality is measured without the split at 500 tracks (maxLength), which would otherwise cut 500-track families in two.',
		'',
		'Synthetic vectors: 1 tempo, 2 loudness, 4 brightness, 26 timbre, 6 tonality (pure noise, as raw chroma is across keys), 3 rhythm; families are Gaussian clusters sharing ten common tempi, 6 % tempo spread within a family, 15 % of tempi halved or doubled. They exercise the code and its speed; which distance setting is best must be read from real vectors (`runPlaylistsBench({tracks, families, groups})`).',
		'',
	);
	return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const section = await runPlaylistsBench();
	const report = `# Playlists benchmark\n\nMachine: ${describeMachine()}.\nRun: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`node --import=tsx bench/playlists.ts\`.\n\n${section}`;
	fs.writeFileSync(path.join(here, 'playlists-results.md'), report);
	console.log(report);
}
