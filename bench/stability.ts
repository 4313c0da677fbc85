/**
 * Playlists over time, on the dev corpus: what a user whose library grows by one album sees. For each
 * album in turn: playlists built and remembered without it, then the album added and the playlists
 * written again, growing the remembered ones (what `playlistgen playlists` does with its store), against
 * a fresh build of the whole library (what every run did before playlists were remembered):
 *
 * - files kept: playlists of the first run whose file (its name) is still written by the second;
 * - pairs kept: pairs of tracks that shared a playlist and still do;
 * - quality of the grown playlists against a fresh build: purity, completeness, sizes;
 * - an unchanged rerun gives the same playlists.
 *
 * `node --import=tsx bench/stability.ts [STORE]` (STORE: a store of the corpus, else analysed afresh).
 */
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {DEFAULT_WEIGHTS} from '../source/config/options.js';
import {buildPlaylists, type BuildOptions, type BuildResult} from '../source/playlists/build.js';
import type {BuildMemory} from '../source/playlists/grouping/continuity.js';
import {uniqueFileNames} from '../source/playlists/output/filenames.js';
import {vectorGroups} from '../source/playlists/similarity/vector-groups.js';
import {clusterQuality} from './playlists.js';
import {analyseCorpus, corpusLabels, DEV_CORPUS} from './similarity.js';

type RunFigures = {filesKept: number; filesBefore: number; pairsKept: number; pairsBefore: number};

/** What the store would remember after writing `result`: ids 1, 2, … in order. */
export function memoryOf(result: BuildResult): BuildMemory {
	return {
		playlists: (result.continuity?.groups ?? []).map((group, index) => ({
			id: group.id ?? 1000 + index,
			name: group.name,
			members: group.members,
			loose: group.loose,
		})),
		groupedTracks: result.continuity?.groups.reduce((sum, group) => sum + group.members.length, 0),
	};
}

/** Remembered ids carried over: a group that continues one keeps its id, a new one gets the next. */
function carryIds(previous: BuildMemory, result: BuildResult): BuildMemory {
	const next = memoryOf(result);
	let fresh = Math.max(0, ...previous.playlists.map(playlist => playlist.id)) + 1;
	return {...next, playlists: result.continuity!.groups.map((group, index) => ({...next.playlists[index]!, id: group.id ?? fresh++}))};
}

function files(result: BuildResult): Set<string> {
	return new Set(
		uniqueFileNames(
			result.playlists.map(playlist => playlist.name),
			'.m3u8',
		),
	);
}

function pairs(result: BuildResult): Set<string> {
	const set = new Set<string>();
	for (const playlist of result.playlists) {
		const paths = playlist.tracks.map(track => track.path).sort();
		for (let i = 0; i < paths.length; i++) for (let j = i + 1; j < paths.length; j++) set.add(`${paths[i]}\u0000${paths[j]}`);
	}
	return set;
}

function compare(before: BuildResult, after: BuildResult): RunFigures {
	const oldFiles = files(before);
	const newFiles = files(after);
	const oldPairs = pairs(before);
	const newPairs = pairs(after);
	let filesKept = 0;
	for (const file of oldFiles) if (newFiles.has(file)) filesKept++;
	let pairsKept = 0;
	for (const pair of oldPairs) if (newPairs.has(pair)) pairsKept++;
	return {filesKept, filesBefore: oldFiles.size, pairsKept, pairsBefore: oldPairs.size};
}

function same(a: BuildResult, b: BuildResult): boolean {
	const shape = (result: BuildResult) => JSON.stringify(result.playlists.map(playlist => [playlist.name, playlist.tracks.map(track => track.path)]));
	return shape(a) === shape(b);
}

const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(0)} %` : '–');

function quality(result: BuildResult, labels: ReadonlyMap<string, string>): string {
	const {purity, completeness} = clusterQuality(result.playlists, labels);
	const sizes = result.playlists.map(playlist => playlist.tracks.length);
	const total = sizes.reduce((sum, size) => sum + size, 0);
	const tiny = sizes.filter(size => size < 5).reduce((sum, size) => sum + size, 0);
	return `${purity.toFixed(2)} | ${completeness.toFixed(2)} | ${sizes.length}: ${[...sizes].sort((a, b) => b - a).join(', ')} | ${percent(tiny, total)}`;
}

export async function runStabilityBench(options: {db?: string} = {}): Promise<string> {
	const {tracks} = await analyseCorpus(options);
	const labels = corpusLabels();
	const corpus = tracks.filter(track => labels.has(track.path));
	const albums = [...new Set(corpus.map(track => labels.get(track.path)!))].sort();
	const settings: BuildOptions = {groups: vectorGroups(), weights: {...DEFAULT_WEIGHTS}};
	const lines = [
		'## Playlists over time (dev corpus, one album added)',
		'',
		`${corpus.length} tracks in ${albums.length} albums at ${DEV_CORPUS}. For each album: playlists built and remembered without it, then`,
		'the album added and the playlists built again, growing the remembered ones (now) or afresh (a fresh snapshot, as before).',
		'',
		'| album added | tracks | files kept | pairs kept | purity | completeness | sizes | in < 5 | fresh: files kept | pairs kept | purity | completeness | sizes | in < 5 | rerun identical |',
		'|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---|',
	];
	const totals = {grown: {files: 0, filesOf: 0, pairs: 0, pairsOf: 0}, fresh: {files: 0, filesOf: 0, pairs: 0, pairsOf: 0}};
	for (const album of albums) {
		const without = corpus.filter(track => labels.get(track.path) !== album);
		const first = buildPlaylists(without, settings);
		const memory = memoryOf(first);
		const grown = buildPlaylists(corpus, {...settings, memory});
		const fresh = buildPlaylists(corpus, settings);
		const rerun = buildPlaylists(corpus, {...settings, memory: carryIds(memory, grown)});
		const g = compare(first, grown);
		const f = compare(first, fresh);
		totals.grown.files += g.filesKept;
		totals.grown.filesOf += g.filesBefore;
		totals.grown.pairs += g.pairsKept;
		totals.grown.pairsOf += g.pairsBefore;
		totals.fresh.files += f.filesKept;
		totals.fresh.filesOf += f.filesBefore;
		totals.fresh.pairs += f.pairsKept;
		totals.fresh.pairsOf += f.pairsBefore;
		const added = corpus.length - without.length;
		lines.push(
			`| ${album}${grown.continuity?.changes.mode === 'regrouped' ? ' (regrouped)' : ''} | +${added} | ${g.filesKept}/${g.filesBefore} | ${percent(g.pairsKept, g.pairsBefore)} | ${quality(grown, labels)} | ${f.filesKept}/${f.filesBefore} | ${percent(f.pairsKept, f.pairsBefore)} | ${quality(fresh, labels)} | ${same(grown, rerun) ? 'yes' : 'NO'} |`,
		);
		console.error(`stability: ${album}: ${grown.continuity?.changes.mode}`);
	}
	lines.push(
		`| **all** | | **${percent(totals.grown.files, totals.grown.filesOf)}** | **${percent(totals.grown.pairs, totals.grown.pairsOf)}** | | | | | ${percent(totals.fresh.files, totals.fresh.filesOf)} | ${percent(totals.fresh.pairs, totals.fresh.pairsOf)} | | | | | |`,
		'',
		'Targets: at least 80 % of files and 95 % of pairs kept when about 5 % more music arrives; quality at least that of a fresh build.',
		'',
	);
	return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	console.log(await runStabilityBench({db: process.argv[2] ? path.resolve(process.argv[2]) : undefined}));
}
