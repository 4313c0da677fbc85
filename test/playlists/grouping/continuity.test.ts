/** Playlists that live with a growing library: remembered playlists grow, keep their names, and say what changed. */
import test from 'ava';
import {buildPlaylists, type BuildOptions, type BuildResult} from '../../../source/playlists/build.js';
import {formatChanges, matchRemembered, regroupReason, type BuildMemory} from '../../../source/playlists/grouping/continuity.js';
import {prepareLibrary} from '../../../source/playlists/library.js';
import type {StoredTrack} from '../../../source/store/types.js';
import {syntheticLibrary} from '../../helpers/synthetic-library.js';

const {tracks: all, families, groups} = syntheticLibrary({families: 5, perFamily: 10, seed: 7});
const familyOf = new Map(all.map((track, index) => [track.path, families[index]!]));
const options: BuildOptions = {groups, targetLength: 10};

/** What the store remembers after writing `result` (ids from 1, or carried over). */
function remember(result: BuildResult, previous?: BuildMemory): BuildMemory {
	let next = Math.max(0, ...(previous?.playlists ?? []).map(playlist => playlist.id)) + 1;
	return {
		playlists: result.continuity!.groups.map(group => ({id: group.id ?? next++, name: group.name, members: group.members, loose: group.loose})),
		groupedTracks:
			result.continuity!.changes.mode === 'grown' ? previous?.groupedTracks : result.continuity!.groups.reduce((sum, group) => sum + group.members.length, 0),
	};
}

const shape = (result: BuildResult) => result.playlists.map(playlist => [playlist.name, playlist.tracks.map(track => track.path)]);
const familiesIn = (result: BuildResult, name: string) =>
	new Set(result.playlists.find(playlist => playlist.name === name)!.tracks.map(track => familyOf.get(track.path)));

test('the first build remembers every track in one group, and an unchanged rerun gives the same playlists with nothing to report', t => {
	const first = buildPlaylists(all, options);
	t.is(first.continuity!.changes.mode, 'first');
	t.deepEqual(first.continuity!.groups.flatMap(group => group.members).sort(), all.map(track => track.path).sort());
	const memory = remember(first);
	const rerun = buildPlaylists(all, {...options, memory});
	t.is(rerun.continuity!.changes.mode, 'grown');
	t.deepEqual(shape(rerun), shape(first));
	t.deepEqual(
		rerun.continuity!.groups.map(group => group.id),
		memory.playlists.map(playlist => playlist.id),
	);
	t.is(formatChanges(rerun.continuity!.changes), undefined);
});

test('tracks added to a family join its playlist, which keeps its name; the report says so', t => {
	// The last family's last four tracks arrive later.
	const late = all.slice(-4);
	const before = all.slice(0, -4);
	const first = buildPlaylists(before, options);
	const memory = remember(first);
	const grown = buildPlaylists(all, {...options, memory});
	t.is(grown.continuity!.changes.mode, 'grown');
	const home = first.playlists.find(playlist => playlist.tracks.some(track => familyOf.get(track.path) === 'family-05'))!.name;
	t.deepEqual(grown.playlists.map(playlist => playlist.name).sort(), first.playlists.map(playlist => playlist.name).sort(), 'no playlist renamed, none new');
	const joined = grown.continuity!.changes.kept.find(kept => kept.name === home)!;
	t.deepEqual(joined.added.sort(), late.map(track => track.path).sort());
	t.deepEqual([...familiesIn(grown, home)], ['family-05']);
	t.is(formatChanges(grown.continuity!.changes), `4 tracks added to ${home}`);
});

test('a new album of its own sound becomes a new playlist; the others keep their names and tracks', t => {
	const before = all.filter(track => familyOf.get(track.path) !== 'family-03');
	const first = buildPlaylists(before, options);
	const grown = buildPlaylists(all, {...options, memory: remember(first)});
	const created = grown.continuity!.changes.created;
	t.is(created.length, 1);
	t.deepEqual([...familiesIn(grown, created[0]!.name)], ['family-03']);
	for (const playlist of first.playlists) {
		const after = grown.playlists.find(other => other.name === playlist.name);
		t.truthy(after, playlist.name);
		t.deepEqual(after!.tracks.map(track => track.path).sort(), playlist.tracks.map(track => track.path).sort());
	}
	t.regex(formatChanges(grown.continuity!.changes)!, /^1 new playlist: .+ \(10 tracks\)$/);
});

test('deleted files leave their playlists and are counted; nothing else moves', t => {
	const first = buildPlaylists(all, options);
	const gone = new Set([all[0]!.path, all[11]!.path]);
	const grown = buildPlaylists(
		all.filter(track => !gone.has(track.path)),
		{...options, memory: remember(first)},
	);
	t.deepEqual(grown.continuity!.changes.deleted.sort(), [...gone].sort());
	t.deepEqual(grown.playlists.map(playlist => playlist.name).sort(), first.playlists.map(playlist => playlist.name).sort());
	t.is(formatChanges(grown.continuity!.changes), '2 tracks removed (files deleted)');
});

test('a playlist that grows past the size cap splits, its old tracks staying together under its name', t => {
	// Three families of 40; one is remembered with 12 tracks, then 18 more of it arrive (under a quarter
	// of the library: it grows rather than regroups), past the cap of 15.
	const big = syntheticLibrary({families: 3, perFamily: 40, seed: 11});
	const familyA = big.tracks.slice(0, 40);
	const others = big.tracks.slice(40);
	const first = buildPlaylists([...familyA.slice(0, 12), ...others], {groups: big.groups, targetLength: 10});
	const home = first.playlists.find(playlist => playlist.tracks.some(track => track.path === familyA[0]!.path))!;
	const grown = buildPlaylists([...familyA.slice(0, 30), ...others], {groups: big.groups, targetLength: 10, memory: remember(first)});
	t.is(grown.continuity!.changes.mode, 'grown');
	const inA = new Set(familyA.map(track => track.path));
	const parts = grown.playlists.filter(playlist => playlist.tracks.some(track => inA.has(track.path)));
	t.true(parts.length >= 2, `${parts.length} playlists hold the grown family`);
	t.true(
		parts.every(part => part.tracks.length <= 15),
		parts.map(part => part.tracks.length).join(', '),
	);
	const kept = grown.playlists.find(playlist => playlist.name === home.name);
	t.truthy(kept, 'the old name is still written');
	const keptTracks = new Set(kept!.tracks.map(track => track.path));
	t.true(
		home.tracks.every(track => keptTracks.has(track.path)),
		'every old track is still in it',
	);
	t.true(grown.continuity!.changes.created.length >= 1);
});

test('the library is grouped afresh when asked, when the settings changed, or when a quarter of it changed; names stay where groups do', t => {
	const library = prepareLibrary(all, {groups});
	const first = buildPlaylists(all, options);
	const memory = remember(first);
	t.is(regroupReason(memory, library), undefined);
	t.is(regroupReason({...memory, regroup: true}, library), 'asked for (--regroup)');
	t.is(regroupReason({...memory, settingsChanged: true}, library), 'the settings that shape the groups changed');
	const smaller = prepareLibrary(all.slice(0, 30), {groups});
	t.is(regroupReason(memory, smaller), '0 tracks new and 20 gone since the last run, more than 25 % of the 50 remembered');
	t.is(regroupReason({...memory, groupedTracks: 20}, library), 'the library has 50 tracks against 20 when it was last grouped (more than 50 % apart)');
	const regrouped = buildPlaylists(all, {...options, memory: {...memory, regroup: true}});
	t.is(regrouped.continuity!.changes.mode, 'regrouped');
	t.deepEqual(regrouped.playlists.map(playlist => playlist.name).sort(), first.playlists.map(playlist => playlist.name).sort());
	t.regex(formatChanges(regrouped.continuity!.changes)!, /^library grouped afresh \(asked for \(--regroup\)\)/);
});

test('a remembered name whose traits no longer hold is replaced, and the report says why', t => {
	const first = buildPlaylists(all, options);
	const memory = remember(first);
	// Claim the opposite of the first playlist's first trait.
	const opposite: Record<string, string> = {Slower: 'Faster', Faster: 'Slower', Calm: 'Energetic', Energetic: 'Calm', Dark: 'Bright', Bright: 'Dark'};
	const target = memory.playlists.find(playlist => opposite[playlist.name.split(' · ')[0]!.replace(/^Slightly /, '')])!;
	const word = target.name.split(' · ')[0]!.replace(/^Slightly /, '');
	const wrong = `${opposite[word]} · Whatever`;
	const edited = {...memory, playlists: memory.playlists.map(playlist => (playlist.id === target.id ? {...playlist, name: wrong} : playlist))};
	const grown = buildPlaylists(all, {...options, memory: edited});
	const renamed = grown.continuity!.changes.renamed;
	t.is(renamed.length, 1);
	t.is(renamed[0]!.from, wrong);
	t.is(renamed[0]!.to, target.name);
	t.is(renamed[0]!.reason, `no longer ${opposite[word]}`);
});

test('k-means groups afresh every run, keeps the names where groups stay, and has nothing to say when nothing changed', t => {
	const kmeans = {...options, k: 5};
	const first = buildPlaylists(all, kmeans);
	const again = buildPlaylists(all, {...kmeans, memory: remember(first)});
	t.is(again.continuity!.changes.mode, 'regrouped');
	t.deepEqual(shape(again), shape(first));
	t.is(formatChanges(again.continuity!.changes), undefined);
});

test('matching: a group continues the remembered playlist whose remaining tracks it mostly holds, one each', t => {
	const library = prepareLibrary(all.slice(0, 6), {groups});
	const paths = library.tracks.map(track => track.path);
	const matches = matchRemembered(
		[
			[0, 1, 2],
			[3, 4, 5],
		],
		library,
		[
			{id: 1, name: 'A', members: [paths[0]!, paths[1]!, paths[3]!], loose: []},
			{id: 2, name: 'B', members: [paths[2]!, paths[4]!, '/gone.mp3'], loose: []},
			{id: 3, name: 'C', members: [paths[0]!, paths[1]!], loose: []},
		],
	);
	t.deepEqual(
		matches.map(match => match?.name),
		['A', undefined],
		'A holds 2 of 3 in the first group; B has 1 of 2 in each (not most); C loses to A',
	);
});

test('tracks without a remembered set are as before: the clusters build is the same with and without an empty memory', t => {
	const plain = buildPlaylists(all as StoredTrack[], options);
	const empty = buildPlaylists(all, {...options, memory: {playlists: []}});
	t.deepEqual(shape(empty), shape(plain));
});
