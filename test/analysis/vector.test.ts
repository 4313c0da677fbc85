import test from 'ava';
import {DEFAULT_WEIGHTS} from '../../source/config/options.js';
import {buildVector, FEATURE_GROUPS, FEATURES_VERSION, groupIndices, VECTOR_FIELDS, VECTOR_LENGTH} from '../../source/analysis/vector.js';

test('every vector field belongs to one of the weight groups the playlists use, and every group has fields', t => {
	t.deepEqual([...FEATURE_GROUPS].sort(), Object.keys(DEFAULT_WEIGHTS).sort());
	const groups = groupIndices();
	for (const group of FEATURE_GROUPS) t.true(groups[group].length > 0, group);
	t.is(Object.values(groups).flat().length, VECTOR_LENGTH);
	t.is(new Set(VECTOR_FIELDS.map(field => field.name)).size, VECTOR_LENGTH, 'names are unique');
	t.true(Number.isInteger(FEATURES_VERSION) && FEATURES_VERSION >= 1);
});

test('the vector layout is the documented one', t => {
	const groups = groupIndices();
	t.deepEqual(groups.tempo, [0, 1, 2]);
	t.deepEqual(groups.loudness, [3, 4, 5]);
	t.deepEqual(groups.brightness, [6, 7, 8, 9, 10, 11, 12]);
	t.deepEqual(
		groups.timbre,
		Array.from({length: 24}, (_, i) => 13 + i),
	);
	t.deepEqual(
		groups.tonality,
		Array.from({length: 12}, (_, i) => 37 + i),
	);
	t.deepEqual(groups.rhythm, [49, 50, 51, 52]);
	t.is(VECTOR_FIELDS[13]!.name, 'mfcc1.mean');
	t.is(VECTOR_FIELDS[25]!.name, 'mfcc1.std');
	t.is(VECTOR_FIELDS[48]!.name, 'mode');
});

test('missing or non-finite values become 0', t => {
	const vector = buildVector({'tempo.log2': 0.5, 'loudness.db': Number.NaN, 'centroid.mean': Number.POSITIVE_INFINITY});
	t.is(vector.length, VECTOR_LENGTH);
	t.is(vector[0], 0.5);
	t.is(vector[3], 0);
	t.is(vector[6], 0);
});

test('a misspelt field name does not compile', t => {
	// @ts-expect-error 'tempo.log' is not a vector field ('tempo.log2' is): the type-check fails without this line's mark.
	const vector = buildVector({'tempo.log': 0.5});
	t.is(vector[0], 0);
});
