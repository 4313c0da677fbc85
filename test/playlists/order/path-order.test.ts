import test from 'ava';
import {shortPath} from '../../../source/playlists/order/path-order.js';
import {createRng} from '../../../source/playlists/random.js';

function total(cost: (p: number, q: number) => number, order: readonly number[]): number {
	let sum = 0;
	for (let k = 1; k < order.length; k++) sum += cost(order[k - 1]!, order[k]!);
	return sum;
}

function permutations(items: number[]): number[][] {
	if (items.length <= 1) return [items];
	return items.flatMap((item, k) => permutations([...items.slice(0, k), ...items.slice(k + 1)]).map(rest => [item, ...rest]));
}

function randomCost(m: number, seed: number): (p: number, q: number) => number {
	const rng = createRng(seed);
	const matrix = new Float64Array(m * m);
	for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) matrix[p * m + q] = matrix[q * m + p] = rng.next() * 3;
	return (p, q) => matrix[p * m + q]!;
}

test('points on a line come out in line order', t => {
	const positions = [5, 1, 9, 3, 7, 0, 2];
	const order = shortPath(positions.length, (p, q) => Math.abs(positions[p]! - positions[q]!));
	const along = order.map(p => positions[p]!);
	t.true(along.join() === '0,1,2,3,5,7,9' || along.join() === '9,7,5,3,2,1,0', along.join());
});

test('close to the best path on small random costs, never worse than the greedy chain, each point once', t => {
	for (let seed = 1; seed <= 8; seed++) {
		const m = 7;
		const cost = randomCost(m, seed);
		const order = shortPath(m, cost);
		t.deepEqual(
			[...order].sort((a, b) => a - b),
			[0, 1, 2, 3, 4, 5, 6],
		);
		const best = Math.min(...permutations([0, 1, 2, 3, 4, 5, 6]).map(candidate => total(cost, candidate)));
		t.true(total(cost, order) <= best * 1.15 + 1e-9, `seed ${seed}: ${total(cost, order)} against ${best}`);
		t.true(total(cost, order) <= total(cost, shortPath(m, cost, {maxPasses: 0})) + 1e-9);
	}
});

test('a fixed first point stays first', t => {
	const cost = randomCost(12, 42);
	const order = shortPath(12, cost, {fixedFirst: 5});
	t.is(order[0], 5);
	t.is(new Set(order).size, 12);
});
