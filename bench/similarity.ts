/**
 * Similarity on real music (not a test: figures are reported, targets not asserted).
 *
 * On the dev corpus (real game soundtracks, folder = album, labels.tsv beside the library; made by
 * ../shared/corpus/dev-corpus.sh), analysed by the built CLI into a fresh store:
 * - analysis cost: wall time and CPU time (this process's children) per second of audio;
 * - album precision@1 and @5 of each track's nearest neighbours by the distance playlists use, overall
 *   and per album (random would be about (album size − 1) / (n − 1));
 * - the automatic playlists (default settings): purity, completeness, sizes, share of tracks in
 *   playlists under 5 tracks.
 *
 * Alone: `node --import=tsx bench/similarity.ts [--db FILE]` (writes bench/similarity-results.md;
 * --db reuses an analysed store instead of analysing again). In `npm run bench` as "similarity".
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {FEATURES_VERSION} from '../source/analysis/vector.js';
import {DEFAULT_WEIGHTS} from '../source/config/options.js';
import {buildPlaylists, type BuildOptions} from '../source/playlists/build.js';
import {camelotCompatible, tempoCompatible} from '../source/playlists/order/ordering.js';
import {createRng, shuffle} from '../source/playlists/random.js';
import type {Playlist} from '../source/playlists/types.js';
import {librarySimilarity} from '../source/playlists/similarity/similarity.js';
import {vectorGroups} from '../source/playlists/similarity/vector-groups.js';
import {LibraryStore} from '../source/store/library-store.js';
import type {StoredTrack} from '../source/store/types.js';
import {clusterQuality} from './playlists.js';
import {describeMachine} from './machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
export const DEV_CORPUS = process.env['PLAYLISTGEN_DEV_CORPUS'] ?? '/tmp/playlistgen-dev-corpus';

type Analysed = {tracks: StoredTrack[]; wallSeconds?: number; cpuSeconds?: number; audioSeconds: number};

/** CPU seconds of this process's waited-for children (utime + stime from /proc/self/stat). */
function childrenCpuSeconds(): number {
	const stat = fs.readFileSync('/proc/self/stat', 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// Fields after the command: state is 3rd overall; cutime and cstime are the 16th and 17th.
	return (Number(fields[13]) + Number(fields[14])) / 100;
}

function run(command: string, args: string[]): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {stdio: ['ignore', 'ignore', 'inherit']});
		child.on('error', reject);
		child.on('exit', code => resolve(code ?? 1));
	});
}

/** Analyses the corpus with the built CLI into a fresh store (or reads `db` as it is). */
export async function analyseCorpus(options: {db?: string} = {}): Promise<Analysed> {
	const library = path.join(DEV_CORPUS, 'library');
	let db = options.db;
	let wallSeconds: number | undefined;
	let cpuSeconds: number | undefined;
	if (!db) {
		const dir = path.join(here, 'tmp', 'similarity');
		fs.mkdirSync(dir, {recursive: true});
		db = path.join(dir, `corpus-v${FEATURES_VERSION}.db`);
		for (const suffix of ['', '-wal', '-shm', '.lock']) fs.rmSync(db + suffix, {force: true});
		const cpuBefore = childrenCpuSeconds();
		const start = performance.now();
		const code = await run(process.execPath, [path.join(root, 'dist', 'cli.js'), 'analyze', library, '--db', db, '--no-tui']);
		wallSeconds = (performance.now() - start) / 1000;
		cpuSeconds = childrenCpuSeconds() - cpuBefore;
		if (code !== 0) throw new Error(`analysis of ${library} exited with ${code}`);
	}
	const store = await LibraryStore.open(db, {mode: 'read', featuresVersion: FEATURES_VERSION});
	try {
		const tracks = store.allTracks({root: library});
		return {tracks, wallSeconds, cpuSeconds, audioSeconds: tracks.reduce((sum, track) => sum + track.durationSeconds, 0)};
	} finally {
		store.close();
	}
}

/** Album of each library path, from labels.tsv (path relative to the library, tab, album). */
export function corpusLabels(): Map<string, string> {
	const library = path.join(DEV_CORPUS, 'library');
	const labels = new Map<string, string>();
	for (const line of fs.readFileSync(path.join(DEV_CORPUS, 'labels.tsv'), 'utf8').split('\n')) {
		const [file, album] = line.split('\t');
		if (file && album) labels.set(path.join(library, file), album.trim());
	}
	return labels;
}

/** Each track's nearest others by the library's one distance (playlists/similarity/similarity.ts), nearest first. */
function trackNeighbours(tracks: readonly StoredTrack[], limit: number): number[][] {
	const {library, index} = librarySimilarity(tracks, {groups: vectorGroups(), weights: {...DEFAULT_WEIGHTS}});
	const position = new Map(tracks.map((track, i) => [track.path, i]));
	const byPath = library.tracks.map(track => position.get(track.path)!);
	const out: number[][] = Array.from({length: tracks.length}, () => []);
	library.tracks.forEach((_, i) => (out[byPath[i]!] = index.nearest(i, limit).map(({index: j}) => byPath[j]!)));
	return out;
}

export type NeighbourQuality = {p1: number; p5: number; random5: number; albums: Array<{album: string; tracks: number; p1: number; p5: number}>};

/** Album precision@1 and @5 of each track's nearest neighbours (lists of indices, nearest first). */
export function neighbourQuality(albums: readonly string[], neighbours: ReadonlyArray<readonly number[]>): NeighbourQuality {
	const perAlbum = new Map<string, {tracks: number; hits1: number; hits5: number}>();
	let hits1 = 0;
	let hits5 = 0;
	let random = 0;
	const sizes = new Map<string, number>();
	for (const album of albums) sizes.set(album, (sizes.get(album) ?? 0) + 1);
	albums.forEach((album, i) => {
		const list = neighbours[i]!;
		const one = list.slice(0, 1).filter(j => albums[j] === album).length;
		const five = list.slice(0, 5).filter(j => albums[j] === album).length / 5;
		hits1 += one;
		hits5 += five;
		random += (sizes.get(album)! - 1) / (albums.length - 1);
		const entry = perAlbum.get(album) ?? {tracks: 0, hits1: 0, hits5: 0};
		entry.tracks++;
		entry.hits1 += one;
		entry.hits5 += five;
		perAlbum.set(album, entry);
	});
	const n = albums.length;
	return {
		p1: hits1 / n,
		p5: hits5 / n,
		random5: random / n,
		albums: [...perAlbum.entries()]
			.map(([album, entry]) => ({album, tracks: entry.tracks, p1: entry.hits1 / entry.tracks, p5: entry.hits5 / entry.tracks}))
			.sort((a, b) => (a.album < b.album ? -1 : 1)),
	};
}

export type GroupingQuality = {
	playlists: number;
	sizes: number[];
	purity: number;
	completeness: number;
	tinyShare: number;
	names: string[];
	seconds: number;
	/** Median tempo step between consecutive tracks (both tempi known), and the share of key-compatible steps. */
	medianTempoStep: number;
	/** The same with a double or half tempo counted as the same pulse (min over ×1, ×2, ×½). */
	medianFoldedStep: number;
	/** Share of steps within 8 % directly or at double/half tempo. */
	tempoCompatible: number;
	keyCompatible: number;
	baselines: OrderBaselines;
};

/** How smooth the play order is: the median tempo step and the share of Camelot-compatible steps. */
function transitions(playlists: readonly Playlist[]): Pick<GroupingQuality, 'medianTempoStep' | 'medianFoldedStep' | 'tempoCompatible' | 'keyCompatible'> {
	const steps: number[] = [];
	const folded: number[] = [];
	let tempoSteps = 0;
	let compatible = 0;
	let pairs = 0;
	for (const {tracks} of playlists) {
		for (let i = 1; i < tracks.length; i++) {
			const [a, b] = [tracks[i - 1]!, tracks[i]!];
			if (a.bpm > 0 && b.bpm > 0) {
				steps.push(Math.abs(a.bpm - b.bpm));
				folded.push(Math.min(Math.abs(a.bpm - b.bpm), Math.abs(2 * a.bpm - b.bpm), Math.abs(a.bpm - 2 * b.bpm)));
				if (tempoCompatible(a.bpm, b.bpm)) tempoSteps++;
			}
			if (a.camelot && b.camelot) {
				pairs++;
				if (camelotCompatible(a.camelot, b.camelot)) compatible++;
			}
		}
	}
	const median = (values: number[]) => (values.length > 0 ? values.sort((x, y) => x - y)[Math.floor(values.length / 2)]! : Number.NaN);
	return {
		medianTempoStep: median(steps),
		medianFoldedStep: median(folded),
		tempoCompatible: steps.length > 0 ? tempoSteps / steps.length : Number.NaN,
		keyCompatible: pairs > 0 ? compatible / pairs : Number.NaN,
	};
}

export type OrderBaselines = {
	/** The same playlists' members in random order (medians over 25 shuffles). */
	shuffled: {medianTempoStep: number; keyCompatible: number};
	/** The same members sorted by tempo alone: the smallest median step these groups allow. */
	byTempo: {medianTempoStep: number; keyCompatible: number};
};

/** What the play order achieves against random order and tempo order, on the same groups. */
export function orderBaselines(playlists: readonly Playlist[]): OrderBaselines {
	const rng = createRng(7);
	const steps: number[] = [];
	const keys: number[] = [];
	for (let round = 0; round < 25; round++) {
		const t = transitions(playlists.map(p => ({...p, tracks: shuffle([...p.tracks], rng)})));
		steps.push(t.medianTempoStep);
		keys.push(t.keyCompatible);
	}
	const middle = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
	const sorted = transitions(playlists.map(p => ({...p, tracks: [...p.tracks].sort((a, b) => a.bpm - b.bpm)})));
	return {
		shuffled: {medianTempoStep: middle(steps), keyCompatible: middle(keys)},
		byTempo: {medianTempoStep: sorted.medianTempoStep, keyCompatible: sorted.keyCompatible},
	};
}

/** The automatic playlists at the default settings, against the albums. */
export function groupingQuality(
	tracks: readonly StoredTrack[],
	albumOf: ReadonlyMap<string, string>,
	options: Pick<BuildOptions, 'k' | 'targetLength' | 'similarity'> = {},
): GroupingQuality {
	const start = performance.now();
	const result = buildPlaylists(tracks, {groups: vectorGroups(), weights: {...DEFAULT_WEIGHTS}, ...options});
	const seconds = (performance.now() - start) / 1000;
	const {purity, completeness} = clusterQuality(result.playlists, albumOf);
	const sizes = result.playlists.map(playlist => playlist.tracks.length);
	const total = sizes.reduce((sum, size) => sum + size, 0);
	const tiny = sizes.filter(size => size < 5).reduce((sum, size) => sum + size, 0);
	return {
		playlists: sizes.length,
		sizes,
		purity,
		completeness,
		tinyShare: total > 0 ? tiny / total : 0,
		names: result.playlists.map(p => p.name),
		seconds,
		baselines: orderBaselines(result.playlists),
		...transitions(result.playlists),
	};
}

function fixed(value: number, digits = 2): string {
	return value.toFixed(digits);
}

export async function runSimilarityBench(options: {db?: string} = {}): Promise<string> {
	if (!fs.existsSync(path.join(DEV_CORPUS, 'labels.tsv'))) {
		return `## Similarity on real music\n\nSkipped: no dev corpus at ${DEV_CORPUS} (run ../shared/corpus/dev-corpus.sh as root).\n`;
	}
	const analysed = await analyseCorpus(options);
	const labels = corpusLabels();
	const tracks = analysed.tracks.filter(track => labels.has(track.path));
	const albums = tracks.map(track => labels.get(track.path)!);
	const neighbours = trackNeighbours(tracks, 5);
	const quality = neighbourQuality(albums, neighbours);
	const grouping = groupingQuality(tracks, labels);
	const shorter = groupingQuality(tracks, labels, {targetLength: 10});
	const forced = groupingQuality(tracks, labels, {k: new Set(albums).size});
	const two = groupingQuality(tracks, labels, {k: 2});
	const groupingRows: Array<[string, GroupingQuality]> = [
		['default settings (neighbour graph, target length 20)', grouping],
		['target length 10', shorter],
		[`k-means, k = ${new Set(albums).size} (the album count)`, forced],
		['k-means, k = 2 (two long lists, as features version 1 made)', two],
	];

	const lines = [
		`## Similarity on real music (dev corpus)`,
		'',
		`${tracks.length} real tracks in ${new Set(albums).size} albums (folder = album), ${fixed(analysed.audioSeconds / 60, 1)} min of audio, ` +
			`features version ${FEATURES_VERSION}. Machine: ${describeMachine()}. Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
		'',
	];
	if (analysed.wallSeconds !== undefined && analysed.cpuSeconds !== undefined) {
		lines.push(
			`Analysis by the built CLI (defaults, fresh store): ${fixed(analysed.wallSeconds, 1)} s wall (${fixed(analysed.audioSeconds / analysed.wallSeconds, 0)}× realtime), ` +
				`${fixed(analysed.cpuSeconds, 1)} s CPU of ffmpeg, workers and all (${fixed(analysed.audioSeconds / analysed.cpuSeconds, 0)}× realtime per CPU second).`,
			'',
		);
	}
	lines.push(
		`Nearest neighbours by the playlists' distance: album precision@1 **${fixed(quality.p1)}**, precision@5 **${fixed(quality.p5)}** (random: ${fixed(quality.random5)}).`,
		'',
		'| album | tracks | P@1 | P@5 |',
		'|---|---:|---:|---:|',
		...quality.albums.map(album => `| ${album.album} | ${album.tracks} | ${fixed(album.p1)} | ${fixed(album.p5)} |`),
		'',
		'| automatic playlists | playlists | sizes | purity | completeness | tracks in playlists under 5 | median tempo step | the same, half/double as one | tempo-compatible steps | key-compatible steps | build |',
		'|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
		...groupingRows.map(
			([label, g]) =>
				`| ${label} | ${g.playlists} | ${g.sizes.join(', ')} | ${fixed(g.purity)} | ${fixed(g.completeness)} | ${fixed(g.tinyShare * 100, 0)} % | ${fixed(g.medianTempoStep, 1)} BPM | ${fixed(g.medianFoldedStep, 1)} BPM | ${fixed(g.tempoCompatible * 100, 0)} % | ${fixed(g.keyCompatible * 100, 0)} % | ${fixed(g.seconds, 2)} s |`,
		),
		'',
		'Play order against the same groups in random order (median of 25 shuffles) and sorted by tempo alone (the smallest median step the group allows):',
		'',
		'| automatic playlists | median tempo step: order / random / by tempo | key-compatible steps: order / random / by tempo |',
		'|---|---:|---:|',
		...groupingRows.map(
			([label, g]) =>
				`| ${label} | ${fixed(g.medianTempoStep, 1)} / ${fixed(g.baselines.shuffled.medianTempoStep, 1)} / ${fixed(g.baselines.byTempo.medianTempoStep, 1)} BPM | ${fixed(g.keyCompatible * 100, 0)} / ${fixed(g.baselines.shuffled.keyCompatible * 100, 0)} / ${fixed(g.baselines.byTempo.keyCompatible * 100, 0)} % |`,
		),
		'',
		`Names at the default settings: ${grouping.names.map(name => `"${name}"`).join(', ')}.`,
		'',
	);
	return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const at = process.argv.indexOf('--db');
	const section = await runSimilarityBench({db: at > 0 ? process.argv[at + 1] : undefined});
	console.log(section);
	fs.writeFileSync(path.join(here, 'similarity-results.md'), section);
}
