import test from 'ava';
import {estimateKey, KK_MAJOR, KK_MINOR} from '../../source/analysis/key.js';
import {OnsetAutocorrelation} from '../../source/analysis/onset.js';
import {autocorrelate, detrend, maxLagFor, tempoFromAutocorrelation, type TempoEstimate} from '../../source/analysis/tempo.js';
import {chromaEntropy, intervalClasses, triadShares} from '../../source/analysis/tonal.js';
import {noise} from './signals.js';

/** Tempo of a whole onset envelope held in memory: the streaming estimate's steps over all of it at once. */
function estimateTempo(envelope: ArrayLike<number>, frameRate: number): TempoEstimate {
	return tempoFromAutocorrelation(autocorrelate(detrend(envelope), maxLagFor(frameRate)), frameRate);
}

const FRAME_RATE = 22050 / 512;

/** An onset envelope with a pulse every beat (and optionally weaker off-beats), plus noise. */
function pulses(bpm: number, seconds: number, offbeat = 0, seed = 5): number[] {
	const random = noise(seed);
	const frames = Math.round(seconds * FRAME_RATE);
	const period = (60 / bpm) * FRAME_RATE;
	const out = Array.from({length: frames}, () => 0.05 * (random() + 0.5));
	for (let beat = 0; beat * period < frames; beat++) {
		const at = beat * period;
		const index = Math.floor(at);
		const fraction = at - index;
		// Split each pulse between two frames by its phase, as a real onset falling inside a frame is.
		if (index < frames) out[index]! += 1 - fraction;
		if (index + 1 < frames) out[index + 1]! += fraction;
		const off = Math.round(at + period / 2);
		if (offbeat > 0 && off < frames) out[off]! += offbeat;
	}
	return out;
}

test('the streaming onset autocorrelation equals the batch one, in bounded memory', t => {
	const envelope = pulses(97, 60);
	const streaming = new OnsetAutocorrelation(FRAME_RATE);
	for (const value of envelope) streaming.add(value);
	const batch = autocorrelate(detrend(envelope), maxLagFor(FRAME_RATE));
	t.is(streaming.autocorrelation.length, batch.length);
	for (let lag = 0; lag < batch.length; lag++) t.true(Math.abs(streaming.autocorrelation[lag]! - batch[lag]!) < 1e-9 * batch[0]!);
	t.true(streaming.onsets > 90 && streaming.onsets < 105, `onsets ${streaming.onsets}`);

	// Three hours of envelope keep the same arrays as three minutes.
	const long = new OnsetAutocorrelation(FRAME_RATE);
	const random = noise(2);
	for (let i = 0; i < 3 * 3600 * FRAME_RATE; i++) long.add(random() + 0.5);
	t.is(long.autocorrelation.length, streaming.autocorrelation.length);
	t.is(long.frames, Math.ceil(3 * 3600 * FRAME_RATE));
});

test('tempo of pulse trains across 60–200 BPM', t => {
	for (let bpm = 62; bpm < 200; bpm += 7.3) {
		const estimate = estimateTempo(pulses(bpm, 30), FRAME_RATE);
		t.true(Math.abs(estimate.bpm - bpm) <= 0.02 * bpm, `${bpm.toFixed(1)} BPM → ${estimate.bpm.toFixed(1)}`);
		t.true(estimate.confidence > 0.3 && estimate.confidence <= 1);
	}
});

test('weak off-beats do not double the tempo, strong ones make the faster level', t => {
	t.true(Math.abs(estimateTempo(pulses(80, 30, 0.3), FRAME_RATE).bpm - 80) < 3);
	t.true(Math.abs(estimateTempo(pulses(70, 30, 1), FRAME_RATE).bpm - 140) < 4);
});

test('no periodicity, no tempo confidence', t => {
	const random = noise(9);
	const flat = Array.from({length: 2000}, () => random() + 0.5);
	t.true(estimateTempo(flat, FRAME_RATE).confidence < 0.2);
	t.deepEqual(tempoFromAutocorrelation(new Float64Array(100), FRAME_RATE), {bpm: 0, confidence: 0});
});

const rotate = (profile: readonly number[], tonic: number) => Array.from({length: 12}, (_, i) => profile[(i - tonic + 12) % 12]!);

test('each of the 24 key profiles is recognised as its own key, with its label and Camelot code', t => {
	for (let tonic = 0; tonic < 12; tonic++) {
		const major = estimateKey(rotate(KK_MAJOR, tonic));
		t.is(major.tonic, tonic);
		t.is(major.mode, 'major');
		t.true(major.confidence > 0.99);
		const minor = estimateKey(rotate(KK_MINOR, tonic));
		t.is(minor.tonic, tonic);
		t.is(minor.mode, 'minor');
	}
	const aMinor = estimateKey(rotate(KK_MINOR, 9));
	t.is(aMinor.label, 'A minor');
	t.is(aMinor.camelot, '8A');
	t.is(estimateKey(rotate(KK_MAJOR, 0)).camelot, '8B');
});

test('a chord progression’s chroma gives its key', t => {
	// I–IV–V–I in D major: D F# A, G B D, A C# E.
	const chroma = new Array(12).fill(0.02);
	for (const note of [2, 6, 9, 2, 6, 9, 7, 11, 2, 9, 1, 4]) chroma[note] += 1;
	t.is(estimateKey(chroma).label, 'D major');
	// i–iv–v–i in F# minor: F# A C#, B D F#, C# E G#.
	const minor = new Array(12).fill(0.02);
	for (const note of [6, 9, 1, 6, 9, 1, 11, 2, 6, 1, 4, 8]) minor[note] += 1;
	t.is(estimateKey(minor).label, 'F# minor');
});

test('tonal descriptors do not change when the music is transposed', t => {
	const random = noise(4);
	const chroma = Array.from({length: 12}, () => random() + 0.5);
	for (let shift = 1; shift < 12; shift++) {
		const moved = rotate(chroma, shift);
		t.deepEqual(
			intervalClasses(moved).map(v => v.toFixed(12)),
			intervalClasses(chroma).map(v => v.toFixed(12)),
		);
		t.deepEqual(
			triadShares(moved).map(v => v.toFixed(12)),
			triadShares(chroma).map(v => v.toFixed(12)),
		);
		t.is(chromaEntropy(moved).toFixed(12), chromaEntropy(chroma).toFixed(12));
	}
	const majorTriad = new Array(12).fill(0.01);
	[0, 4, 7].forEach(note => (majorTriad[note] = 1));
	const shares = triadShares(majorTriad);
	t.is(shares.indexOf(Math.max(...shares)), 0, 'a major triad is mostly major');
	t.true(chromaEntropy(new Array(12).fill(1)) > 0.999);
	t.true(chromaEntropy(majorTriad) < 0.6, `${chromaEntropy(majorTriad)}`);
});
