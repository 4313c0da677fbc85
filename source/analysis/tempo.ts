/**
 * Tempo from an onset-strength envelope (one value per hop), as pure functions:
 * envelope → detrend (librosa's leaky differentiator, removes the envelope's slowly varying level) →
 * autocorrelation → smoothed over ±60 ms → for lags in the 60–200 BPM range, the autocorrelation
 * tapered like librosa's windowed tempogram and weighted by a log-normal prior centred on 120 BPM
 * (one octave wide) → the best lag, refined by parabolic interpolation.
 *
 * Periodic patterns correlate as well at twice their period as at their period, and the prior then
 * prefers whichever level is nearer 120 BPM, which halves fast tempos; so when the next faster level
 * (half the lag) is almost as strongly supported (90 %), the faster one is taken.
 *
 * The streaming form (`OnsetAutocorrelation` in onset.ts) accumulates the same autocorrelation in
 * bounded memory; this module only turns it into a tempo.
 */

export const MIN_BPM = 60;
export const MAX_BPM = 200;
export const PRIOR_BPM = 120;
/** Standard deviation of the log-normal prior, in octaves (librosa's std_bpm = 1). */
export const PRIOR_OCTAVES = 1;
/** librosa's tempogram window: 384 frames at 22050 Hz / 512, i.e. about 8.9 s. */
export const TAPER_SECONDS = (384 * 512) / 22050;
/** The faster metrical level wins when its autocorrelation is at least this share of the chosen one. */
export const FASTER_LEVEL_SHARE = 0.9;
/** Leaky differentiator pole (librosa's detrend: lfilter([1, -1], [1, -0.99])). */
export const DETREND_POLE = 0.99;

export type TempoEstimate = {bpm: number; confidence: number};

/** Lags (in frames) the autocorrelation must cover to estimate tempo at this frame rate. */
export function maxLagFor(frameRate: number): number {
	// Twice the slowest period, so that the faster-level check and interpolation have room.
	return Math.ceil(((2 * 60) / MIN_BPM) * frameRate) + 2;
}

/** Streaming detrend: one output per input; pass the previous input and output. */
export function detrendStep(value: number, previousValue: number, previousOutput: number): number {
	return value - previousValue + DETREND_POLE * previousOutput;
}

export function detrend(envelope: ArrayLike<number>): Float64Array {
	const out = new Float64Array(envelope.length);
	let previousValue = 0;
	let previousOutput = 0;
	for (let t = 0; t < envelope.length; t++) {
		const value = envelope[t]!;
		previousOutput = detrendStep(value, previousValue, previousOutput);
		out[t] = previousOutput;
		previousValue = value;
	}
	return out;
}

/** Raw autocorrelation Σ x[t] x[t − lag] for lags 0..maxLag. */
export function autocorrelate(values: ArrayLike<number>, maxLag: number): Float64Array {
	const ac = new Float64Array(maxLag + 1);
	for (let t = 0; t < values.length; t++) {
		const value = values[t]!;
		const top = Math.min(maxLag, t);
		for (let lag = 0; lag <= top; lag++) ac[lag]! += value * values[t - lag]!;
	}
	return ac;
}

/** Autocorrelation of a Hann window of `length` points at each lag, normalised to 1 at lag 0. */
export function hannTaper(length: number, maxLag: number): Float64Array {
	const window = new Float64Array(length);
	for (let i = 0; i < length; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
	const taper = new Float64Array(maxLag + 1);
	for (let lag = 0; lag <= maxLag && lag < length; lag++) {
		let sum = 0;
		for (let i = 0; i + lag < length; i++) sum += window[i]! * window[i + lag]!;
		taper[lag] = sum;
	}
	const zero = taper[0]!;
	for (let lag = 0; lag <= maxLag; lag++) taper[lag] = zero > 0 ? taper[lag]! / zero : 0;
	return taper;
}

/** The vertex of the parabola through (−1, a), (0, b), (1, c): an offset in [−0.5, 0.5]. */
function parabolicOffset(a: number, b: number, c: number): number {
	const denominator = a - 2 * b + c;
	if (denominator >= 0) return 0;
	return Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denominator));
}

export type TempoOptions = {
	/** Width (standard deviation, in seconds) of the Gaussian that smooths the autocorrelation. */
	smoothSeconds: number;
	/** The faster metrical level wins when its smoothed autocorrelation reaches this share of the chosen one's. */
	fasterShare: number;
	/** Standard deviation of the log-normal prior, in octaves. */
	priorOctaves: number;
};

export const TEMPO_DEFAULTS: TempoOptions = {smoothSeconds: 0.06, fasterShare: FASTER_LEVEL_SHARE, priorOctaves: PRIOR_OCTAVES};

/**
 * The autocorrelation normalised to 1 at lag 0 and smoothed by a Gaussian of `sigma` lags. The onset
 * envelope's shape depends on where each onset falls inside its frame (hops are 23 ms, a click lasts
 * 4 ms), so a period that is not a whole number of frames alternates between shapes and correlates
 * worse at its own lag than at its double: smoothing over a few lags compares the onsets' strength
 * rather than their exact shape.
 */
export function smoothAutocorrelation(ac: ArrayLike<number>, sigma: number): Float64Array {
	const maxLag = ac.length - 1;
	const zero = ac[0] ?? 0;
	const r = new Float64Array(maxLag + 1);
	if (!(zero > 0)) return r;
	const reach = Math.max(1, Math.ceil(3 * sigma));
	const kernel = Array.from({length: 2 * reach + 1}, (_, i) => Math.exp(-0.5 * ((i - reach) / Math.max(sigma, 1e-6)) ** 2));
	const total = kernel.reduce((sum, value) => sum + value, 0);
	for (let lag = 0; lag <= maxLag; lag++) {
		let sum = 0;
		for (let j = -reach; j <= reach; j++) sum += kernel[j + reach]! * ac[Math.min(maxLag, Math.abs(lag + j))]!;
		r[lag] = sum / total / zero;
	}
	return r;
}

/** Tempo from a raw autocorrelation of the detrended envelope (lag 0 first). */
export function tempoFromAutocorrelation(ac: ArrayLike<number>, frameRate: number, options: Partial<TempoOptions> = {}): TempoEstimate {
	const {smoothSeconds, fasterShare, priorOctaves} = {...TEMPO_DEFAULTS, ...options};
	const maxLag = ac.length - 1;
	const zero = ac[0] ?? 0;
	if (!(zero > 0) || maxLag < 4) return {bpm: 0, confidence: 0};
	const r = smoothAutocorrelation(ac, smoothSeconds * frameRate);
	const taper = hannTaper(Math.max(2, Math.round(TAPER_SECONDS * frameRate)), maxLag);
	const prior = (lag: number) => {
		const octaves = Math.log2((60 * frameRate) / lag / PRIOR_BPM) / priorOctaves;
		return -0.5 * octaves * octaves;
	};

	const lowLag = Math.max(1, Math.ceil((60 * frameRate) / MAX_BPM));
	const highLag = Math.min(maxLag - 1, Math.floor((60 * frameRate) / MIN_BPM));
	const isPeak = (lag: number) => r[lag]! > 0 && r[lag]! >= r[lag - 1]! && r[lag]! >= r[lag + 1]!;
	let best = -1;
	let bestScore = -Infinity;
	for (let lag = lowLag; lag <= highLag; lag++) {
		if (!isPeak(lag)) continue;
		const score = Math.log(r[lag]! * taper[lag]!) + prior(lag);
		if (score > bestScore) {
			bestScore = score;
			best = lag;
		}
	}
	if (best < 0) return {bpm: 0, confidence: 0};

	// A faster level at about half the lag, nearly as strong: take it.
	const halfLag = best / 2;
	let faster = -1;
	for (let lag = Math.max(lowLag, Math.floor(halfLag) - 1); lag <= Math.min(highLag, Math.ceil(halfLag) + 1); lag++) {
		if (isPeak(lag) && (faster < 0 || r[lag]! > r[faster]!)) faster = lag;
	}
	if (faster >= 0 && r[faster]! >= fasterShare * r[best]!) best = faster;

	// Refine on the raw autocorrelation near the chosen lag (the smoothing can shift a lone peak).
	let peakLag = best;
	for (let lag = Math.max(1, best - 1); lag <= Math.min(maxLag - 1, best + 1); lag++) if (ac[lag]! > ac[peakLag]!) peakLag = lag;
	const refineFrom = peakLag >= 1 && peakLag < maxLag ? peakLag : best;
	const lag = refineFrom + parabolicOffset(r[refineFrom - 1]!, r[refineFrom]!, r[refineFrom + 1]!);
	const bpm = (60 * frameRate) / lag;
	// Confidence from the unsmoothed autocorrelation: how strongly the envelope repeats at that period.
	const peak = ac[peakLag]! / zero;
	return {bpm, confidence: Math.max(0, Math.min(1, peak))};
}
