import test from 'ava';
import FFT from 'fft.js';
import {RealFft, realFft} from '../../source/analysis/real-fft.js';
import {noise} from './signals.js';

/** fft.js's spectrum of `frame` in double precision: the reference. */
function reference(frame: Float64Array): number[] {
	const fft = new FFT(frame.length);
	const out = fft.createComplexArray() as number[];
	fft.realTransform(out, frame);
	return out;
}

for (const size of [1024, 8192]) {
	test(`the spectrum of ${size} samples equals fft.js's to single precision, laid out as fft.js lays it out`, t => {
		const random = noise(7);
		const frame = Float64Array.from({length: size}, (_, i) => Math.sin(i * 0.07) + 0.3 * random());
		const expected = reference(frame);
		const actual = new RealFft(size).transform(frame);
		let peak = 0;
		for (let i = 0; i < size; i++) peak = Math.max(peak, Math.abs(expected[i]!));
		let worst = 0;
		for (let i = 0; i < size; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
		t.true(worst < 1e-5 * peak, `largest difference ${worst} against a peak of ${peak}`);
		t.is(actual[1], 0, "bin 0's imaginary part, not the Nyquist bin");
		t.true(Math.abs(actual[0]! - expected[0]!) < 1e-5 * peak, 'bin 0');
	});
}

test('a transform set up earlier still answers after later ones grew the module memory', t => {
	const frame = Float64Array.from({length: 1024}, (_, i) => Math.cos(i * 0.3));
	const first = new RealFft(1024);
	const before = Array.from(first.transform(frame));
	// Enough setups (about 100 KiB each) to grow WebAssembly memory past its first 16 MiB, which
	// detaches the views made before.
	const later = Array.from({length: 400}, () => new RealFft(8192));
	t.true(later.length > 0);
	t.deepEqual(Array.from(first.transform(frame)), before);
});

test('sizes PFFFT cannot transform are refused with a clear error', t => {
	t.throws(() => new RealFft(1000), {message: 'FFT size must be a power of two from 32, not 1000'});
	t.throws(() => new RealFft(16), {message: /not 16/});
});

test('one transform per size and thread: the extractor of each track does not set up its own', t => {
	t.is(realFft(8192), realFft(8192));
	t.not(realFft(8192), realFft(1024));
});
