/**
 * One scanned file's analysis, wired to the session: its decoder, its TrackRun, and what the run reports
 * turned into session events, counters and store rows (through FileRecords: a whole file as one track,
 * an album image as its CUE tracks). What it needs of the session comes in as a FileRunContext: what
 * it reads with, where it stores, and three ways back to the session (events out, failures, memory).
 */
import type {AnalyzerPool} from '../analysis/analyzer.js';
import {embeddedSheet} from '../audio/cue-embedded.js';
import type {DecoderPort} from '../audio/decoder.js';
import {DecoderChain, readByMessage} from '../audio/decoder-chain.js';
import type {InputInfo} from '../audio/ffmpeg-header.js';
import {readReason} from './memory/chunk-plan.js';
import type {RunCounters} from './counters.js';
import type {SessionEvent} from './events.js';
import {FileRecords} from './file-records.js';
import type {ScannedImage} from '../library/track.js';
import type {LibraryStorePort} from '../library/store-port.js';
import {TrackRun, type ChunkFlow, type TrackRunEvents} from './track-run.js';
import {DEFAULT_STALL_TIMEOUT_MS} from './watchdog.js';

/** What a track is read and analysed with. */
export type FileRunAudio = {
	/** Empty when there is no usable ffmpeg. */
	ffmpegPath: string;
	sampleRate: number;
	pool: AnalyzerPool;
	stallTimeoutMs?: number;
	openDecoder?: (file: string) => DecoderPort;
	flow: ChunkFlow;
};

/** What a run tells the session: its events, the log, the counters, and the queue grown by a sheet. */
export type FileRunOut = {
	counters: RunCounters;
	emit(event: SessionEvent): void;
	log(level: 'info' | 'warn' | 'error', message: string): void;
	/** A sheet found inside a file adds its tracks (less the file itself) to the queue. */
	growQueue(added: number): void;
};

/** How a run fails: a track (counted, reported and recorded), or the store (the session stops). */
export type FileRunFailures = {
	/** Counts, reports and records a failure; `keepParts` keeps an image's CUE tracks already saved. */
	track(track: ScannedImage, message: string, keepParts?: boolean): void;
	/** The store could not be written: the session stops. */
	store(error: unknown): void;
};

/** What the memory side of the session follows: the runs in work (their decoders are measured) and each chunk. */
export type FileRunMemory = {
	/** The memory limit and budget now, for the chunk events. */
	chunkLimits(): {limitPercent: number; budgetBytes: number};
	/** Awaited after each chunk: the memory policy may act before the next one is read. */
	afterChunk(chunks: number): Promise<void>;
	started(run: TrackRun): void;
	settled(run: TrackRun): void;
};

export type FileRunContext = {
	audio: FileRunAudio;
	store?: LibraryStorePort;
	out: FileRunOut;
	failures: FileRunFailures;
	memory: FileRunMemory;
};

export async function analyseFile(context: FileRunContext, track: ScannedImage, index: number, total: number): Promise<void> {
	const {path} = track;
	const {audio, failures, memory} = context;
	const {counters, emit, log} = context.out;
	emit({type: 'track-start', path, index, total, sizeBytes: track.size});
	if (track.size === 0) {
		failures.track(track, 'empty file (0 bytes)');
		return;
	}
	const {sampleRate} = audio;
	// ffmpeg, and the second decoder for what ffmpeg refuses (or for everything it reads, without ffmpeg).
	const decoder = audio.openDecoder?.(path) ?? new DecoderChain({ffmpegPath: audio.ffmpegPath || undefined, file: path, sampleRate});
	const records = new FileRecords(track, context.store, info => embeddedImage(context.out, track, info));
	const events: TrackRunEvents = {
		info: info => {
			records.info(info);
			emit({type: 'track-info', path, durationSeconds: info.durationSeconds, tags: info.tags, codec: info.codec});
		},
		chunk: async chunk => {
			if (chunk.waitedMs >= 1) counters.backpressureWaits++;
			counters.chunks++;
			emit({
				type: 'chunk',
				path,
				index: chunk.index,
				seconds: chunk.seconds,
				bytes: chunk.bytes,
				reason: readReason(chunk.plan, chunk.seconds),
				...memory.chunkLimits(),
				positionSeconds: chunk.positionSeconds,
				waitedMs: Math.round(chunk.waitedMs),
			});
			await memory.afterChunk(counters.chunks);
		},
		partStart: span => {
			const {cue, durationSeconds, tags, codec} = records.partStart(span);
			emit({type: 'track-start', path, index, total, sizeBytes: track.size, cue});
			emit({type: 'track-info', path, durationSeconds, tags, codec});
		},
		done: result => {
			const {durationSeconds, chunks, partial, analysis} = result;
			let saved: ReturnType<FileRecords['save']>;
			try {
				saved = records.save(result);
			} catch (storeError) {
				// The store cannot take more (disk full, store removed): every next track would fail the
				// same way. Stop, keeping what was saved, and say why.
				failures.store(storeError);
				return;
			}
			const {tags, cue} = saved;
			counters.tracks++;
			counters.audioSeconds += durationSeconds;
			emit({type: 'track-done', path, durationSeconds, chunks, analysisMs: performance.now() - run.startedAt, partial, tags, analysis, ...(cue ? {cue} : {})});
			if (partial) log('warn', `${path}: only ${durationSeconds.toFixed(1)} s of ${result.announcedSeconds!.toFixed(1)} s decoded (truncated?)`);
			const readBy = readByMessage(result.readBy);
			if (readBy) log('warn', `${path}: ${readBy}`);
		},
		skipped: () => emit({type: 'track-skipped', path}),
		// An image's CUE tracks finished before the failure stay saved.
		failed: message => failures.track(track, message, records.partsInStore > 0),
		settled: () => memory.settled(run),
	};
	const stallTimeoutMs = audio.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
	const cut = (info: InputInfo) => records.cut(info);
	const run = new TrackRun({path, sampleRate, decoder, pool: audio.pool, flow: audio.flow, stallTimeoutMs, events, cut});
	memory.started(run);
	await run.run();
}

/** A sheet inside the image, if it has a usable one; the queue grows by its tracks. A broken one is said. */
function embeddedImage(out: FileRunOut, track: ScannedImage, info: InputInfo) {
	const file = track.path;
	const found = embeddedSheet(file, info);
	if (!found) return undefined;
	if ('error' in found) {
		out.log('warn', `${file}: ${found.error}; analysed as one file`);
		return undefined;
	}
	for (const warning of found.warnings) out.log('warn', `${file}: ${warning}`);
	// The file counted once in the queue; its tracks an earlier run stored are not analysed again.
	out.growQueue(Math.max(0, found.image.spans.length - (track.storedParts?.length ?? 0) - 1));
	return found.image;
}
