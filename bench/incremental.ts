/**
 * Playlists over time at NAS scale: 40,000 synthetic tracks (bench/grouping.ts), of which 400 (one in a
 * hundred) arrive after the first write. Measures the first build (the whole library grouped, the copies of
 * one recording looked for), and the run that grows the remembered playlists by the 400: wall and CPU
 * time, and the peak resident set of each build alone. Also what a growing run keeps: files and pairs.
 *
 * `node --expose-gc --import=tsx bench/incremental.ts [COUNT]`
 */
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildPlaylists, type BuildResult} from '../source/playlists/build.js';
import {Float32Arena, slimTrack} from '../source/playlists/slim-track.js';
import type {SlimTrack} from '../source/store/types.js';
import {nasLibraryBatches} from './grouping.js';
import {describeMachine, peakRssMiB, resetPeak} from './machine.js';
import {memoryOf} from './stability.js';

type Timed = {result: BuildResult; wall: number; cpu: number; peak: number};

async function timed(build: () => BuildResult): Promise<Timed> {
	for (let k = 0; k < 3; k++) globalThis.gc?.();
	await new Promise(resolve => setTimeout(resolve, 300));
	resetPeak();
	const start = performance.now();
	const cpu = process.cpuUsage();
	const result = build();
	const used = process.cpuUsage(cpu);
	return {result, wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6, peak: peakRssMiB()};
}

function pairsKept(before: ReadonlyArray<readonly string[]>, after: BuildResult): number {
	const playlistOf = new Map<string, number>();
	after.playlists.forEach((playlist, index) => playlist.tracks.forEach(track => playlistOf.set(track.path, index)));
	let kept = 0;
	let total = 0;
	for (const paths of before) {
		for (let i = 0; i < paths.length; i++) {
			for (let j = i + 1; j < paths.length; j++) {
				total++;
				if (playlistOf.get(paths[i]!) === playlistOf.get(paths[j]!)) kept++;
			}
		}
	}
	return total > 0 ? kept / total : 1;
}

export async function runIncrementalBench(count = 40_000): Promise<string> {
	const tracks: SlimTrack[] = [];
	const arena = new Float32Arena();
	let groups: readonly string[] = [];
	for (const {synthetic, tracks: full} of nasLibraryBatches(count)) {
		groups = synthetic.groups;
		for (const track of full) tracks.push(slimTrack(track, arena));
	}
	const late = new Set(tracks.filter((_, index) => index % 100 === 50).map(track => track.path));
	const before = tracks.filter(track => !late.has(track.path));
	const load = os.loadavg()[0]!.toFixed(1);
	let first: Timed | undefined = await timed(() => buildPlaylists(before, {groups}));
	const memory = memoryOf(first.result);
	// What the next run keeps of the first: its memory (as the store gives it back), figures, names, pairs.
	const {wall, cpu, peak} = first;
	const names = new Set(first.result.playlists.map(playlist => playlist.name));
	const pairsOf = first.result.playlists.map(playlist => playlist.tracks.map(track => track.path));
	first = undefined;
	const grown = await timed(() => buildPlaylists(tracks, {groups, memory}));
	const keptNames = grown.result.playlists.filter(playlist => names.has(playlist.name)).length;
	const changes = grown.result.continuity!.changes;
	const added = changes.kept.reduce((sum, kept) => sum + kept.added.length, 0);
	return [
		`## Playlists over time at scale: ${tracks.length.toLocaleString('en')} synthetic tracks, ${late.size} added`,
		'',
		`\`bench/incremental.ts\`. Machine: ${describeMachine()}. Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${load} at the start.`,
		'',
		'| run | wall | CPU | peak resident set | target |',
		'|---|---:|---:|---:|---|',
		`| first write: ${before.length.toLocaleString('en')} tracks grouped, copies looked for | ${wall.toFixed(1)} s | ${cpu.toFixed(1)} s | ${peak.toFixed(0)} MiB | |`,
		`| next write: ${late.size} more, the remembered playlists grown (${changes.mode}) | ${grown.wall.toFixed(1)} s | ${grown.cpu.toFixed(1)} s | ${grown.peak.toFixed(0)} MiB | within the full build's 27 s CPU and 400 MB |`,
		'',
		`The grown run kept ${keptNames} of ${names.size} playlist names and ${(100 * pairsKept(pairsOf, grown.result)).toFixed(1)} % of the pairs of tracks that shared a playlist; ` +
			`${added} of the ${late.size} new tracks joined existing playlists, ${changes.created.length} new playlists (${changes.created.reduce((sum, created) => sum + created.tracks, 0)} tracks), ${changes.renamed.length} renamed.`,
		'',
	].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	console.log(await runIncrementalBench(Number(process.argv[2] ?? 40_000)));
}
