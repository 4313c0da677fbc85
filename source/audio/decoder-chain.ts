/**
 * ffmpeg first, then the second decoder: what a track run reads. When ffmpeg refuses a file, or stops
 * on it part-way with an error, and the second decoder reads that kind of file, the second one takes
 * over where ffmpeg stopped (it decodes from the start and drops what ffmpeg already gave). Without
 * ffmpeg the second decoder reads what it can. A file both refuse fails with both complaints.
 */
import {BYTES_PER_SAMPLE} from './chunk-reader.js';
import {Decoder, type DecoderExit, type DecoderPort, type ReadBy} from './decoder.js';
import {FALLBACK_DECODER, FALLBACK_FORMAT, FallbackDecoder, fallbackReads} from './fallback-decoder.js';
import type {InputInfo} from './ffmpeg-header.js';

export const FFMPEG_MISSING = 'ffmpeg is missing';

/** "read by ogg-vorbis after ffmpeg refused it: …" for a track another decoder read; undefined for ffmpeg. */
export function readByMessage(readBy: ReadBy | undefined): string | undefined {
	if (!readBy || readBy.decoder === 'ffmpeg') return undefined;
	if (readBy.ffmpegError === FFMPEG_MISSING) return `read by ${readBy.decoder} (${FFMPEG_MISSING})`;
	return `read by ${readBy.decoder} after ffmpeg refused it: ${readBy.ffmpegError}`;
}

/** Samples dropped at a time while the second decoder catches up with where ffmpeg stopped. */
const SKIP_SAMPLES = 65_536;

export type DecoderChainOptions = {
	file: string;
	sampleRate: number;
	/** Undefined when there is no usable ffmpeg. */
	ffmpegPath: string | undefined;
	/** Stand-ins for tests. */
	openFfmpeg?: (file: string) => DecoderPort;
	openFallback?: (file: string) => DecoderPort;
	fallbackReads?: (file: string) => boolean;
};

/** A decoder that reads nothing and fails with a reason (no decoder for this file). */
function refusal(message: string): DecoderPort {
	return {
		reader: {next: async () => undefined, totalBytes: 0, reading: false},
		info: Promise.resolve({tags: {}}),
		exit: Promise.resolve({code: 1, signal: null, message}),
		pid: undefined,
		killed: false,
		kill() {},
	};
}

export class DecoderChain implements DecoderPort {
	readonly reader: DecoderPort['reader'];
	readonly info: Promise<InputInfo>;
	readonly exit: Promise<DecoderExit>;
	readonly #ffmpeg: DecoderPort | undefined;
	#current: DecoderPort;
	#readBy: ReadBy = {decoder: 'ffmpeg'};
	#switch: Promise<boolean> | undefined;
	#killed = false;
	/** Samples handed out so far. */
	#position = 0;

	constructor(private readonly options: DecoderChainOptions) {
		const {file, sampleRate, ffmpegPath} = options;
		const reads = options.fallbackReads ?? fallbackReads;
		if (ffmpegPath) {
			this.#ffmpeg = options.openFfmpeg?.(file) ?? new Decoder({ffmpegPath, file, sampleRate});
			this.#current = this.#ffmpeg;
		} else if (reads(file)) {
			this.#current = this.#openFallback();
			this.#readBy = {decoder: FALLBACK_DECODER, ffmpegError: FFMPEG_MISSING};
		} else {
			this.#current = refusal(`${FFMPEG_MISSING}, and ${FALLBACK_DECODER} reads only ${FALLBACK_FORMAT} files`);
		}
		// The reader's methods are called on the reader, yet they drive this chain.
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const chain = this;
		this.reader = {
			next: async (samples, reuse, capacity) => this.#next(samples, reuse, capacity),
			get totalBytes() {
				return chain.#current.reader.totalBytes;
			},
			get reading() {
				return chain.#current.reader.reading;
			},
		};
		this.info = this.#info();
		this.exit = this.#exit();
	}

	/** The decoder that read the track: ffmpeg, or the second decoder with ffmpeg's complaint. */
	get readBy(): ReadBy {
		return this.#readBy;
	}

	get pid(): number | undefined {
		return this.#current.pid;
	}

	get killed(): boolean {
		return this.#killed || this.#current.killed;
	}

	kill(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): void {
		this.#killed = true;
		this.#current.kill(signal);
	}

	#openFallback(): DecoderPort {
		const {file, sampleRate} = this.options;
		return this.options.openFallback?.(file) ?? new FallbackDecoder({file, sampleRate});
	}

	/** Once ffmpeg has ended: whether the second decoder takes over (ffmpeg failed, and it reads this file). */
	async #switched(): Promise<boolean> {
		this.#switch ??= (async () => {
			const ffmpeg = this.#ffmpeg;
			if (!ffmpeg) return false;
			const exit = await ffmpeg.exit;
			// A stop asked for, a kill from outside, or success: nothing for another decoder to do.
			if (exit.code === 0 || exit.signal || ffmpeg.killed || this.#killed) return false;
			if (!(this.options.fallbackReads ?? fallbackReads)(this.options.file)) return false;
			this.#readBy = {decoder: FALLBACK_DECODER, ffmpegError: exit.message ?? `ffmpeg exited with ${exit.code}`};
			this.#current = this.#openFallback();
			return true;
		})();
		return this.#switch;
	}

	async #info(): Promise<InputInfo> {
		if (this.#ffmpeg) {
			const info = await this.#ffmpeg.info;
			// ffmpeg read the header: its words stand, even if it stops later.
			if (info.format !== undefined || !(await this.#switched())) return info;
		}
		return this.#current.info;
	}

	async #exit(): Promise<DecoderExit> {
		if (this.#ffmpeg) {
			const exit = await this.#ffmpeg.exit;
			if (!(await this.#switched())) return exit;
		}
		const exit = await this.#current.exit;
		if (exit.code === 0 || exit.signal || this.#readBy.decoder === 'ffmpeg') return exit;
		return {...exit, message: `${this.#readBy.ffmpegError}; ${FALLBACK_DECODER}: ${exit.message ?? `exited with ${exit.code}`}`};
	}

	async #next(samples: number, reuse?: ArrayBuffer, capacity?: number): Promise<Float32Array | undefined> {
		for (;;) {
			// The decoder read from: the chain may switch while the read is awaited.
			const source = this.#current;
			const chunk = await source.reader.next(samples, reuse, capacity);
			if (chunk) {
				this.#position += chunk.length;
				return chunk;
			}
			if (source !== this.#ffmpeg || !(await this.#switched())) return undefined;
			if (!(await this.#skip(this.#position))) return undefined;
		}
	}

	/** Drops the first `samples` of the second decoder's stream: ffmpeg gave them already. */
	async #skip(samples: number): Promise<boolean> {
		let left = samples;
		let buffer: ArrayBuffer | undefined;
		while (left > 0) {
			const chunk = await this.#current.reader.next(Math.min(left, SKIP_SAMPLES), buffer);
			if (!chunk) return false;
			buffer = chunk.buffer as ArrayBuffer;
			left -= chunk.byteLength / BYTES_PER_SAMPLE;
		}
		return true;
	}
}
