// The Emscripten build of PFFFT ships no types: the part of its module playlistgen calls.
declare module '@echogarden/pffft-wasm/simd' {
	export type PffftModule = {
		HEAPF32: Float32Array;
		_pffft_new_setup(size: number, transform: number): number;
		_pffft_destroy_setup(setup: number): void;
		_pffft_aligned_malloc(bytes: number): number;
		_pffft_aligned_free(pointer: number): void;
		_pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
	};
	export default function createModule(options?: Record<string, unknown>): Promise<PffftModule>;
}

declare module '@echogarden/pffft-wasm' {
	export {default} from '@echogarden/pffft-wasm/simd';
}
