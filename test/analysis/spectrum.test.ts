/** The spectrum maths shared by both frame extractors: exact to the definitions they compute. */
import test from 'ava';
import {rectifiedDifference} from '../../source/analysis/spectrum.js';
import {createRng} from '../../source/playlists/random.js';

/** The definition, a branch per value: Σ max(0, current − previous), values that are not numbers left out. */
function byDefinition(current: ArrayLike<number>, previous: ArrayLike<number>): number {
	let sum = 0;
	for (let i = 0; i < current.length; i++) {
		const d = current[i]! - previous[i]!;
		if (d > 0) sum += d;
	}
	return sum;
}

test('the rise of a spectrum is the definition to the bit, on spectra of every size', t => {
	const rng = createRng(12);
	for (const size of [1, 26, 512, 4096]) {
		for (let round = 0; round < 50; round++) {
			const current = Float64Array.from({length: size}, () => rng.next() * 10 ** (4 * rng.next() - 2));
			const previous = Float64Array.from({length: size}, () => rng.next() * 10 ** (4 * rng.next() - 2));
			t.is(rectifiedDifference(current, previous), byDefinition(current, previous));
		}
	}
});

test('values that are not numbers, infinities and zeros of either sign give what the definition gives', t => {
	const cases: Array<[number[], number[]]> = [
		[
			[1, Number.NaN, 3],
			[0, 0, 1],
		],
		[
			[Number.NaN, Number.NaN],
			[1, 2],
		],
		[
			[Number.POSITIVE_INFINITY, 1],
			[0, 0],
		],
		[
			[1, 2],
			[Number.POSITIVE_INFINITY, 0],
		],
		[
			[Number.POSITIVE_INFINITY, 2],
			[Number.POSITIVE_INFINITY, 0],
		],
		[
			[-0, 0, 0.5],
			[0, -0, 0.25],
		],
		[[], []],
	];
	for (const [current, previous] of cases) t.is(rectifiedDifference(current, previous), byDefinition(current, previous), JSON.stringify([current, previous]));
});
