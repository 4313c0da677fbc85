import test from 'ava';
import {Framer} from '../../source/analysis/framer.js';
import {RunningStats, RunningVectorStats} from '../../source/analysis/stats.js';
import {TrackFeatureExtractor} from '../../source/analysis/track-features.js';
import {VECTOR_LENGTH} from '../../source/analysis/vector.js';
import {chunked, groove, noise} from './signals.js';

const SR = 22050;

test('Welford running mean and deviation equal a direct computation', t => {
	const random = noise(11);
	const values = Array.from({length: 5000}, (_, i) => 1000 + 50 * random() + Math.sin(i / 10));
	const stats = new RunningStats();
	for (const value of values) stats.add(value);
	const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
	const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
	t.true(Math.abs(stats.mean - mean) < 1e-9);
	t.true(Math.abs(stats.std - Math.sqrt(variance)) < 1e-9);
	t.is(stats.count, values.length);

	const vectors = new RunningVectorStats(3);
	for (const value of values) vectors.add([value, -value, 2]);
	t.true(Math.abs(vectors.mean[0]! - mean) < 1e-9);
	t.true(Math.abs(vectors.mean[1]! + mean) < 1e-9);
	t.true(Math.abs(vectors.std()[0]! - Math.sqrt(variance)) < 1e-9);
	t.is(vectors.std()[2], 0);
	t.deepEqual(new RunningStats().summary(), {mean: 0, std: 0});
});

test('the framer cuts the same frames whatever the chunking', t => {
	const samples = Float32Array.from({length: 10_000}, (_, i) => i);
	const collect = (chunks: Float32Array[], size: number, hop: number) => {
		const starts: number[] = [];
		const framer = new Framer(size, hop, frame => {
			// Each frame must hold consecutive samples: its first value is its start index.
			for (let i = 1; i < frame.length; i++) if (frame[i] !== frame[0]! + i) throw new Error('frame not contiguous');
			starts.push(frame[0]!);
		});
		for (const chunk of chunks) framer.push(chunk);
		return starts;
	};
	const expected = collect([samples], 1024, 512);
	t.is(expected.length, Math.floor((10_000 - 1024) / 512) + 1);
	for (const lengths of [[1], [7, 3000, 5], [1023], [1024], [1025, 100], [512, 511, 2000]]) {
		t.deepEqual(collect(chunked(samples, lengths), 1024, 512), expected, `chunks of ${lengths.join(', ')}`);
	}
	t.deepEqual(collect(chunked(samples, [333, 17]), 1024, 1024), collect([samples], 1024, 1024), 'hop = frame');
});

test('a track gives the same summaries in one 30 s chunk or in uneven chunks', t => {
	const samples = groove(123, 30, SR);
	const analyse = (chunks: Float32Array[]) => {
		const extractor = new TrackFeatureExtractor({sampleRate: SR});
		for (const chunk of chunks) extractor.push(chunk);
		return extractor.finish();
	};
	const whole = analyse([samples]);
	for (const lengths of [[SR * 5], [1000, 77_777, 3, 250_000], [SR * 7.3, 511]]) {
		t.deepEqual(analyse(chunked(samples, lengths.map(Math.round))), whole, `chunks of ${lengths.join(', ')}`);
	}
	t.true(Math.abs(whole.bpm - 123) < 123 * 0.04, `bpm ${whole.bpm}`);
	t.is(whole.vector.length, VECTOR_LENGTH);
});

test('digital silence is gated out of spectral summaries but counted in loudness', t => {
	const music = groove(100, 10, SR);
	const withSilence = new Float32Array(music.length * 2);
	withSilence.set(music);
	const analyse = (samples: Float32Array) => {
		const extractor = new TrackFeatureExtractor({sampleRate: SR});
		extractor.push(samples);
		return extractor.finish();
	};
	const plain = analyse(music);
	const padded = analyse(withSilence);
	t.true(padded.silentShare! > 0.45 && padded.silentShare! < 0.55, `silent share ${padded.silentShare}`);
	// Spectral statistics ignore the silent half…
	for (const name of ['centroid', 'rolloff', 'flatness', 'mfcc1', 'mfcc5'] as const) {
		const a = plain.summaries[name]!;
		const b = padded.summaries[name]!;
		t.true(Math.abs(a.mean - b.mean) <= 0.02 * Math.abs(a.mean) + 1e-6, `${name}: ${a.mean} vs ${b.mean}`);
	}
	// …loudness does not: half as much energy is 3 dB less.
	t.true(Math.abs(padded.loudnessDb - (plain.loudnessDb - 3.01)) < 0.1, `${padded.loudnessDb} vs ${plain.loudnessDb}`);
	t.true(padded.summaries['rms']!.mean < 0.6 * plain.summaries['rms']!.mean);

	const silent = analyse(new Float32Array(SR * 5));
	t.is(silent.silentShare, 1);
	t.true(silent.vector.every(value => Number.isFinite(value)));
	t.is(silent.bpm, 0);
});
