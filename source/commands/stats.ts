import fs from 'node:fs';
import path from 'node:path';
import {camelot, PITCH_CLASSES, type Mode} from '../analysis/key-names.js';
import {readByMessage} from '../audio/decoder-chain.js';
import {recordingSets} from '../playlists/similarity/recordings.js';
import {LibraryStore, type StoreSummary} from '../store/library-store.js';
import type {StoredFailure} from '../store/types.js';
import {pathInLibrary} from '../util/paths.js';
import {showText} from '../util/raw-path.js';
import {formatBytes} from '../util/units.js';
import type {RunContext} from './context.js';
import {CURRENT_FEATURES_VERSION, storePath} from './store.js';
import {slimTracksOf} from './store-tracks.js';

/** Everything `playlistgen stats` reports; `stats --json` prints it as one object. */
export type StatsReport = {
	store: string;
	exists: boolean;
	storeBytes: number;
	schemaVersion: number | null;
	featuresVersion: number;
	/** The folder the report is limited to, if any. */
	root: string | null;
	tracks: number;
	current: number;
	outdated: number;
	partial: number;
	durationSeconds: number;
	failures: Array<{path: string; error: string; attempts: number; lastTried: string; sizeBytes: number; mtimeMs: number}>;
	/** Tempo bands of 10 BPM over the tracks with current features: [from, to) and how many. */
	bpm: Array<{from: number; to: number; count: number}>;
	keys: Array<{key: string; camelot: string | null; count: number}>;
	/** Files that are one recording (playlists/similarity/recordings.ts): the copy playlists hold, and the others. */
	duplicates: Array<{keep: string; copies: string[]}>;
	/** Tracks per decoder (`ffmpeg`, or the second decoder for files ffmpeg refused), most first. */
	decoders: Array<{decoder: string; count: number}>;
	/** Each track another decoder read, with ffmpeg's complaint. */
	readByOthers: Array<{path: string; decoder: string; ffmpegError: string}>;
};

function fileBytes(file: string): number {
	let total = 0;
	for (const part of [file, `${file}-wal`]) {
		try {
			total += fs.statSync(part).size;
		} catch {}
	}
	return total;
}

function camelotOf(key: string): string | null {
	const match = /^([A-G]#?) (major|minor)$/.exec(key);
	if (!match) return null;
	const tonic = (PITCH_CLASSES as readonly string[]).indexOf(match[1]!);
	return tonic === -1 ? null : camelot(tonic, match[2] as Mode);
}

/** Tempo bands from the slowest to the fastest, empty ones included so the shape reads true. */
function bpmBands(summary: StoreSummary): StatsReport['bpm'] {
	if (summary.bpmBands.length === 0) return [];
	const counts = new Map(summary.bpmBands.map(band => [band.from, band.count]));
	const first = summary.bpmBands[0]!.from;
	const last = summary.bpmBands.at(-1)!.from;
	const bands: StatsReport['bpm'] = [];
	for (let from = first; from <= last; from += 10) bands.push({from, to: from + 10, count: counts.get(from) ?? 0});
	return bands;
}

function failureRecord(failure: StoredFailure): StatsReport['failures'][number] {
	return {
		path: failure.path,
		error: failure.error,
		attempts: failure.attempts,
		lastTried: new Date(failure.lastTriedMs).toISOString(),
		sizeBytes: failure.sizeBytes,
		mtimeMs: failure.mtimeMs,
	};
}

/** Reads the report from the store at `file` (which need not exist), optionally limited to `root`. */
export async function statsReport(file: string, options: {root?: string; featuresVersion?: number} = {}): Promise<StatsReport> {
	const featuresVersion = options.featuresVersion ?? CURRENT_FEATURES_VERSION;
	const report: StatsReport = {
		store: file,
		exists: fs.existsSync(file),
		storeBytes: 0,
		schemaVersion: null,
		featuresVersion,
		root: options.root ?? null,
		tracks: 0,
		current: 0,
		outdated: 0,
		partial: 0,
		durationSeconds: 0,
		failures: [],
		bpm: [],
		keys: [],
		duplicates: [],
		decoders: [],
		readByOthers: [],
	};
	if (!report.exists) return report;
	const store = await LibraryStore.open(file, {mode: 'read', featuresVersion, command: 'stats'});
	try {
		const summary = store.summary({root: options.root});
		const decoders = store.decoders({root: options.root});
		Object.assign(report, {
			storeBytes: fileBytes(file),
			schemaVersion: store.schemaVersion,
			tracks: summary.tracks,
			current: summary.current,
			outdated: summary.outdated,
			partial: summary.partial,
			durationSeconds: summary.durationSeconds,
			failures: store.failures({root: options.root}).map(failure => failureRecord(failure)),
			bpm: bpmBands(summary),
			keys: summary.keys.map(({key, count}) => ({key, camelot: camelotOf(key), count})),
			decoders: decoders.counts,
			readByOthers: decoders.fallback,
			duplicates: recordingSets(slimTracksOf(store, options.root)).map(set => ({keep: set.best.path, copies: set.copies.map(copy => copy.path)})),
		});
	} finally {
		store.close();
	}
	return report;
}

/** "3 h 25 min", "4:05" for under an hour. */
function formatTotal(seconds: number): string {
	const total = Math.round(seconds);
	if (total < 3600) return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	return hours >= 48 ? `${Math.floor(hours / 24)} d ${hours % 24} h ${minutes} min` : `${hours} h ${minutes} min`;
}

function bar(count: number, max: number, width = 30): string {
	if (count === 0) return '';
	return '#'.repeat(Math.max(1, Math.round((count / max) * width)));
}

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The report as plain text. */
export function formatStats(report: StatsReport): string {
	const lines: string[] = [];
	const name = (file: string) => showText(pathInLibrary(report.root ?? '', file));
	if (!report.exists) {
		lines.push(`No library store at ${report.store} yet: nothing analysed. Run "playlistgen analyze DIR" first.`);
		return `${lines.join('\n')}\n`;
	}
	lines.push(`Store     ${report.store} (${formatBytes(report.storeBytes)}, schema ${report.schemaVersion})`);
	if (report.root) lines.push(`Folder    ${report.root}`);
	lines.push(
		`Tracks    ${report.tracks} analysed, ${formatTotal(report.durationSeconds)} of audio` +
			(report.partial > 0 ? `, ${report.partial} partial (truncated files)` : ''),
	);
	if (report.outdated > 0) {
		lines.push(
			`          ${report.current} with the current features (version ${report.featuresVersion}), ${report.outdated} older: analysed again on the next run`,
		);
	}
	if (report.readByOthers.length > 0) {
		lines.push(`Decoders  ${report.decoders.map(({decoder, count}) => `${decoder} ${count}`).join(', ')}`);
		for (const track of report.readByOthers) {
			lines.push(`  ${name(track.path)}: ${showText(readByMessage({decoder: track.decoder, ffmpegError: track.ffmpegError})!)}`);
		}
	}
	if (report.failures.length === 0) {
		lines.push('Failures  none');
	} else {
		lines.push(`Failures  ${report.failures.length} (not retried until the file changes; "playlistgen analyze --retry-failed" retries them)`);
		for (const failure of report.failures) {
			lines.push(
				`  ${name(failure.path)}: ${showText(failure.error)} (${plural(failure.attempts, 'attempt')}, last ${failure.lastTried.slice(0, 16).replace('T', ' ')} UTC)`,
			);
		}
	}
	if (report.duplicates.length > 0) {
		const copies = report.duplicates.reduce((sum, set) => sum + set.copies.length, 0);
		lines.push(
			'',
			`Duplicates  ${plural(report.duplicates.length, 'recording')} in several files: playlists, radio and similar hold the first of each, not the other ${copies === 1 ? 'copy' : `${copies} copies`}`,
		);
		for (const set of report.duplicates) {
			lines.push(`  ${name(set.keep)}`);
			for (const copy of set.copies) lines.push(`    = ${name(copy)}`);
		}
	}
	if (report.bpm.length > 0) {
		const max = Math.max(...report.bpm.map(band => band.count));
		lines.push('', 'Tempo (BPM)');
		for (const band of report.bpm) {
			lines.push(`  ${String(band.from).padStart(3)}–${String(band.to - 1).padEnd(3)} ${String(band.count).padStart(6)}  ${bar(band.count, max)}`);
		}
	}
	if (report.keys.length > 0) {
		const max = Math.max(...report.keys.map(key => key.count));
		const width = Math.max(...report.keys.map(key => key.key.length + (key.camelot ? key.camelot.length + 3 : 0)));
		lines.push('', 'Keys');
		for (const key of report.keys) {
			const label = key.camelot ? `${key.key} (${key.camelot})` : key.key;
			lines.push(`  ${label.padEnd(width)} ${String(key.count).padStart(6)}  ${bar(key.count, max)}`);
		}
	}
	if (report.tracks > 0 && report.bpm.length === 0 && report.keys.length === 0) {
		lines.push('', 'No tempo or key in the stored analyses yet.');
	}
	return `${lines.map(line => line.trimEnd()).join('\n')}\n`;
}

/** `playlistgen stats [DIR] [--json]`: what the store holds (under DIR if given). Exit 0. */
export async function runStats(context: RunContext): Promise<number> {
	const {io, args} = context;
	const dir = args.positionals[0];
	const report = await statsReport(storePath(context), {root: dir === undefined ? undefined : path.resolve(io.cwd, dir)});
	io.stdout.write(args.run.json ? `${JSON.stringify(report)}\n` : formatStats(report));
	return 0;
}
