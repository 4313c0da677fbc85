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
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {FAMILIES, type Recipe} from '../media/recipes.js';
import {renderLibrary, type ManifestEntry} from '../media/render.js';
import {FEATURES_VERSION} from '../source/analysis/vector.js';
import {locateFfmpeg} from '../source/audio/ffmpeg-locate.js';
import {buildPlaylists, type BuildOptions} from '../source/playlists/build.js';
import {prepareVectors, squaredDistance, type Metric} from '../source/playlists/similarity/distance.js';
import {distanceProfiles, mutualProximity} from '../test/helpers/proximity.js';
import {createRng, sampleIndices} from '../source/playlists/random.js';
import type {Playlist} from '../source/playlists/types.js';
import {vectorGroups} from '../source/playlists/similarity/vector-groups.js';
import {writePlaylists} from '../source/playlists/output/writer.js';
import {LibraryStore} from '../source/store/library-store.js';
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

/**
 * Six timbre families of generated audio. Families share tempi in pairs (dusk and mist at 90 BPM, neon and
 * grit at 120, rush and glass at 150) and every track gets its own key, so neither tempo nor key can tell a
 * family: what tells them apart is timbre, texture and dynamics.
 */
const AUDIO_FAMILIES: Record<string, Omit<Recipe, 'name' | 'family' | 'seconds' | 'format'>> = {
	...FAMILIES,
	mist: {
		bpm: 90,
		tonic: 2,
		mode: 'major',
		kick: 0.15,
		click: 0,
		clickHz: 1000,
		hats: 0.04,
		noise: {color: 'pink', level: 0.015},
		pad: 0.4,
		padOctave: 4,
		padHarmonics: 0,
	},
	grit: {
		bpm: 120,
		tonic: 7,
		mode: 'minor',
		kick: 0.7,
		click: 0.1,
		clickHz: 900,
		hats: 0.3,
		noise: {color: 'white', level: 0.1},
		pad: 0.1,
		padOctave: 2,
		padHarmonics: 4,
	},
	glass: {
		bpm: 150,
		tonic: 5,
		mode: 'major',
		kick: 0.05,
		click: 0.45,
		clickHz: 5200,
		hats: 0.02,
		noise: {color: 'white', level: 0.005},
		pad: 0.22,
		padOctave: 5,
		padHarmonics: 2,
	},
};
const AUDIO_FORMATS: Array<Recipe['format']> = ['mp3', 'ogg', 'opus', 'flac'];

/** `perFamily` recipes per family: tempo within ±4 %, levels within ±20 %, a key of its own per track. */
export function audioFamilyRecipes(perFamily: number, seconds: number): Recipe[] {
	const rng = createRng(2024);
	const recipes: Recipe[] = [];
	for (const [family, base] of Object.entries(AUDIO_FAMILIES)) {
		for (let i = 0; i < perFamily; i++) {
			const vary = (value: number) => Math.round(value * (1 + 0.4 * (rng.next() - 0.5)) * 1000) / 1000;
			recipes.push({
				...base,
				noise: {...base.noise, level: vary(base.noise.level)},
				name: `${family}-${String(i + 1).padStart(2, '0')}`,
				family,
				seconds,
				format: AUDIO_FORMATS[recipes.length % AUDIO_FORMATS.length]!,
				bpm: Math.round(base.bpm * (1 + 0.08 * (rng.next() - 0.5)) * 10) / 10,
				tonic: rng.int(12),
				kick: vary(base.kick),
				click: vary(base.click),
				hats: vary(base.hats),
				pad: vary(base.pad),
			});
		}
	}
	return recipes;
}

/**
 * Renders the six families (cached in bench/tmp), analyses them with the real CLI into a fresh store, and
 * reads back the stored tracks with their family labels.
 */
export async function analysedAudioLibrary(
	options: {perFamily?: number; seconds?: number} = {},
): Promise<{tracks: StoredTrack[]; families: string[]; label: string}> {
	const {perFamily = 11, seconds = 20} = options;
	const root = path.join(here, '..');
	const cli = path.join(root, 'dist', 'cli.js');
	if (!fs.existsSync(cli)) {
		const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {cwd: root, stdio: 'inherit'});
		if (build.status !== 0) throw new Error('build failed');
	}
	const dir = path.join(here, 'tmp', `playlists-audio-${perFamily}x${seconds}s`);
	const audio = path.join(dir, 'audio');
	const manifestFile = path.join(dir, 'manifest.json');
	let manifest: ManifestEntry[];
	if (fs.existsSync(manifestFile)) {
		manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ManifestEntry[];
	} else {
		const recipes = audioFamilyRecipes(perFamily, seconds);
		console.error(`bench playlists: rendering ${recipes.length} tracks into ${audio}…`);
		manifest = await renderLibrary(recipes, audio, locateFfmpeg().path);
		fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, '\t'));
	}
	const db = path.join(dir, 'library.db');
	for (const suffix of ['', '-wal', '-shm', '.lock']) fs.rmSync(db + suffix, {force: true, recursive: true});
	console.error(`bench playlists: analysing ${manifest.length} tracks…`);
	await new Promise<void>((resolve, reject) => {
		const child = spawn(process.execPath, [cli, 'analyze', audio, '--db', db, '--no-tui'], {stdio: ['ignore', 'ignore', 'inherit']});
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve() : reject(new Error(`analyze exited ${code}`))));
	});
	const store = await LibraryStore.open(db, {mode: 'read', featuresVersion: FEATURES_VERSION});
	let tracks: StoredTrack[];
	try {
		tracks = store.allTracks();
	} finally {
		store.close();
	}
	const familyOf = new Map(manifest.map(entry => [path.join(audio, entry.file), entry.family]));
	const families = tracks.map(track => familyOf.get(track.path) ?? '?');
	const familyCount = new Set(families).size;
	return {tracks, families, label: `${tracks.length} generated tracks of ${seconds} s in ${familyCount} families, real extractor`};
}

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

async function timeBuildAndWrite(
	tracks: StoredTrack[],
	options: BuildOptions,
	repeats: number,
): Promise<{wall: number; cpu: number; build: number; write: number; playlists: number; k?: number}> {
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
		runs.push({
			wall: end - start,
			cpu: cpuMs() - cpuStart,
			build: built - start,
			write: end - built,
			playlists: result.playlists.length,
			k: result.clustering?.k,
		});
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
	lines.push(`### Build and write (${speedSet.label})${options.tracks ? '' : '; target under 5 s'}`, '');
	lines.push('| strategy | playlists | build (s) | write M3U8 (s) | total wall (s) | CPU (s) |', '|---|---|---|---|---|---|');
	const strategies: Array<[string, BuildOptions]> = [
		['clusters, grouped by neighbours', {groups: speedSet.groups}],
		...(options.tracks ? [] : [['clusters, k = 20', {groups: speedSet.groups, k: 20}] as [string, BuildOptions]]),
		['bands', {groups: speedSet.groups, strategy: 'bands'}],
		['radio, 30 tracks', {groups: speedSet.groups, strategy: 'radio', seeds: [speedSet.tracks[0]!.path], length: 30}],
	];
	for (const [label, buildOptions] of strategies) {
		const timing = await timeBuildAndWrite(speedSet.tracks, buildOptions, repeats);
		const playlists = timing.k === undefined ? `${timing.playlists}` : `${timing.playlists} (k = ${timing.k})`;
		lines.push(
			`| ${label} | ${playlists} | ${(timing.build / 1000).toFixed(2)} | ${(timing.write / 1000).toFixed(2)} | ${(timing.wall / 1000).toFixed(2)} | ${(timing.cpu / 1000).toFixed(2)} |`,
		);
	}
	const load = os
		.loadavg()
		.map(value => value.toFixed(1))
		.join(' / ');
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
		const vectors = set.tracks.map(track => track.analysis.vector);
		lines.push(`### Similarity quality: ${set.label}`, '');
		lines.push('| distance | precision@5 (same family) |', '|---|---|');
		const variants: Array<[string, Parameters<typeof precisionAtK>[2]]> = [
			['raw values, no standardisation', {standardise: false}],
			['z-scored Euclidean, default weights (all 1)', {groups: set.groups}],
			['z-scored cosine, default weights', {groups: set.groups, metric: 'cosine'}],
			['z-scored Euclidean + mutual proximity', {groups: set.groups, mutualProximity: true}],
		];
		for (const group of new Set(set.groups ?? [])) variants.push([`z-scored Euclidean, ${group} 0`, {groups: set.groups, weights: {[group]: 0}}]);
		if (set.groups?.includes('timbre')) variants.push(['z-scored Euclidean, timbre 2', {groups: set.groups, weights: {timbre: 2}}]);
		for (const [label, variant] of variants) lines.push(`| ${label} | ${percent(precisionAtK(vectors, set.families, variant))} |`);
		lines.push('');
		const familyOf = new Map(set.tracks.map((track, index) => [track.path, set.families[index]!]));
		const familyCount = new Set(set.families).size;
		lines.push('| clustering | playlists | purity | completeness |', '|---|---|---|---|');
		for (const [label, buildOptions] of [
			['grouped by neighbours', {groups: set.groups, maxLength: 100_000}],
			[`k = number of families (${familyCount})`, {groups: set.groups, k: familyCount, maxLength: 100_000}],
		] as Array<[string, BuildOptions]>) {
			const result = buildPlaylists(set.tracks, buildOptions);
			const quality = clusterQuality(result.playlists, familyOf);
			lines.push(`| ${label} | ${result.playlists.length} (k = ${result.clustering?.k}) | ${percent(quality.purity)} | ${percent(quality.completeness)} |`);
		}
		lines.push('');
	}
	lines.push(
		"Purity: share of tracks whose playlist's majority family is their own. Completeness: share of tracks in their family's majority playlist (a family split over two playlists lowers it). Clustering quality is measured without the split at 500 tracks (maxLength), which would otherwise cut 500-track families in two.",
		'',
	);
	if (!options.tracks) {
		lines.push(
			'Synthetic vectors: 1 tempo, 2 loudness, 4 brightness, 26 timbre, 6 tonality (pure noise, as raw chroma is across keys), 3 rhythm; families are Gaussian clusters sharing ten common tempi, 6 % tempo spread within a family, 15 % of tempi halved or doubled. They exercise the code and its speed; which distance setting is best must be read from real vectors (`runPlaylistsBench({tracks, families, groups})`).',
			'',
		);
	}
	return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const synthetic = await runPlaylistsBench();
	const audio = await analysedAudioLibrary();
	const real = await runPlaylistsBench({...audio, groups: vectorGroups(), repeats: 3});
	const report =
		`# Playlists benchmark\n\nMachine: ${describeMachine()}.\nRun: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`node --import=tsx bench/playlists.ts\`.\n\n` +
		`${synthetic}\n## Playlists on real vectors\n\n` +
		'Generated audio (media/recipes.ts): six timbre families that share tempi in pairs (90, 120, 150 BPM), a key of its own for every track, ' +
		'levels varied ±20 % and tempo ±4 % within a family; analysed by the real CLI (`analyze --db`), read back from the store. ' +
		'Synthetic families are easier to tell apart than genres of real music: read these figures as a check of the whole path, not as what a real library will score.\n\n' +
		real.replace(/^## Playlists\n\n/, '');
	fs.writeFileSync(path.join(here, 'playlists-results.md'), report);
	console.log(report);
}
