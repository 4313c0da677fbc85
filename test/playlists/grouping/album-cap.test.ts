/** Less of one album in a row: playlists.maxPerAlbum caps an album's tracks per playlist and spreads them in the play order. */
import test from 'ava';
import {albumKey, capAlbums, spreadAlbums} from '../../../source/playlists/grouping/album-cap.js';
import {buildPlaylists} from '../../../source/playlists/build.js';
import {syntheticLibrary, syntheticTrack} from '../../helpers/synthetic-library.js';

const adjacentSame = (order: readonly number[], albums: readonly string[]) => order.slice(1).filter((track, i) => albums[track] === albums[order[i]!]).length;

test('an album is its tag with its artist, else its folder, else a CUE track its image', t => {
	t.is(albumKey(syntheticTrack({path: '/m/a/1.flac', tags: {album: 'Greatest Hits', artist: 'ABBA'}})), 'tag:abba\u0000greatest hits');
	t.not(
		albumKey(syntheticTrack({path: '/m/a/1.flac', tags: {album: 'Greatest Hits', albumArtist: 'Queen'}})),
		albumKey(syntheticTrack({path: '/m/a/2.flac', tags: {album: 'Greatest Hits', artist: 'ABBA'}})),
	);
	t.is(albumKey(syntheticTrack({path: '/m/Some Album/1.flac'})), 'folder:/m/Some Album');
	t.is(
		albumKey(
			syntheticTrack({
				path: '/m/x/image.flac#02',
				cue: {
					image: '/m/x/image.flac',
					sheet: '/m/x/image.cue',
					embedded: false,
					sheetSize: 100,
					sheetMtimeMs: 0,
					number: 2,
					ordinal: 2,
					startSeconds: 60,
					endSeconds: 120,
				},
			}),
		),
		'image:/m/x/image.flac',
	);
});

test('the play order spreads an album where it can, and leaves fewer clashes where it cannot avoid them', t => {
	const albums = ['A', 'A', 'A', 'B', 'B', 'C', 'C'];
	const spread = spreadAlbums([0, 1, 2, 3, 4, 5, 6], albums);
	t.is(adjacentSame(spread, albums), 0);
	t.deepEqual([...spread].sort(), [0, 1, 2, 3, 4, 5, 6]);
	const crowded = ['A', 'A', 'A', 'A', 'B'];
	t.true(adjacentSame(spreadAlbums([0, 1, 2, 3, 4], crowded), crowded) < 3);
	t.deepEqual(spreadAlbums([0, 1, 2], ['A', 'B', 'C']), [0, 1, 2], 'nothing to change: the order stays');
});

test("the cap moves an album's extra tracks to the nearest playlist with room for them, and leaves out the rest", t => {
	// Rows on a line: group 0 around 0, group 1 around 10; album A has 4 tracks in group 0.
	const matrix = {n: 7, d: 1, data: Float64Array.from([0, 0.1, 0.2, 3, 10, 10.1, 10.2])};
	const albums = ['A', 'A', 'A', 'A', 'B', 'A', 'C'];
	const {groups, left} = capAlbums(
		[
			[0, 1, 2, 3],
			[4, 5, 6],
		],
		albums,
		matrix,
		2,
	);
	t.deepEqual(groups[0], [1, 2], 'the two nearest the centre stay');
	t.deepEqual(groups[1], [0, 4, 5, 6], 'one moves where its album has room');
	t.deepEqual(left, [3], 'the other has nowhere to go');
});

test('playlists built with maxPerAlbum hold at most that many tracks of an album, spread out, and report those left out', t => {
	const {tracks, groups} = syntheticLibrary({families: 3, perFamily: 12, seed: 5});
	const result = buildPlaylists(tracks, {groups, targetLength: 10, maxPerAlbum: 3});
	const album = new Map(tracks.map(track => [track.path, albumKey(track)]));
	for (const playlist of result.playlists) {
		const counts = new Map<string, number>();
		for (const track of playlist.tracks) counts.set(album.get(track.path)!, (counts.get(album.get(track.path)!) ?? 0) + 1);
		t.true(Math.max(...counts.values()) <= 3, `${playlist.name}: ${[...counts.values()].join(', ')}`);
		const keys = playlist.tracks.map(track => album.get(track.path)!);
		if (counts.size > 1 && Math.max(...counts.values()) <= Math.ceil(keys.length / 2)) {
			t.is(
				adjacentSame(
					keys.map((_, i) => i),
					keys,
				),
				0,
				`${playlist.name}: ${keys.join(' ')}`,
			);
		}
	}
	const placed = result.playlists.reduce((sum, playlist) => sum + playlist.tracks.length, 0);
	const left = result.problems.filter(problem => /maxPerAlbum/.test(problem.message));
	t.is(placed + left.length, tracks.length);
	t.true(left.length > 0, 'three albums of 12 cannot all fit at 3 per playlist');
	const without = buildPlaylists(tracks, {groups, targetLength: 10});
	t.true(
		without.playlists.some(playlist => playlist.tracks.length > 3),
		'off by default',
	);
});
