import test from 'ava';
import {GroupLinks} from '../../../source/playlists/grouping/group-links.js';
import {createRng} from '../../../source/playlists/random.js';

/** The same links kept in one Map per group: the reference the typed arrays must match. */
function mapLinks(n: number, edges: Array<[number, number, number]>): Array<Map<number, number>> {
	const links = Array.from({length: n}, () => new Map<number, number>());
	for (const [i, j, weight] of edges) {
		links[i]!.set(j, (links[i]!.get(j) ?? 0) + weight);
		links[j]!.set(i, (links[j]!.get(i) ?? 0) + weight);
	}
	return links;
}

test('links follow merges as maps would, through the pool compacting and growing', t => {
	const n = 600;
	const rng = createRng(5);
	const edges: Array<[number, number, number]> = [];
	for (let i = 0; i < n; i++) for (let e = 0; e < 10; e++) edges.push([i, (i + 1 + rng.int(n - 1)) % n, rng.next()]);
	const links = new GroupLinks(n, {forEach: visit => edges.forEach(([i, j, weight]) => visit(i, j, weight))});
	const reference = mapLinks(n, edges);
	const alive = new Set(Array.from({length: n}, (_, i) => i));
	while (alive.size > 1) {
		const list = [...alive];
		const a = list[rng.int(list.length)]!;
		const neighbours = [...reference[a]!.keys()];
		const b = neighbours.length > 0 ? neighbours[rng.int(neighbours.length)]! : list.find(g => g !== a)!;
		const seen = new Map<number, number>();
		links.merge(a, b, (other, total) => seen.set(other, total));
		// The reference merge.
		for (const [other, weight] of reference[b]!) {
			if (other === a) continue;
			reference[other]!.delete(b);
			const total = (reference[a]!.get(other) ?? 0) + weight;
			reference[a]!.set(other, total);
			reference[other]!.set(a, total);
			t.true(Math.abs(seen.get(other)! - total) < 1e-12);
		}
		reference[a]!.delete(b);
		reference[b] = new Map();
		alive.delete(b);
		if (alive.size % 50 === 0) {
			for (const g of alive) {
				t.is(links.degree(g), reference[g]!.size);
				links.forEach(g, (other, weight) => t.true(Math.abs(reference[g]!.get(other)! - weight) < 1e-12));
			}
		}
	}
	t.is(links.degree([...alive][0]!), 0);
});

test('weight and has: both directions, 0 and false when not linked', t => {
	const links = new GroupLinks(4, {
		forEach: visit => {
			visit(0, 1, 0.5);
			visit(1, 0, 0.25);
			visit(2, 3, 1);
		},
	});
	t.is(links.weight(0, 1), 0.75);
	t.is(links.weight(1, 0), 0.75);
	t.is(links.weight(0, 2), 0);
	t.true(links.has(3, 2));
	t.false(links.has(0, 3));
	links.merge(1, 2);
	t.is(links.weight(1, 3), 1);
	t.is(links.weight(0, 1), 0.75);
	t.is(links.degree(2), 0);
	t.is(links.degree(1), 2);
});
