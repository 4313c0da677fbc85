import type {DecoderExit, DecoderPort} from '../../source/audio/decoder.js';
import type {InputInfo} from '../../source/audio/ffmpeg-header.js';

export type FakeDecoderOptions = {
	/** Samples the stream holds; Infinity for one that never ends. */
	samples: number;
	/** The duration the header announces. */
	announcedSeconds?: number;
	/** After this many samples the stream sends nothing more, without ending (a stalled decoder). */
	stallAfter?: number;
	/** How the process ends once its stream has: code 0 by default. */
	exit?: Partial<DecoderExit>;
};

/**
 * A decoder without ffmpeg: a stream of samples (each sample's value is its index modulo 1000, so that
 * tests can check the order), with the header info, exit and kill of the real one.
 */
export class FakeDecoder implements DecoderPort {
	readonly info: Promise<InputInfo>;
	readonly exit: Promise<DecoderExit>;
	readonly pid = undefined;
	/** Buffers handed back for reuse, one entry per read (undefined when none was). */
	readonly reused: Array<ArrayBuffer | undefined> = [];
	readonly reader: DecoderPort['reader'];
	#killed = false;
	#position = 0;
	#settle!: (exit: DecoderExit) => void;
	#unstall: (() => void) | undefined;

	constructor(private readonly options: FakeDecoderOptions) {
		this.info = Promise.resolve({durationSeconds: options.announcedSeconds, tags: {title: 'Fake'}, codec: 'pcm_f32le'});
		this.exit = new Promise(resolve => {
			this.#settle = resolve;
		});
		// The reader's methods are called on the reader, yet they drive this decoder.
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const decoder = this;
		this.reader = {
			totalBytes: 0,
			reading: false,
			async next(samples: number, reuse?: ArrayBuffer) {
				decoder.reused.push(reuse);
				return decoder.#read(this, samples, reuse);
			},
		};
	}

	get killed(): boolean {
		return this.#killed;
	}

	kill(): void {
		if (this.#killed) return;
		this.#killed = true;
		this.#settle({code: null, signal: 'SIGTERM', message: undefined});
		this.#unstall?.();
	}

	async #read(reader: {totalBytes: number; reading: boolean}, samples: number, reuse?: ArrayBuffer): Promise<Float32Array | undefined> {
		const {stallAfter} = this.options;
		if (!this.#killed && stallAfter !== undefined && this.#position >= stallAfter) {
			reader.reading = true;
			// A live child process keeps the event loop running while it sends nothing; so does this.
			const alive = setInterval(() => {}, 1000);
			await new Promise<void>(resolve => {
				this.#unstall = resolve;
			});
			clearInterval(alive);
			reader.reading = false;
		}
		const left = Math.min(this.options.samples, stallAfter ?? Infinity) - this.#position;
		const count = this.#killed ? 0 : Math.min(samples, left);
		if (count <= 0) {
			this.#settle({code: 0, signal: null, message: undefined, ...this.options.exit});
			return undefined;
		}
		const buffer = reuse && reuse.byteLength >= count * 4 ? reuse : new ArrayBuffer(count * 4);
		const chunk = new Float32Array(buffer, 0, count);
		for (let i = 0; i < count; i++) chunk[i] = (this.#position + i) % 1000;
		this.#position += count;
		reader.totalBytes += count * 4;
		return chunk;
	}
}
