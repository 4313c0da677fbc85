import test from 'ava';
import {prepareLibrary} from '../../../source/playlists/library.js';
import {
	camelotCompatible,
	keyCost,
	orderForTransitions,
	parseCamelot,
	pathCost,
	tempoCompatible,
	tempoCost,
	transitionModel,
} from '../../../source/playlists/order/ordering.js';
import {createRng, shuffle} from '../../../source/playlists/random.js';
import {syntheticLibrary} from '../../helpers/synthetic-library.js';

const log2 = Math.log2;

test('tempo cost: same tempo free, 8 % apart one unit, wider jumps dearer up to a cap, double or half tempo close', t => {
	t.is(tempoCost(log2(120), log2(120)), 0);
	const fourPercent = tempoCost(log2(120), log2(124.8));
	t.true(fourPercent > 0.4 && fourPercent < 0.6, String(fourPercent));
	t.true(Math.abs(tempoCost(log2(120), log2(129.6)) - 1) < 1e-9);
	const twelvePercent = tempoCost(log2(120), log2(134.4));
	t.true(twelvePercent > 1.4 && twelvePercent < 1.6, String(twelvePercent));
	t.is(tempoCost(log2(120), log2(160)), 2);
	t.is(tempoCost(log2(85), log2(170)), 1);
	t.is(tempoCost(log2(170), log2(85)), 1);
	t.true(tempoCost(log2(85), log2(172)) < tempoCost(log2(85), log2(110)), 'a near-double is closer than a 30 % jump');
	t.is(tempoCost(Number.NaN, log2(120)), 0.5);
	t.true(tempoCompatible(120, 124));
	t.true(tempoCompatible(87, 174));
	t.false(tempoCompatible(120, 135));
	t.false(tempoCompatible(0, 120));
});

test('key cost on the Camelot wheel: same, neighbours, relative major/minor, the rest', t => {
	t.deepEqual(parseCamelot('8A'), {number: 8, letter: 'A'});
	t.deepEqual(parseCamelot('12b'), {number: 12, letter: 'B'});
	t.is(parseCamelot('13A'), undefined);
	t.is(parseCamelot(''), undefined);
	t.is(keyCost(8, 0, 8, 0), 0);
	t.is(keyCost(8, 0, 9, 0), 0.25);
	t.is(keyCost(8, 0, 7, 0), 0.25);
	t.is(keyCost(12, 1, 1, 1), 0.25, 'the wheel wraps from 12 to 1');
	t.is(keyCost(8, 0, 8, 1), 0.25, 'A minor and C major are relatives');
	t.is(keyCost(8, 0, 9, 1), 0.6);
	t.is(keyCost(8, 0, 3, 0), 1);
	t.is(keyCost(0, -1, 8, 0), 0.5);
	t.true(camelotCompatible('8A', '8B'));
	t.true(camelotCompatible('1B', '12B'));
	t.false(camelotCompatible('8A', '10A'));
	t.false(camelotCompatible('8A', '?'));
});

function mixedLibrary() {
	// One big mixed group: many tempi and keys, as a cluster of a varied library would be.
	return syntheticLibrary({families: 10, perFamily: 8, spread: 1.2, seed: 21, octaveErrors: 0.1});
}

test('ordering respects tempo and key compatibility far better than random order', t => {
	const {tracks, groups} = mixedLibrary();
	const library = prepareLibrary(tracks, {groups});
	const model = transitionModel(
		library.bpm,
		library.tracks.map(track => track.analysis.camelot),
		library.prepared,
	);
	const members = [...library.tracks.keys()];
	const ordered = orderForTransitions(model, members);
	t.deepEqual(
		[...ordered].sort((a, b) => a - b),
		members,
		'a permutation of the members',
	);

	const shares = (order: number[]) => {
		let tempo = 0;
		let key = 0;
		for (let p = 1; p < order.length; p++) {
			const a = library.tracks[order[p - 1]!]!.analysis;
			const b = library.tracks[order[p]!]!.analysis;
			if (tempoCompatible(a.bpm, b.bpm)) tempo++;
			if (camelotCompatible(a.camelot, b.camelot)) key++;
		}
		return {tempo: tempo / (order.length - 1), key: key / (order.length - 1), cost: pathCost(model, order)};
	};
	const mine = shares(ordered);
	const rng = createRng(5);
	const random = Array.from({length: 50}, () => shares(shuffle([...members], rng)));
	const mean = (key: 'tempo' | 'key' | 'cost') => random.reduce((sum, value) => sum + value[key], 0) / random.length;
	t.log(`ordered: tempo ${mine.tempo.toFixed(2)}, key ${mine.key.toFixed(2)}, cost ${mine.cost.toFixed(1)}`);
	t.log(`random:  tempo ${mean('tempo').toFixed(2)}, key ${mean('key').toFixed(2)}, cost ${mean('cost').toFixed(1)}`);
	t.true(mine.tempo > mean('tempo') + 0.3);
	t.true(mine.key > mean('key') + 0.2);
	t.true(mine.cost < Math.min(...random.map(value => value.cost)));
});

test('ordering keeps a fixed first track, and is deterministic', t => {
	const {tracks, groups} = mixedLibrary();
	const library = prepareLibrary(tracks, {groups});
	const model = transitionModel(
		library.bpm,
		library.tracks.map(track => track.analysis.camelot),
		library.prepared,
	);
	const members = [3, 17, 25, 40, 41, 42, 60, 77];
	const order = orderForTransitions(model, members, {start: 40});
	t.is(order[0], 40);
	t.deepEqual(orderForTransitions(model, members, {start: 40}), order);
	t.deepEqual(orderForTransitions(model, [9, 4], {start: 4}), [4, 9]);
	t.deepEqual(orderForTransitions(model, [9]), [9]);
});

test('2-opt never makes the chain worse than nearest-neighbour alone', t => {
	const {tracks, groups} = mixedLibrary();
	const library = prepareLibrary(tracks, {groups});
	const model = transitionModel(
		library.bpm,
		library.tracks.map(track => track.analysis.camelot),
		library.prepared,
	);
	const members = [...library.tracks.keys()];
	const greedy = orderForTransitions(model, members, {maxPasses: 0});
	const improved = orderForTransitions(model, members);
	t.true(pathCost(model, improved) <= pathCost(model, greedy) + 1e-9);
});
