/**
 * One track's run: its decoder streams the track in chunks sized by the scheduler, each chunk goes to
 * the track's analyser while the next one is read, and the run ends with the analysis, a skip or a
 * failure in words. What the run shares with the other tracks in work (the budget of decoded bytes,
 * the pause, the turns to be analysed, the chunk plan) comes in as a ChunkFlow; what it reports goes
 * out through TrackRunEvents. Tests drive it with a fake decoder.
 */
import type {AnalyzerPool, TrackAnalyzer} from '../analysis/analyzer.js';
import type {TrackAnalysis} from '../analysis/types.js';
import {BYTES_PER_SAMPLE} from '../audio/chunk-reader.js';
import type {DecoderPort, ReadBy} from '../audio/decoder.js';
import type {CueSpan} from '../audio/cue-sheet.js';
import type {InputInfo, TrackTags} from '../audio/ffmpeg-header.js';
import {collectYoungGarbage} from '../memory/gc.js';
import type {ChunkPlan} from './memory/chunk-plan.js';
import type {PcmGate} from './gates.js';
import {Parts} from './parts.js';
import type {AnalysisSlots} from './slots.js';
import {watchDecoder} from './watchdog.js';
import {errorMessage} from '../util/error-message.js';

/** Audio that decodes to less than this share of its announced duration is flagged partial. */
const PARTIAL_SHARE = 0.9;

/** A decoder still sending audio this far past the announced duration is stuck in a loop: stop it. */
export function beyondAnnounced(decodedSeconds: number, announcedSeconds: number | undefined): boolean {
	return announcedSeconds !== undefined && announcedSeconds > 0 && decodedSeconds > announcedSeconds * 1.5 + 30;
}

/** What the tracks in work share, as the session keeps it. */
export type ChunkFlow = {
	/** The length of the next chunk, from the limits and memory now, and the audio left in the track when known. */
	nextChunk(firstChunk: boolean, remainingSeconds?: number): ChunkPlan;
	/** Decoded bytes in flight across all tracks: reading waits here when the budget has no room. */
	gate: PcmGate;
	/** Waits while the run is paused or held. */
	pause: {wait(): Promise<void>};
	/** Turns to be analysed: the decoder starts at once, the analysis waits for its turn. */
	slots: AnalysisSlots;
	/** The session is stopping: every run leaves at its next step. */
	stopping(): boolean;
};

/** A chunk handed to the analyser. */
export type ChunkReport = {
	index: number;
	seconds: number;
	bytes: number;
	plan: ChunkPlan;
	/** Audio seconds of this track decoded so far, this chunk included. */
	positionSeconds: number;
	/** How long reading waited for the consumer (or the budget) before this chunk. */
	waitedMs: number;
};

export type TrackResult = {
	durationSeconds: number;
	chunks: number;
	tags: TrackTags;
	/** Less audio decoded than the file announced (truncated?). */
	partial: boolean;
	announcedSeconds: number | undefined;
	analysis: TrackAnalysis | undefined;
	/** The CUE track of an album image this result is for; absent for a whole file. */
	span?: CueSpan;
	/** The decoder that read it. */
	readBy: ReadBy;
};

/** What a run reports, in order: info (when ffmpeg has read the header), chunks, one ending, then settled. */
export type TrackRunEvents = {
	info(info: InputInfo): void;
	/** An album image's CUE track begins (before its first chunk). */
	partStart?(span: CueSpan, index: number, count: number): void;
	/** Awaited: the session may check memory here before the next chunk is read. */
	chunk(chunk: ChunkReport): Promise<void> | void;
	/** Once per part: for an album image, once per CUE track, as each one ends. */
	done(result: TrackResult): void;
	skipped(): void;
	failed(message: string): void;
	/** The run has let go of its turn and its watchdog; only the decoder's exit is still awaited. */
	settled(): void;
};

export type TrackRunOptions = {
	path: string;
	sampleRate: number;
	decoder: DecoderPort;
	pool: Pick<AnalyzerPool, 'open'>;
	flow: ChunkFlow;
	stallTimeoutMs: number;
	events: TrackRunEvents;
	/**
	 * Where to cut the stream into tracks, from what ffmpeg says about the input (an album image's CUE
	 * tracks); undefined analyses the whole file as one track. Without it the header is not awaited.
	 */
	cut?: (info: InputInfo) => readonly CueSpan[] | undefined;
};

class Interrupted extends Error {}

export class TrackRun {
	readonly path: string;
	readonly startedAt = performance.now();
	readonly decoder: DecoderPort;
	#analyzer: TrackAnalyzer | undefined;
	#skipRequested = false;
	#stalled = false;
	#overran = false;

	constructor(private readonly options: TrackRunOptions) {
		this.path = options.path;
		this.decoder = options.decoder;
	}

	get skipRequested(): boolean {
		return this.#skipRequested;
	}

	/** Leaves the track for a later run. */
	skip(): void {
		this.#skipRequested = true;
		this.stop();
	}

	/** Stops the decoder and drops the analysis: the run ends at its next step. */
	stop(): void {
		this.decoder.kill();
		this.#analyzer?.abort();
	}

	#interrupted = (): boolean => this.options.flow.stopping() || this.#skipRequested;

	/** Runs the track to its end; reports through the events, never rejects. */
	async run(): Promise<void> {
		const {decoder, flow, sampleRate, events} = this.options;
		let tags: TrackTags = {};
		let announced: number | undefined;
		let estimated = false;
		void decoder.info.then(info => {
			tags = info.tags;
			announced = info.durationSeconds;
			estimated = info.durationEstimated ?? false;
			events.info(info);
		});
		const {stallTimeoutMs} = this.options;
		const unwatch = watchDecoder(decoder, stallTimeoutMs, () => {
			this.#stalled = true;
			decoder.kill();
		});
		let pending: Promise<void> | undefined;
		// Buffers the analyser handed back, filled again by the next chunks (two are enough: one being
		// analysed while the next is read).
		const spare: ArrayBuffer[] = [];
		// New buffers are as long as the longest chunk asked for so far: a spare too short for the next
		// chunk would be dropped, and a dropped buffer that lived through a few chunks waits for a full GC.
		let capacity = 0;
		let chunkIndex = 0;
		let partSamples = 0;
		let slot = false;
		try {
			// The decoder is already starting; analysis waits for its turn.
			await flow.slots.acquire(this.#interrupted);
			slot = true;
			if (this.#interrupted()) throw new Interrupted();
			const parts = new Parts(this.options.cut?.(await decoder.info), sampleRate);
			// Audio left in the track: to a CUE track's end, else to the length the file announced (not a guess).
			const remainingSeconds = (): number | undefined => {
				const toBoundary = parts.limit(Number.MAX_SAFE_INTEGER);
				if (toBoundary < Number.MAX_SAFE_INTEGER) return toBoundary / sampleRate;
				return announced === undefined || estimated ? undefined : Math.max(0, announced - parts.position / sampleRate);
			};
			const open = async () => {
				this.#analyzer = await this.options.pool.open({path: this.path, sampleRate});
				chunkIndex = 0;
				partSamples = 0;
				if (parts.span) events.partStart?.(parts.span, parts.index, parts.count);
			};
			const finishPart = async (last: boolean) => {
				if (pending) await pending;
				pending = undefined;
				// A part that got no audio (all of it before an image's first track) is analysed empty, as before.
				if (!this.#analyzer) await open();
				const analysis = await this.#analyzer!.finish();
				const durationSeconds = partSamples / sampleRate;
				const whole = parts.position / sampleRate;
				// A duration guessed from the file size (garbage appended to an MP3) is no yardstick.
				const partial = last && announced !== undefined && !estimated && whole < announced * PARTIAL_SHARE;
				const readBy = decoder.readBy ?? {decoder: 'ffmpeg'};
				// The analysis keeps which decoder read it: the track events and the store carry it.
				const described = analysis && {...analysis, ...readBy};
				const result: TrackResult = {durationSeconds, chunks: chunkIndex, tags, partial, announcedSeconds: announced, analysis: described, readBy};
				if (parts.span) result.span = parts.span;
				parts.next();
				this.#analyzer = undefined;
				events.done(result);
			};
			// The analyser is opened once the first chunk is read: while the worker still finishes the track
			// before (whose turn ended with its audio), this one's decoder fills its first chunk.
			for (;;) {
				await flow.pause.wait();
				if (this.#interrupted()) throw new Interrupted();
				const plan = flow.nextChunk(chunkIndex === 0, remainingSeconds());
				const samples = parts.limit(Math.max(1, Math.round(plan.seconds * sampleRate)));
				const reserved = samples * BYTES_PER_SAMPLE;
				let waitedMs = await flow.gate.acquire(reserved, this.#interrupted);
				let chunk: Float32Array | undefined;
				try {
					capacity = Math.max(capacity, samples);
					chunk = await decoder.reader.next(samples, spare.pop(), capacity);
				} catch (error) {
					flow.gate.release(reserved);
					throw error;
				}
				const bytes = chunk?.byteLength ?? 0;
				flow.gate.release(reserved - bytes);
				if (!chunk) break;
				collectYoungGarbage();
				if (this.#interrupted()) {
					flow.gate.release(bytes);
					throw new Interrupted();
				}
				if (parts.beforePart || parts.done) {
					// Audio before an image's first track (a hidden pregap) or after its last: not a track.
					parts.advance(chunk.length);
					spare.push(chunk.buffer as ArrayBuffer);
					flow.gate.release(bytes);
					continue;
				}
				if (!this.#analyzer) {
					try {
						await open();
					} catch (error) {
						flow.gate.release(bytes);
						throw error;
					}
				}
				if (pending) {
					// The decoder is paused while the analyser works on the previous chunk: backpressure.
					const waitStart = performance.now();
					await pending;
					waitedMs += performance.now() - waitStart;
				}
				// push() may transfer the chunk to a worker thread, leaving it empty: read its length first.
				const {length} = chunk;
				pending = this.#analyzer!.push(chunk)
					.then(buffer => {
						if (buffer && spare.length < 2) spare.push(buffer);
					})
					.finally(() => flow.gate.release(bytes));
				partSamples += length;
				const ended = parts.advance(length);
				await events.chunk({
					index: chunkIndex++,
					seconds: length / sampleRate,
					bytes,
					plan,
					positionSeconds: partSamples / sampleRate,
					waitedMs,
				});
				// A duration guessed from one bitrate can be off by the ratio of bitrates (32 to 320 kb/s).
				if (beyondAnnounced(parts.position / sampleRate, estimated && announced !== undefined ? announced * 10 : announced)) {
					this.#overran = true;
					decoder.kill();
				}
				if (ended && !this.#overran) {
					// A track boundary: this track is complete while the stream goes on with the next.
					await finishPart(false);
					if (!parts.done) await open();
					else decoder.kill();
				}
			}
			// All audio is read: the next track takes the turn and reads its first chunk while the last
			// chunks of this one are analysed (the pool still gives it the worker only when this one is done).
			if (slot) {
				flow.slots.release();
				slot = false;
			}
			if (pending) await pending;
			const exit = await decoder.exit;
			if (this.#interrupted()) throw new Interrupted();
			if (this.#stalled) throw new Error(`decoder stalled: no audio for ${Math.round(stallTimeoutMs / 1000)} s, stopped`);
			if (this.#overran) {
				throw new Error(`decoder ran far past the announced ${announced!.toFixed(0)} s (${(parts.position / sampleRate).toFixed(0)} s decoded), stopped`);
			}
			const finished = parts.done;
			const name = decoder.readBy?.decoder ?? 'ffmpeg';
			if (exit.signal && !decoder.killed) throw new Error(`${name} was killed by ${exit.signal} while decoding`);
			if (exit.code !== 0 && !finished) throw new Error(exit.message ?? `${name} exited with ${exit.code ?? exit.signal}`);
			if (parts.position === 0) throw new Error(exit.message ? `no audio decoded: ${exit.message}` : 'no audio decoded');
			if (!finished) {
				// A sheet longer than its audio: the tracks it places after the end cannot be cut.
				const beyond = parts.spans?.[partSamples === 0 ? parts.index : parts.index + 1];
				if (beyond) {
					const end = (parts.position / sampleRate).toFixed(1);
					throw new Error(`the cue sheet's track ${beyond.number} starts at ${beyond.startSeconds.toFixed(1)} s, after the end of the audio (${end} s)`);
				}
				await finishPart(true);
			}
		} catch (error) {
			decoder.kill();
			this.#analyzer?.abort();
			await pending?.catch(() => {});
			if (error instanceof Interrupted) {
				if (this.#skipRequested && !flow.stopping()) events.skipped();
			} else {
				events.failed(errorMessage(error));
			}
		} finally {
			if (slot) flow.slots.release();
			unwatch();
			events.settled();
			await decoder.exit;
		}
	}
}
