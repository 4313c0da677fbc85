/**
 * The library store at the size of a big library: plan() over 40,000 stored tracks, one commit per
 * track (synchronous NORMAL against FULL), reading everything back for playlists, stats.
 * Run: node --import=tsx bench/store.ts  → bench/store-results.md. Targets are reported, not asserted.
 */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Database from 'better-sqlite3';
import type {TrackAnalysis} from '../source/analysis/types.js';
import type {ScannedTrack} from '../source/audio/scan.js';
import {LibraryStore} from '../source/store/library-store.js';
import {formatBytes} from '../source/util/units.js';
import {describeMachine} from './machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.join(here, 'tmp', 'store');
const TRACKS = 40_000;
const VECTOR = 32;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(run: () => T): [T, number] {
	const start = performance.now();
	const result = run();
	return [result, performance.now() - start];
}

/** An analysis shaped like the feature extractor's: ~20 summaries, chroma, a 32-number vector. */
/** An analysis shaped like the extractor's, with a few more summaries (about the size of a real one). */
export function analysis(i: number): TrackAnalysis {
	const summaries: Record<string, {mean: number; std: number}> = {};
	for (const name of ['centroid', 'rolloff', 'flatness', 'zcr', 'rms', 'flux', 'spread', 'skewness', 'kurtosis', 'loudness']) {
		summaries[name] = {mean: Math.sin(i) * 1000, std: Math.cos(i) * 100};
	}
	for (let k = 0; k < 13; k++) summaries[`mfcc${k}`] = {mean: Math.sin(i + k), std: Math.cos(i + k)};
	return {
		featuresVersion: 1,
		bpm: 60 + (i % 120),
		bpmConfidence: 0.7,
		key: `${['C', 'D', 'E', 'F', 'G', 'A', 'B'][i % 7]} ${i % 2 ? 'minor' : 'major'}`,
		keyTonic: i % 12,
		mode: i % 2 ? 'minor' : 'major',
		keyConfidence: 0.6,
		camelot: '8B',
		loudnessDb: -12,
		summaries: summaries as TrackAnalysis['summaries'],
		chroma: Array.from({length: 12}, (_, k) => Math.abs(Math.sin(i * k))),
		vector: Array.from({length: VECTOR}, (_, k) => Math.sin(i * 7 + k)),
	};
}

export function scannedTracks(): ScannedTrack[] {
	return Array.from({length: TRACKS}, (_, i) => ({
		path: `/music/Artist ${String(i % 800).padStart(3, '0')}/Album ${i % 7}/${String(i % 14).padStart(2, '0')} Track number ${i}.flac`,
		size: 20_000_000 + i,
		mtimeMs: 1_600_000_000_000 + i * 1000,
	}));
}

/** Commit cost of one small transaction on a WAL file, at a synchronous level. */
function commitCost(level: 'NORMAL' | 'FULL', commits: number): number {
	const file = path.join(dir, `commit-${level}.db`);
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, {force: true});
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${level}`);
	db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, path TEXT UNIQUE, payload TEXT)');
	const insert = db.prepare('INSERT INTO t (path, payload) VALUES (?, ?)');
	const payload = JSON.stringify(analysis(1));
	const times: number[] = [];
	for (let i = 0; i < commits; i++) times.push(time(() => db.transaction(() => insert.run(`/x/${i}`, payload))())[1]);
	db.close();
	return median(times);
}

export async function runStoreBench(): Promise<string> {
	fs.rmSync(dir, {recursive: true, force: true});
	fs.mkdirSync(dir, {recursive: true});
	const file = path.join(dir, 'library.db');
	const tracks = scannedTracks();
	const store = await LibraryStore.open(file, {featuresVersion: 1});
	const saves: number[] = [];
	const [, fillMs] = time(() => {
		for (const [i, track] of tracks.entries()) {
			const start = performance.now();
			store.saveTrack({
				...track,
				durationSeconds: 240,
				partial: false,
				tags: {artist: `Artist ${i % 800}`, title: `Track ${i}`, trackNumber: i % 14},
				analysis: analysis(i),
			});
			saves.push(performance.now() - start);
		}
	});
	store.close();
	const bytes = fs.statSync(file).size;

	const reopened = await LibraryStore.open(file, {featuresVersion: 1});
	const plans: number[] = [];
	let result = reopened.plan('/music', tracks, {retryFailed: false});
	for (let i = 0; i < 5; i++) plans.push(time(() => (result = reopened.plan('/music', tracks, {retryFailed: false})))[1]);
	const unchanged = result.unchanged;
	const changed = tracks.map((track, i) => (i % 100 === 0 ? {...track, mtimeMs: track.mtimeMs + 1} : track));
	const changedTimes: number[] = [];
	let changedPlan = result;
	for (let i = 0; i < 5; i++) changedTimes.push(time(() => (changedPlan = reopened.plan('/music', changed, {retryFailed: false})))[1]);
	const changedMs = median(changedTimes);
	reopened.close();

	const reader = await LibraryStore.open(file, {mode: 'read', featuresVersion: 1});
	const heapBefore = process.memoryUsage().heapUsed;
	const [all, readMs] = time(() => reader.allTracks());
	const heapAfter = process.memoryUsage().heapUsed;
	let streamed = 0;
	const [, streamMs] = time(() => {
		for (const track of reader.tracks()) streamed += track.analysis.vector.length > 0 ? 1 : 0;
	});
	const [, summaryMs] = time(() => reader.summary());
	reader.close();

	const normal = commitCost('NORMAL', 2000);
	const full = commitCost('FULL', 500);
	fs.rmSync(dir, {recursive: true, force: true});

	const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
	return [
		'## Library store (SQLite)',
		'',
		`${TRACKS.toLocaleString('en')} synthetic tracks with an analysis shaped like the feature extractor's (23 summaries, chroma, a ${VECTOR}-number vector).`,
		'',
		'| measure | result |',
		'| --- | --- |',
		`| plan(): ${TRACKS.toLocaleString('en')} scanned, all stored and unchanged (median of 5) | ${ms(median(plans))} (${unchanged.toLocaleString('en')} unchanged) |`,
		`| plan(): 1 % changed (median of 5) | ${ms(changedMs)} (${changedPlan.toAnalyse.length} to analyse) |`,
		`| saveTrack(): one transaction per track, synchronous=NORMAL (median) | ${ms(median(saves))}; ${TRACKS.toLocaleString('en')} in ${(fillMs / 1000).toFixed(1)} s |`,
		`| one small commit in WAL mode, synchronous=NORMAL / FULL (median) | ${ms(normal)} / ${ms(full)} |`,
		`| store file for ${TRACKS.toLocaleString('en')} tracks | ${formatBytes(bytes)} (${Math.round(bytes / TRACKS)} B a track) |`,
		`| allTracks(): every track as StoredTrack | ${ms(readMs)}, ~${formatBytes(heapAfter - heapBefore)} of heap for ${all.length.toLocaleString('en')} tracks |`,
		`| tracks(): streamed one at a time | ${ms(streamMs)} (${streamed.toLocaleString('en')} tracks) |`,
		`| summary() for stats (counts, tempo bands, keys) | ${ms(summaryMs)} |`,
		'',
		'Timings move by 2–3× from run to run when other work shares the two cores; the orders of magnitude hold.',
		'',
	].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const section = await runStoreBench();
	const text = `# Store benchmark\n\nMachine: ${describeMachine()}.\nRun: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`node --import=tsx bench/store.ts\`.\n\n${section}`;
	fs.writeFileSync(path.join(here, 'store-results.md'), text);
	console.log(text);
}
