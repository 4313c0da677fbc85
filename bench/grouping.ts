/**
 * Grouping at NAS scale (not a test: figures are reported, targets not asserted).
 *
 * A synthetic library of 40,000 stored tracks shaped like version-2 analyses (track vector, a 20-coefficient
 * timbre Gaussian, a 6 × 9 onset pattern), in 400 families. Measured: the automatic playlists at the default
 * settings (neighbour graph from the cell index, then bottom-up merging under the size cap), wall time and
 * memory (peak resident set of the build alone, and heap after it), with the tracks held slim as the store
 * loader hands them; `similar TRACK` (one query: library view, vector scan, full distance on a shortlist);
 * `similar --all` (profiles and cell index, then queries timed on a sample and scaled to the library);
 * purity against the families.
 *
 * Alone: `node --expose-gc --import=tsx bench/grouping.ts [TRACKS]` (writes bench/grouping-results.md). In
 * `npm run bench` as "grouping".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildPlaylists} from '../source/playlists/build.js';
import {createRng, type Rng} from '../source/playlists/random.js';
import {librarySimilarity} from '../source/playlists/similarity/similarity.js';
import {Float32Arena, slimTrack} from '../source/playlists/slim-track.js';
import type {SlimTrack, StoredTrack} from '../source/store/types.js';
import {syntheticLibrary, type SyntheticLibrary} from '../test/helpers/synthetic-library.js';
import {describeMachine, peakRssMiB, resetPeak} from './machine.js';
import {clusterQuality} from './playlists.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const MFCCS = 20;

/** A random symmetric positive definite covariance (upper triangle, row by row) around a family's. */
function covariance(base: Float64Array, rng: Rng): number[] {
	const out: number[] = [];
	for (let i = 0; i < MFCCS; i++) {
		for (let j = i; j < MFCCS; j++) out.push(base[i * MFCCS + j]! * (i === j ? 1 + 0.2 * rng.next() : 1 + 0.1 * rng.normal()));
	}
	return out;
}

/** Adds timbre Gaussians and onset patterns to a synthetic library, family by family. */
export function withVersion2Features(tracks: StoredTrack[], families: readonly string[], seed = 7): StoredTrack[] {
	const rng = createRng(seed);
	const byFamily = new Map<string, {mean: number[]; cov: Float64Array; pattern: number[]}>();
	return tracks.map((track, index) => {
		const family = families[index]!;
		let centre = byFamily.get(family);
		if (!centre) {
			// A diagonally dominant matrix is positive definite.
			const cov = new Float64Array(MFCCS * MFCCS);
			for (let i = 0; i < MFCCS; i++) {
				for (let j = i; j < MFCCS; j++) {
					const value = i === j ? 4 + 4 * rng.next() : 0.1 * rng.normal();
					cov[i * MFCCS + j] = value;
					cov[j * MFCCS + i] = value;
				}
			}
			centre = {mean: Array.from({length: MFCCS}, () => 5 * rng.normal()), cov, pattern: Array.from({length: 54}, () => rng.next())};
			byFamily.set(family, centre);
		}
		const timbre = {mean: centre.mean.map(value => value + 0.5 * rng.normal()), covariance: covariance(centre.cov, rng)};
		const onsetPattern = centre.pattern.map(value => Math.max(0, value + 0.1 * rng.normal()));
		return {...track, analysis: {...track.analysis, featuresVersion: 2, timbre, onsetPattern}};
	});
}

const mib = (bytes: number) => bytes / 1024 / 1024;
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

/** Tracks in each family of the NAS-scale synthetic library. */
const NAS_FAMILY_SIZE = 100;

/**
 * The NAS-scale synthetic library: about `count` tracks in families of 100 (overlapping, with estimator-like
 * tempo errors), made 20 families at a time with fixed seeds, each batch with version-2 analyses. Batches,
 * so that a caller can slim or store each before the next is made.
 */
export function* nasLibraryBatches(count: number): Generator<{batch: number; synthetic: SyntheticLibrary; tracks: StoredTrack[]}> {
	const perFamily = NAS_FAMILY_SIZE;
	const families = Math.max(1, Math.round(count / perFamily));
	for (let batch = 0; batch * 20 < families; batch++) {
		const synthetic = syntheticLibrary({
			families: Math.min(20, families - batch * 20),
			perFamily,
			spread: 0.6,
			tempoSpread: 0.06,
			octaveErrors: 0.15,
			seed: 11 + batch,
			root: `/music/b${batch}`,
		});
		yield {batch, synthetic, tracks: withVersion2Features(synthetic.tracks, synthetic.families, 7 + batch)};
	}
}

export async function runGroupingBench(count = 40_000): Promise<string> {
	// Slimmed batch by batch, as the store loader hands tracks to playlists and similar (commands/playlists.ts:
	// row by row, slim): the full analyses never sit in memory together.
	const tracks: SlimTrack[] = [];
	const arena = new Float32Arena();
	const familyNames: string[] = [];
	let groups: readonly string[] = [];
	for (const {batch, synthetic, tracks: full} of nasLibraryBatches(count)) {
		groups = synthetic.groups;
		for (const track of full) tracks.push(slimTrack(track, arena));
		for (const family of synthetic.families) familyNames.push(`b${batch}/${family}`);
	}
	const synthetic = {groups, families: familyNames};
	const familyOf = new Map(tracks.map((track, index) => [track.path, synthetic.families[index]!]));
	// Let the collector hand the making's garbage back, so that "before" is what the tracks hold.
	for (let k = 0; k < 3; k++) globalThis.gc?.();
	await new Promise(resolve => setTimeout(resolve, 500));
	globalThis.gc?.();
	const rssBefore = mib(process.memoryUsage().rss);
	const heapBefore = mib(process.memoryUsage().heapUsed);
	const reset = resetPeak();
	let start = performance.now();
	let cpu = process.cpuUsage();
	const result = buildPlaylists(tracks, {groups: synthetic.groups});
	const buildSeconds = (performance.now() - start) / 1000;
	const buildCpu = cpuSeconds(process.cpuUsage(cpu));
	const peak = peakRssMiB();
	const heapAfter = mib(process.memoryUsage().heapUsed);
	const {purity, completeness} = clusterQuality(result.playlists, familyOf);
	const sizes = result.playlists.map(playlist => playlist.tracks.length).sort((a, b) => a - b);
	const tiny = sizes.filter(size => size < 5).reduce((sum, size) => sum + size, 0);
	const names = result.playlists.map(playlist => playlist.name.toLowerCase());

	// `similar TRACK`: one query, a vector scan and the full distance on its shortlist (no index).
	globalThis.gc?.();
	start = performance.now();
	cpu = process.cpuUsage();
	const single = librarySimilarity(tracks, {groups: synthetic.groups});
	single.index.nearestByScan(0, 10);
	const firstQuery = (performance.now() - start) / 1000;
	const firstCpu = cpuSeconds(process.cpuUsage(cpu));

	// `similar --all`: profiles of every track, the cell index, then every query; timed on a sample of queries.
	start = performance.now();
	cpu = process.cpuUsage();
	const {similarity, index} = librarySimilarity(tracks, {groups: synthetic.groups});
	similarity.prepareAll();
	index.nearest(0, 10);
	const setupSeconds = (performance.now() - start) / 1000;
	const setupCpu = cpuSeconds(process.cpuUsage(cpu));
	const sampled = Math.min(tracks.length, 2000);
	start = performance.now();
	cpu = process.cpuUsage();
	for (let q = 0; q < sampled; q++) index.nearest(Math.floor((q * tracks.length) / sampled), 10);
	const perQuery = (performance.now() - start) / sampled / 1000;
	const perQueryCpu = cpuSeconds(process.cpuUsage(cpu)) / sampled;
	const allCpu = setupCpu + perQueryCpu * tracks.length;
	const allWall = setupSeconds + perQuery * tracks.length;

	const quantile = (q: number) => sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))]!;
	return [
		`## Grouping at scale: ${tracks.length.toLocaleString('en')} synthetic tracks`,
		'',
		`\`bench/grouping.ts\`. Machine: ${describeMachine()}. Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
		'',
		`Load average at the start: ${os.loadavg()[0]!.toFixed(1)} (the machine is shared: wall time depends on it, CPU time much less).`,
		'',
		`Synthetic version-2 analyses (${synthetic.groups.length}-value vector, 20-coefficient timbre Gaussian, 54-value onset pattern) in ` +
			`${new Set(synthetic.families).size} families of ${NAS_FAMILY_SIZE}, overlapping (spread 0.6, 15 % of tempi halved or doubled).`,
		'',
		'| measure | figure | target |',
		'|---|---:|---|',
		`| \`playlists\` (build, default settings) | ${buildSeconds.toFixed(1)} s wall, ${buildCpu.toFixed(1)} s CPU | 60 s |`,
		`| peak resident set during the build | ${reset ? `${peak.toFixed(0)} MiB (${rssBefore.toFixed(0)} MiB before, tracks loaded)` : 'not measured (clear_refs refused)'} | 400 MB |`,
		`| heap after the build | ${heapAfter.toFixed(0)} MiB (${heapBefore.toFixed(0)} MiB before) | |`,
		`| tracks held as the store loader hands them (slim) | ${heapBefore.toFixed(0)} MiB of heap, ${rssBefore.toFixed(0)} MiB resident | |`,
		`| \`similar TRACK\` (library view, vector scan, full distance on 300) | ${firstQuery.toFixed(2)} s wall, ${firstCpu.toFixed(2)} s CPU | 1 s |`,
		`| \`similar --all\`: profiles and cell index | ${setupSeconds.toFixed(1)} s wall, ${setupCpu.toFixed(1)} s CPU | |`,
		`| \`similar --all\`: a query (mean of ${sampled}) | ${(perQuery * 1000).toFixed(1)} ms wall, ${(perQueryCpu * 1000).toFixed(1)} ms CPU | |`,
		`| \`similar --all\`, whole library (setup + ${tracks.length.toLocaleString('en')} queries) | ${(allWall / 60).toFixed(1)} min wall, ${(allCpu / 60).toFixed(1)} min CPU | 10 min |`,
		`| playlists | ${sizes.length}, sizes ${sizes[0]}–${sizes.at(-1)} (median ${quantile(0.5)}), ${((100 * tiny) / tracks.length).toFixed(1)} % of tracks in playlists under 5 | |`,
		`| distinct names | ${new Set(names).size} of ${names.length} | all |`,
		`| purity / completeness against the families | ${purity.toFixed(2)} / ${completeness.toFixed(2)} | |`,
		'',
	].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const count = Number(process.argv[2] ?? 40_000);
	const section = await runGroupingBench(count);
	console.log(section);
	fs.writeFileSync(path.join(here, 'grouping-results.md'), section);
}
