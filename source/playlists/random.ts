/** A seeded pseudo-random generator: the same seed gives the same playlists. */
export type Rng = {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform integer in [0, n). */
	int(n: number): number;
	/** Standard normal (Box–Muller). */
	normal(): number;
};

/** The seed used when none is given: the same library always gives the same playlists. */
export const DEFAULT_RNG_SEED = 0x5eed_2024;

/** mulberry32: small, fast, and good enough for sampling and initialisation. */
export function createRng(seed: number = DEFAULT_RNG_SEED): Rng {
	let state = seed >>> 0;
	let spare: number | undefined;
	const next = () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
	return {
		next,
		int: (n: number) => Math.floor(next() * n),
		normal() {
			if (spare !== undefined) {
				const value = spare;
				spare = undefined;
				return value;
			}
			let u = 0;
			while (u === 0) u = next();
			const v = next();
			const radius = Math.sqrt(-2 * Math.log(u));
			spare = radius * Math.sin(2 * Math.PI * v);
			return radius * Math.cos(2 * Math.PI * v);
		},
	};
}

/** Fisher–Yates shuffle, in place. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
	for (let index = items.length - 1; index > 0; index--) {
		const other = rng.int(index + 1);
		[items[index], items[other]] = [items[other]!, items[index]!];
	}
	return items;
}

/** `count` distinct indices from [0, n), in increasing order (all of them when count ≥ n). */
export function sampleIndices(n: number, count: number, rng: Rng): number[] {
	if (count >= n) return Array.from({length: n}, (_, index) => index);
	const all = Array.from({length: n}, (_, index) => index);
	// Partial Fisher–Yates: the first `count` positions become a uniform sample.
	for (let index = 0; index < count; index++) {
		const other = index + rng.int(n - index);
		[all[index], all[other]] = [all[other]!, all[index]!];
	}
	return all.slice(0, count).sort((a, b) => a - b);
}
