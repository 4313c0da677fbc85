import createSimdModule, {type PffftModule} from '@echogarden/pffft-wasm/simd';
import createPlainModule from '@echogarden/pffft-wasm';

/** PFFFT's names for a real transform and the forward direction. */
const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;

/**
 * PFFFT in WebAssembly: with SIMD where the engine has it (every Node that playlistgen supports on x64
 * and ARM), else the plain build. Loaded once per thread, before any frame is transformed.
 */
async function loadPffft(): Promise<PffftModule> {
	try {
		return await createSimdModule();
	} catch {
		return createPlainModule();
	}
}

const pffft = await loadPffft();

/**
 * A forward FFT of real frames of one size: 4 to 6 times faster than fft.js here (1024 and 8192
 * points), in single precision, which is the precision of the decoded audio (ffmpeg's f32le). The
 * spectrum comes out as fft.js laid it out, [re, im] per bin for bins 0 to size/2 − 1, in a view that
 * the next call overwrites.
 */
export class RealFft {
	readonly #setup: number;
	readonly #input: number;
	readonly #output: number;
	readonly #work: number;
	#heap: Float32Array | undefined;
	#spectrum: Float32Array | undefined;

	constructor(readonly size: number) {
		if (!(size >= 32 && (size & (size - 1)) === 0)) throw new Error(`FFT size must be a power of two from 32, not ${size}`);
		this.#setup = pffft._pffft_new_setup(size, PFFFT_REAL);
		const bytes = size * Float32Array.BYTES_PER_ELEMENT;
		this.#input = pffft._pffft_aligned_malloc(bytes);
		this.#output = pffft._pffft_aligned_malloc(bytes);
		this.#work = pffft._pffft_aligned_malloc(bytes);
	}

	/** The spectrum of `frame` (size samples): [re, im] of bins 0 … size/2 − 1. */
	transform(frame: ArrayLike<number>): Float32Array {
		// Views on the module's memory go stale when it grows (another transform set up later): renew them then.
		if (this.#heap !== pffft.HEAPF32) {
			this.#heap = pffft.HEAPF32;
			this.#spectrum = new Float32Array(this.#heap.buffer, this.#output, this.size);
		}
		this.#heap.set(frame, this.#input >> 2);
		pffft._pffft_transform_ordered(this.#setup, this.#input, this.#output, this.#work, PFFFT_FORWARD);
		const spectrum = this.#spectrum!;
		// The ordered layout packs the Nyquist bin's real part where bin 0's imaginary part (always 0) goes.
		spectrum[1] = 0;
		return spectrum;
	}
}

const shared = new Map<number, RealFft>();

/**
 * The thread's transform of `size` points, set up once: its buffers live in the module's memory, which
 * is never given back, so one per track would grow it by a track's worth each time. Sharing is safe as
 * each caller reads the spectrum before it transforms again (all of it synchronous, on one thread).
 */
export function realFft(size: number): RealFft {
	let fft = shared.get(size);
	if (!fft) {
		fft = new RealFft(size);
		shared.set(size, fft);
	}
	return fft;
}
