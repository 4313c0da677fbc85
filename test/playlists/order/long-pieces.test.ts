import test from 'ava';
import {setAsideLongQuiet} from '../../../source/playlists/order/long-pieces.js';

test('a long quiet piece is set apart to play last; a long loud one stays in the order', t => {
	const durations = [180, 200, 29 * 60, 210, 190, 240, 25 * 60];
	const energy = [1, 0.8, -2, 0.5, 1.2, 0.9, 1.5];
	const {ordered, last} = setAsideLongQuiet([0, 1, 2, 3, 4, 5, 6], index => durations[index]!, energy);
	t.deepEqual(last, [2]);
	t.deepEqual(ordered, [0, 1, 3, 4, 5, 6]);
});

test('a playlist of long pieces, or a short one, is left whole', t => {
	const long = [30 * 60, 28 * 60, 3 * 60, 31 * 60];
	t.deepEqual(setAsideLongQuiet([0, 1, 2, 3], index => long[index]!, [0, -1, 1, -2]).last, []);
	const few = [180, 30 * 60, 200];
	t.deepEqual(setAsideLongQuiet([0, 1, 2], index => few[index]!, [1, -3, 1]).last, []);
});
