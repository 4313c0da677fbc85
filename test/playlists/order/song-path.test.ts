/** A path from one track to another: the corridor, the forward order, the shortest path of N − 1 steps. */
import test from 'ava';
import {prepareLibrary} from '../../../source/playlists/library.js';
import {Similarity} from '../../../source/playlists/similarity/similarity.js';
import {libraryRoute, SameRecordingError, shareSteps, songPath, straightLinePath, type PathSpace} from '../../../source/playlists/order/song-path.js';
import {syntheticTrack} from '../../helpers/synthetic-library.js';

type Point = readonly [number, number];

/** Tracks as points of a plane, Euclidean distance; the corridor is every other point, nearest the segment first. */
function plane(points: readonly Point[]): PathSpace {
	const distance = (i: number, j: number) => Math.hypot(points[i]![0] - points[j]![0], points[i]![1] - points[j]![1]);
	return {
		n: points.length,
		distance,
		between: (a, b, count) =>
			points
				.map((_, i) => i)
				.filter(i => i !== a && i !== b)
				.sort((x, y) => distance(a, x) + distance(x, b) - (distance(a, y) + distance(y, b)) || x - y)
				.slice(0, count),
	};
}

/** A 9 × 9 grid of points one apart. */
const grid: Point[] = Array.from({length: 81}, (_, k) => [k % 9, Math.floor(k / 9)] as const);
const at = (x: number, y: number) => y * 9 + x;

function steps(space: PathSpace, order: readonly number[]): number[] {
	return order.slice(1).map((track, k) => space.distance(order[k]!, track));
}

test('a path starts at FROM, ends at TO, holds N distinct tracks, and each track is nearer TO than the one before', t => {
	const space = plane(grid);
	for (const length of [2, 3, 9, 15]) {
		const order = songPath(space, [at(0, 0), at(8, 8)], length);
		t.is(order.length, length);
		t.is(order[0], at(0, 0));
		t.is(order.at(-1), at(8, 8));
		t.is(new Set(order).size, length);
		for (let k = 1; k < order.length; k++) t.true(space.distance(order[k]!, at(8, 8)) < space.distance(order[k - 1]!, at(8, 8)), `length ${length}, step ${k}`);
	}
});

test('the steps are short and even: the diagonal of the grid in 9 tracks takes its 7 inner points', t => {
	const space = plane(grid);
	const order = songPath(space, [at(0, 0), at(8, 8)], 9);
	t.deepEqual(
		order,
		Array.from({length: 9}, (_, k) => at(k, k)),
	);
	// 17 tracks: one step of 1 at a time (16 of them), never a step longer than √2.
	const long = songPath(space, [at(0, 0), at(8, 8)], 17);
	t.true(steps(space, long).every(step => step <= Math.SQRT2 + 1e-9));
});

test('a detour is taken only where the library has no track between: the path keeps to the tracks near the line', t => {
	// A line of points from (0, 0) to (10, 0), and a far cluster the straight line's nearest points would not visit.
	const points: Point[] = [...Array.from({length: 11}, (_, x) => [x, 0] as const), [5, 6], [5, 7], [6, 6]];
	const space = plane(points);
	const order = songPath(space, [0, 10], 6);
	t.true(order.every(i => points[i]![1] === 0));
	t.true(Math.max(...steps(space, order)) <= 3);
});

test('when FROM has too few tracks nearer TO, only the first step moves away from TO', t => {
	// FROM sits right beside TO: every other track is farther from TO than FROM is.
	const points: Point[] = [
		[0, 0],
		[0.5, 0],
		[3, 0],
		[2, 0],
		[1.5, 0],
		[4, 0],
		[2.5, 0],
	];
	const space = plane(points);
	const order = songPath(space, [1, 0], 5);
	t.is(order.length, 5);
	const toTo = order.map(i => space.distance(i, 0));
	t.true(toTo[1]! > toTo[0]!);
	for (let k = 2; k < order.length; k++) t.true(toTo[k]! < toTo[k - 1]!);
});

test('--via: the path passes through each waypoint in order, the steps shared by the legs lengths, no track twice', t => {
	const space = plane(grid);
	const waypoints = [at(0, 0), at(8, 0), at(8, 4)];
	const order = songPath(space, waypoints, 13);
	t.is(order.length, 13);
	t.is(new Set(order).size, 13);
	t.is(order[0], at(0, 0));
	// The first leg is twice as long as the second: 8 steps of the 12, then 4.
	t.is(order[8], at(8, 0));
	t.is(order[12], at(8, 4));
	t.throws(() => songPath(space, [at(0, 0), at(1, 1), at(0, 0)], 5), {message: /through one track twice/});
	t.throws(() => songPath(space, waypoints, 2), {message: /length of at least 3/});
});

test('steps are shared by length, at least one a leg, and always add up', t => {
	t.deepEqual(shareSteps([2, 1], 12), [8, 4]);
	t.deepEqual(shareSteps([1, 1, 1], 3), [1, 1, 1]);
	t.deepEqual(shareSteps([100, 0.001], 10), [9, 1]);
	t.deepEqual(shareSteps([0, 0], 5), [3, 2]);
	for (const total of [2, 7, 19, 40])
		t.is(
			shareSteps([0.3, 0.9, 0.1], Math.max(3, total)).reduce((a, b) => a + b, 0),
			Math.max(3, total),
		);
});

test('tracks that share a key are never both in a path, nor with a waypoint; excluded tracks never', t => {
	const space = plane(grid);
	// The diagonal points share keys in pairs, (1,1) a key with FROM; (4,4) is excluded.
	const keys = (i: number) => {
		const [x, y] = grid[i]!;
		if (x !== y) return [];
		return x === 0 || x === 1 ? ['from'] : [`pair ${Math.floor(x / 2)}`];
	};
	const order = songPath(space, [at(0, 0), at(8, 8)], 9, {keys, excluded: i => i === at(4, 4)});
	t.is(order.length, 9);
	t.false(order.includes(at(1, 1)));
	t.false(order.includes(at(4, 4)));
	const seen = order.slice(1, -1).flatMap(keys);
	t.is(new Set(seen).size, seen.length);
});

test('a corridor too small for the length gives the longest path it can', t => {
	const space = plane(grid.slice(0, 5));
	const order = songPath(space, [0, 4], 10);
	t.deepEqual(order, [0, 1, 2, 3, 4]);
});

test('the naive path takes the track nearest each point of the straight line between the vectors', t => {
	const library = prepareLibrary(
		grid.map(([x, y], k) => syntheticTrack({path: `/m/${String(k).padStart(2, '0')}.flac`}, {vector: [x, y]})),
		{},
	);
	const matrix = library.prepared.matrix;
	const order = straightLinePath(matrix, at(0, 0), at(8, 0), 5);
	t.deepEqual(order, [at(0, 0), at(2, 0), at(4, 0), at(6, 0), at(8, 0)]);
});

/** A timbre Gaussian of 20 coefficients: mean `level` everywhere, identity covariance. */
function gaussian(level: number): {mean: number[]; covariance: number[]} {
	const covariance: number[] = [];
	for (let i = 0; i < 20; i++) for (let j = i; j < 20; j++) covariance.push(i === j ? 1 : 0);
	return {mean: Array.from({length: 20}, () => level), covariance};
}

test('a library path holds one copy of a recording: a waypoint named by a copy becomes the copy kept, and two copies cannot be FROM and TO', t => {
	// Twelve pieces along a line (length, vector and timbre apart); piece 5 also as an MP3 copy, piece 0 as a WAV.
	const piece = (k: number, file: string, sizeBytes = 1_000_000) =>
		syntheticTrack({path: file, durationSeconds: 100 + 20 * k, sizeBytes}, {vector: [k, k % 3, 0], timbre: gaussian(k * 5)});
	const tracks = [
		...Array.from({length: 12}, (_, k) => piece(k, `/m/${String(k).padStart(2, '0')}.flac`, 20_000_000)),
		piece(5, '/m/05 copy.mp3'),
		piece(0, '/m/00 copy.mp3'),
	];
	const library = prepareLibrary(tracks, {});
	const similarity = new Similarity(library);
	const index = (file: string) => library.tracks.findIndex(track => track.path === file);
	const route = libraryRoute(library, similarity, [index('/m/00 copy.mp3'), index('/m/11.flac')], 12);
	const paths = route.order.map(i => library.tracks[i]!.path);
	t.is(paths[0], '/m/00.flac', 'the copy kept stands for the copy named');
	t.is(paths.at(-1), '/m/11.flac');
	t.is(paths.length, 12);
	t.false(paths.includes('/m/05 copy.mp3'));
	t.false(paths.includes('/m/00 copy.mp3'));
	t.deepEqual(route.waypoints, [index('/m/00.flac'), index('/m/11.flac')]);
	const error = t.throws(() => libraryRoute(library, similarity, [index('/m/05.flac'), index('/m/05 copy.mp3')], 4), {instanceOf: SameRecordingError});
	t.deepEqual([error!.first, error!.second], [index('/m/05.flac'), index('/m/05 copy.mp3')]);
});
