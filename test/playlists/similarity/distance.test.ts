import test from 'ava';
import {
	cosineDistance,
	dimensionScales,
	groupIndices,
	prepareVectors,
	trackDistance,
	weightedEuclidean,
	zScores,
} from '../../../source/playlists/similarity/distance.js';

const close = (actual: number, expected: number, epsilon = 1e-9) => Math.abs(actual - expected) <= epsilon;

test('z-scores: each dimension gets mean 0 and standard deviation 1', t => {
	const vectors = [
		[1, 100, 5],
		[2, 300, 5],
		[3, 500, 5],
		[6, 100, 5],
	];
	const z = zScores(vectors);
	for (let j = 0; j < 2; j++) {
		const column = [0, 1, 2, 3].map(i => z.data[i * z.d + j]!);
		const mean = column.reduce((a, b) => a + b, 0) / column.length;
		const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length;
		t.true(close(mean, 0), `mean of column ${j}`);
		t.true(close(variance, 1), `variance of column ${j}`);
	}
	// A constant dimension tells nothing: all zeros, not NaN.
	t.deepEqual(
		[0, 1, 2, 3].map(i => z.data[i * z.d + 2]),
		[0, 0, 0, 0],
	);
});

test('z-scores: values that are not finite count as the mean, and clipping bounds outliers', t => {
	const z = zScores([[1], [Number.NaN], [3], [Number.POSITIVE_INFINITY]]);
	t.is(z.data[1], 0);
	t.is(z.data[3], 0);
	const many = [...Array.from({length: 99}, () => [0]), [1000]];
	t.true(zScores(many).data[99]! > 9);
	t.is(zScores(many, {clip: 5}).data[99], 5);
});

test('z-scoring makes distances independent of each dimension unit', t => {
	const hertz = [
		[1000, 1],
		[2000, 2],
		[3000, 3],
	];
	const kilohertz = [
		[1, 1],
		[2, 2],
		[3, 3],
	];
	const a = prepareVectors(hertz);
	const b = prepareVectors(kilohertz);
	t.true(close(trackDistance(a, 0, 2), trackDistance(b, 0, 2)));
});

test('group weights scale the squared contribution of their dimensions', t => {
	const groups = ['tempo', 'timbre', 'timbre'];
	t.deepEqual([...dimensionScales(groups, {tempo: 4, timbre: 1})], [2, 1, 1]);
	t.deepEqual([...dimensionScales(groups, {tempo: 0, timbre: -1})], [0, 0, 0]);
	t.deepEqual([...dimensionScales(groups, {})], [1, 1, 1], 'missing groups count 1');

	const vectors = [
		[0, 0, 0],
		[1, 0, 0],
		[0, 1, 0],
		[-1, -1, 0],
	];
	const plain = prepareVectors(vectors, {groups, weights: {tempo: 1, timbre: 1}});
	const tempoHeavy = prepareVectors(vectors, {groups, weights: {tempo: 4, timbre: 1}});
	const noTempo = prepareVectors(vectors, {groups, weights: {tempo: 0}});
	// Tracks 0 and 1 differ only in tempo: 4× weight doubles the distance, weight 0 makes them equal.
	t.true(close(trackDistance(tempoHeavy, 0, 1), 2 * trackDistance(plain, 0, 1)));
	t.is(trackDistance(noTempo, 0, 1), 0);
	// Tracks 0 and 2 differ only in timbre: unaffected by the tempo weight.
	t.true(close(trackDistance(tempoHeavy, 0, 2), trackDistance(plain, 0, 2)));
});

test('weightedEuclidean and cosineDistance on plain vectors', t => {
	t.is(weightedEuclidean([0, 0], [3, 4]), 5);
	t.is(weightedEuclidean([0, 0], [3, 4], [1, 0]), 3);
	t.true(close(cosineDistance([1, 0], [0, 1]), 1));
	t.true(close(cosineDistance([1, 1], [2, 2]), 0));
	t.true(close(cosineDistance([1, 0], [-1, 0]), 2));
	t.is(cosineDistance([0, 0], [1, 1]), 1);
});

test('cosine metric: prepared rows have unit length and distance is 1 − cos of the standardised vectors', t => {
	const vectors = [
		[1, 2, 3],
		[2, 4, 7],
		[9, 1, 0],
		[4, 4, 4],
	];
	const prepared = prepareVectors(vectors, {metric: 'cosine'});
	const {data, d} = prepared.matrix;
	for (let i = 0; i < 4; i++) {
		const norm = Math.hypot(...Array.from(data.subarray(i * d, i * d + d)));
		t.true(close(norm, 1));
	}
	const z = zScores(vectors, {clip: 5});
	const row = (i: number) => Array.from(z.data.subarray(i * z.d, i * z.d + z.d));
	t.true(close(trackDistance(prepared, 0, 2), cosineDistance(row(0), row(2))));
});

test('groupIndices lists the dimensions of named groups', t => {
	t.deepEqual(groupIndices(['tempo', 'timbre', 'tonality', 'timbre'], 'timbre'), [1, 3]);
	t.deepEqual(groupIndices(['tempo', 'timbre'], 'tempo', 'timbre'), [0, 1]);
});

test('vectors of different lengths are refused', t => {
	t.throws(() => zScores([[1, 2], [1]]), {instanceOf: RangeError});
	t.throws(() => prepareVectors([[1, 2]], {groups: ['tempo']}), {instanceOf: RangeError});
});
