import test from 'ava';
import MeydaModule from 'meyda';
import {FastFrameExtractor} from '../../source/analysis/fast-extractor.js';
import {MFCC_COUNT, type FrameFeatures} from '../../source/analysis/frame-features.js';
import {configureMeyda, MeydaFrameExtractor} from '../../source/analysis/meyda-extractor.js';
import {groove, noise, tone} from './signals.js';

const SR = 22050;
const Meyda = MeydaModule as unknown as {bufferSize: number; sampleRate: number; extract: (f: string[], s: Float32Array) => Record<string, unknown>};

/** Frames of varied content: tones, noise, a groove, near-silence and a frame of zeros. */
function testFrames(size: number): Float32Array[] {
	const random = noise(3);
	const frames: Float32Array[] = [];
	const music = groove(128, 3, SR);
	for (let start = 0; start + size <= music.length; start += size * 7) frames.push(music.slice(start, start + size));
	frames.push(tone(440, size / SR, SR));
	frames.push(tone(3000, size / SR, SR, 0.05));
	frames.push(Float32Array.from({length: size}, () => random()));
	frames.push(Float32Array.from({length: size}, () => 1e-6 * random()));
	frames.push(new Float32Array(size));
	return frames;
}

function close(t: import('ava').ExecutionContext, actual: number, expected: number, relative: number, label: string): void {
	const scale = Math.max(Math.abs(expected), 1e-6);
	t.true(Math.abs(actual - expected) <= relative * scale, `${label}: ${actual} vs ${expected}`);
}

function compare(t: import('ava').ExecutionContext, fast: FrameFeatures, reference: FrameFeatures, label: string): void {
	close(t, fast.rms, reference.rms, 1e-6, `${label} rms`);
	t.is(fast.zcr, reference.zcr, `${label} zcr`);
	close(t, fast.centroidHz, reference.centroidHz, 1e-5, `${label} centroid`);
	close(t, fast.rolloffHz, reference.rolloffHz, 1e-6, `${label} rolloff`);
	close(t, fast.flatness, reference.flatness, 1e-4, `${label} flatness`);
	close(t, fast.loudness, reference.loudness, 1e-5, `${label} loudness`);
	for (let i = 0; i < MFCC_COUNT; i++)
		t.true(Math.abs(fast.mfcc[i]! - reference.mfcc[i]!) <= 1e-4 * Math.max(1, Math.abs(reference.mfcc[i]!)), `${label} mfcc${i}`);
	for (let i = 0; i < 12; i++) t.true(Math.abs(fast.chroma[i]! - reference.chroma[i]!) <= 1e-5, `${label} chroma${i}`);
	close(t, fast.flux, reference.flux, 1e-4, `${label} flux`);
	close(t, fast.onset, reference.onset, 1e-4, `${label} onset`);
}

for (const size of [1024, 2048, 512]) {
	test(`the fast path equals Meyda on the same frames (${size} samples)`, t => {
		const fast = new FastFrameExtractor({sampleRate: SR, frameSize: size, chroma: true});
		const reference = new MeydaFrameExtractor({sampleRate: SR, frameSize: size, chroma: true});
		for (const [index, frame] of testFrames(size).entries()) {
			const expected = structuredClone(reference.extract(frame));
			compare(t, fast.extract(frame), expected, `frame ${index}`);
		}
	});
}

test('the spectral centroid is reported in Hz: a pure tone sits at its frequency', t => {
	for (const hz of [440, 1000, 3000]) {
		for (const extractor of [new FastFrameExtractor({sampleRate: SR, frameSize: 1024}), new MeydaFrameExtractor({sampleRate: SR, frameSize: 1024})]) {
			const {centroidHz} = extractor.extract(tone(hz, 1024 / SR, SR));
			t.true(Math.abs(centroidHz - hz) < 0.03 * hz, `${hz} Hz tone: centroid ${centroidHz}`);
		}
	}
});

test('spectral flux is the rectified rise of the amplitude spectrum between frames', t => {
	configureMeyda(SR, 1024);
	const first = tone(440, 1024 / SR, SR, 0.2);
	const second = Float32Array.from(first, (value, i) => value + 0.3 * Math.sin((2 * Math.PI * 2000 * i) / SR));
	const ampOf = (frame: Float32Array) => Meyda.extract(['amplitudeSpectrum'], frame)['amplitudeSpectrum'] as Float32Array;
	const [a, b] = [ampOf(first), ampOf(second)];
	let expected = 0;
	for (let k = 0; k < a.length; k++) expected += Math.max(0, b[k]! - a[k]!);
	const fast = new FastFrameExtractor({sampleRate: SR, frameSize: 1024});
	t.is(fast.extract(first).flux, 0, 'no previous frame: no flux');
	close(t, fast.extract(second).flux, expected, 1e-4, 'rise');
	t.true(fast.extract(first).flux < expected / 10, 'falling energy gives little flux');
	t.true(expected > 0);
});

test('changing the frame size gives no NaN: Meyda’s stale filter banks are dropped', t => {
	const sizes = [1024, 2048, 512, 1024];
	for (const size of sizes) {
		const extractor = new MeydaFrameExtractor({sampleRate: SR, frameSize: size, chroma: true});
		const features = extractor.extract(groove(100, size / SR, SR));
		for (const value of [features.rms, features.centroidHz, features.flatness, features.loudness, ...features.mfcc, ...features.chroma]) {
			t.true(Number.isFinite(value), `frame size ${size}`);
		}
		t.true(features.mfcc[1] !== 0);
	}
	// Two extractors of different sizes used in turn share Meyda's globals: each still gets its own banks.
	const small = new MeydaFrameExtractor({sampleRate: SR, frameSize: 512});
	const large = new MeydaFrameExtractor({sampleRate: SR, frameSize: 4096});
	const frame = groove(100, 1, SR);
	const expected = structuredClone(new FastFrameExtractor({sampleRate: SR, frameSize: 512}).extract(frame.subarray(0, 512)));
	large.extract(frame.subarray(0, 4096));
	compare(t, small.extract(frame.subarray(0, 512)), {...expected, chroma: new Float64Array(12)}, 'after a 4096 frame');
});

test('Meyda alone keeps the mel bank of the first frame size (the trap the guard avoids)', t => {
	const M = MeydaModule as unknown as Record<string, unknown> & typeof Meyda;
	M.bufferSize = 512;
	M.sampleRate = SR;
	M['melFilterBank'] = undefined;
	Meyda.extract(['mfcc'], groove(100, 512 / SR, SR));
	M.bufferSize = 2048;
	const mfcc = Meyda.extract(['mfcc'], groove(100, 2048 / SR, SR))['mfcc'] as number[];
	t.true(
		mfcc.some(value => Number.isNaN(value)),
		'stale bank gives NaN',
	);
	configureMeyda(SR, 1024);
});
