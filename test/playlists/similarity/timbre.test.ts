import test from 'ava';
import {RunningGaussian} from '../../../source/analysis/stats.js';
import {createRng} from '../../../source/playlists/random.js';
import {invertSymmetric, timbreDivergence, timbreModels, TIMBRE_FROM} from '../../../source/playlists/similarity/timbre.js';

/** Frames from a correlated Gaussian: x = A·z + μ. */
function frames(seed: number, d: number, count: number, scale: number): number[][] {
	const rng = createRng(seed);
	const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
	const mix = Array.from({length: d * d}, () => normal() * scale);
	return Array.from({length: count}, () => {
		const z = Array.from({length: d}, normal);
		return Array.from({length: d}, (_, i) => 3 * i + z.reduce((sum, value, k) => sum + mix[i * d + k]! * value, 0));
	});
}

function gaussianOf(rows: number[][]) {
	const g = new RunningGaussian(rows[0]!.length);
	for (const row of rows) g.add(row);
	return {mean: Array.from(g.mean()), covariance: Array.from(g.covariance())};
}

test('the running Gaussian gives the mean and covariance of its frames, computed directly', t => {
	const rows = frames(1, 5, 400, 1);
	const {mean, covariance} = gaussianOf(rows);
	const d = 5;
	const n = rows.length;
	let p = 0;
	for (let i = 0; i < d; i++) {
		const mi = rows.reduce((sum, row) => sum + row[i]!, 0) / n;
		t.true(Math.abs(mean[i]! - mi) < 1e-9);
		for (let j = i; j < d; j++, p++) {
			const mj = rows.reduce((sum, row) => sum + row[j]!, 0) / n;
			const direct = rows.reduce((sum, row) => sum + (row[i]! - mi) * (row[j]! - mj), 0) / n;
			t.true(Math.abs(covariance[p]! - direct) < 1e-9 * Math.max(1, Math.abs(direct)), `cov ${i},${j}`);
		}
	}
});

test('a Cholesky inverse times the matrix is the identity', t => {
	const d = 4;
	const {covariance} = gaussianOf(frames(2, d, 200, 1));
	const full = new Float64Array(d * d);
	let p = 0;
	for (let i = 0; i < d; i++) for (let j = i; j < d; j++, p++) full[i * d + j] = full[j * d + i] = covariance[p]!;
	const inverse = new Float64Array(d * d);
	t.true(invertSymmetric(full, d, inverse));
	for (let i = 0; i < d; i++) {
		for (let j = 0; j < d; j++) {
			let sum = 0;
			for (let k = 0; k < d; k++) sum += full[i * d + k]! * inverse[k * d + j]!;
			t.true(Math.abs(sum - (i === j ? 1 : 0)) < 1e-8);
		}
	}
	t.false(invertSymmetric(new Float64Array([1, 2, 2, 1]), 2, new Float64Array(4)), 'not positive definite');
});

test('symmetric KL: zero for a track against itself, symmetric, and it grows as the distributions part', t => {
	const d = 6;
	const base = frames(3, d, 500, 1);
	const near = frames(4, d, 500, 1);
	const wide = frames(5, d, 500, 3);
	const models = timbreModels([gaussianOf(base), gaussianOf(near), gaussianOf(wide)])!;
	t.is(models.d, d - TIMBRE_FROM);
	t.true(timbreDivergence(models, 0, 0) < 1e-4);
	t.true(Math.abs(timbreDivergence(models, 0, 1) - timbreDivergence(models, 1, 0)) < 1e-9);
	t.true(timbreDivergence(models, 0, 1) < timbreDivergence(models, 0, 2));
	t.is(timbreModels([gaussianOf(base), undefined]), undefined, 'a track without a Gaussian leaves timbre out');
});

test('symmetric KL matches the textbook formula for diagonal Gaussians', t => {
	// Two 3-dimensional Gaussians (the first coefficient is dropped, as MFCC 0 is): means and variances known.
	const g = (mean: number[], variances: number[]) => ({
		mean: [0, ...mean],
		covariance: [1, 0, 0, 0, variances[0]!, 0, 0, variances[1]!, 0, variances[2]!],
	});
	const a = {m: [0, 1, 2], v: [1, 2, 0.5]};
	const b = {m: [1, 1, 0], v: [2, 1, 1]};
	const models = timbreModels([g(a.m, a.v), g(b.m, b.v)])!;
	let expected = 0;
	for (let i = 0; i < 3; i++) {
		// The models carry a ridge of 1e-3 of the mean variance; the same here.
		const ridgeA = (1e-3 * (a.v[0]! + a.v[1]! + a.v[2]!)) / 3;
		const ridgeB = (1e-3 * (b.v[0]! + b.v[1]! + b.v[2]!)) / 3;
		const va = a.v[i]! + ridgeA;
		const vb = b.v[i]! + ridgeB;
		const delta = a.m[i]! - b.m[i]!;
		expected += 0.25 * (va / vb + vb / va + delta * delta * (1 / va + 1 / vb)) - 0.5;
	}
	t.true(Math.abs(timbreDivergence(models, 0, 1) - expected) < 1e-5 * expected, `${timbreDivergence(models, 0, 1)} vs ${expected}`);
});
