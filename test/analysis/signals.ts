/** Deterministic test signals made in memory (no ffmpeg): tones, clicks and noise. */

/** A small linear congruential generator, so that "noise" is the same on every run. */
export function noise(seed = 1): () => number {
	let state = seed >>> 0 || 1;
	return () => {
		state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
		return state / 2 ** 32 - 0.5;
	};
}

export function tone(hz: number, seconds: number, sampleRate: number, amplitude = 0.5): Float32Array {
	const out = new Float32Array(Math.round(seconds * sampleRate));
	for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate);
	return out;
}

/** Kick-like pulses at a tempo over a quiet chord and some noise: music-like enough for every feature. */
export function groove(bpm: number, seconds: number, sampleRate: number, seed = 7): Float32Array {
	const random = noise(seed);
	const beat = 60 / bpm;
	const chord = [220, 277.18, 329.63];
	const out = new Float32Array(Math.round(seconds * sampleRate));
	for (let i = 0; i < out.length; i++) {
		const t = i / sampleRate;
		const phase = t % beat;
		let value = 0.5 * Math.sin(2 * Math.PI * 60 * t) * Math.exp(-20 * phase);
		value += 0.3 * Math.sin(2 * Math.PI * 2000 * t) * Math.exp(-200 * phase);
		for (const hz of chord) value += 0.08 * Math.sin(2 * Math.PI * hz * t);
		value += 0.02 * random();
		out[i] = value;
	}
	return out;
}

/** Splits samples into chunks of the given lengths (cycled), each with its own ArrayBuffer. */
export function chunked(samples: Float32Array, lengths: number[]): Float32Array[] {
	const out: Float32Array[] = [];
	let offset = 0;
	for (let i = 0; offset < samples.length; i++) {
		const length = Math.min(lengths[i % lengths.length]!, samples.length - offset);
		out.push(samples.slice(offset, offset + length));
		offset += length;
	}
	return out;
}
