import test from 'ava';
import {groupNeighbourGraph, sizeRules, type GraphEdge} from '../../../source/playlists/grouping/graph-groups.js';

/** Neighbour lists of cliques: every member linked to every other member of its clique at `distance`. */
function cliques(sizes: number[], distance = 0.1): GraphEdge[][] {
	const lists: GraphEdge[][] = [];
	let start = 0;
	for (const size of sizes) {
		for (let i = 0; i < size; i++) {
			const list: GraphEdge[] = [];
			for (let j = 0; j < size; j++) if (j !== i) list.push({index: start + j, distance});
			lists.push(list);
		}
		start += size;
	}
	return lists;
}

test('groups with no link between them are never merged, whatever the cap', t => {
	const {groups, unlinked} = groupNeighbourGraph(cliques([6, 7, 8]), {maxSize: 100, minSize: 2});
	t.deepEqual(
		groups.map(group => group.length),
		[6, 7, 8],
	);
	t.deepEqual(unlinked, []);
});

test('no merge makes a group larger than the cap, and every track is placed once', t => {
	const lists = cliques([40]);
	const {groups, unlinked} = groupNeighbourGraph(lists, {maxSize: 12, minSize: 3});
	t.true(
		groups.every(group => group.length <= 12 && group.length >= 3),
		groups.map(group => group.length).join(','),
	);
	t.deepEqual(
		[...groups, ...unlinked].flat().sort((a, b) => a - b),
		Array.from({length: 40}, (_, i) => i),
	);
});

test('stragglers join the group they are best linked to; isolated ones are handed back', t => {
	const lists = cliques([8, 8]);
	// Track 16 is close to the second clique, track 17 has no neighbours at all.
	lists.push([
		{index: 9, distance: 0.05},
		{index: 10, distance: 0.05},
		{index: 1, distance: 0.6},
	]);
	lists.push([]);
	const {groups, unlinked} = groupNeighbourGraph(lists, {maxSize: 10, minSize: 3});
	t.is(groups.length, 2);
	t.true(groups.find(group => group.includes(9))!.includes(16));
	t.deepEqual(unlinked, [[17]]);
});

test('closer pairs merge first: a tight pair stays together when the cap cuts a chain', t => {
	// A chain 0–1–2–3 where 1–2 is the closest link; with a cap of 2, {1, 2} is a group.
	const lists: GraphEdge[][] = [[{index: 1, distance: 0.5}], [{index: 2, distance: 0.01}], [{index: 3, distance: 0.5}], []];
	const {groups} = groupNeighbourGraph(lists, {maxSize: 2, minSize: 1});
	t.true(groups.some(group => group.join() === '1,2'));
});

test('size rules: about the target, never over a quarter of a library of 40 or more', t => {
	t.deepEqual(sizeRules(1000, 20), {maxSize: 30, minSize: 5});
	t.deepEqual(sizeRules(79, 20), {maxSize: 19, minSize: 5});
	t.deepEqual(sizeRules(30, 20), {maxSize: 30, minSize: 5});
	t.deepEqual(sizeRules(1000, 6), {maxSize: 9, minSize: 3});
	// A small library: groups of a third of it (at least 3) are playlists, so its families can stay apart.
	t.deepEqual(sizeRules(9, 20), {maxSize: 30, minSize: 3});
	t.deepEqual(sizeRules(12, 20), {maxSize: 30, minSize: 4});
	t.deepEqual(sizeRules(15, 20), {maxSize: 30, minSize: 5});
	t.deepEqual(sizeRules(4, 20), {maxSize: 30, minSize: 3});
});

test('families joined by a few loose edges stay apart; with cohesion 0 they merge', t => {
	const lists = cliques([6, 6], 0.05);
	// Each track of the first clique also sees two tracks of the second, far off.
	for (let i = 0; i < 6; i++) lists[i]!.push({index: 6 + (i % 6), distance: 0.7}, {index: 6 + ((i + 1) % 6), distance: 0.7});
	t.deepEqual(
		groupNeighbourGraph(lists, {maxSize: 20, minSize: 2}).groups.map(group => group.length),
		[6, 6],
	);
	t.deepEqual(
		groupNeighbourGraph(lists, {maxSize: 20, minSize: 2, cohesion: 0}).groups.map(group => group.length),
		[12],
	);
});
