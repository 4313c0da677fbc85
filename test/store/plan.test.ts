import test from 'ava';
import type {TrackAnalysis} from '../../source/analysis/types.js';
import {analysed, openTempStore, scanned} from './helpers.js';

const A = '/music/a';

test('unchanged tracks are skipped; new ones analysed', async t => {
	const store = await openTempStore(t);
	const one = scanned(`${A}/one.mp3`);
	const two = scanned(`${A}/two.mp3`);
	const first = store.plan(A, [one, two], {retryFailed: false});
	t.deepEqual(first.toAnalyse, [one, two]);
	t.is(first.unchanged, 0);
	store.saveTrack(analysed(one));
	const three = scanned(`${A}/three.mp3`);
	const second = store.plan(A, [one, two, three], {retryFailed: false});
	t.deepEqual(second.toAnalyse, [two, three]);
	t.is(second.unchanged, 1);
	t.is(second.failedBefore, 0);
	t.is(second.pruned, 0);
});

test('a changed size or mtime is analysed again', async t => {
	const store = await openTempStore(t);
	const track = scanned(`${A}/x.flac`, 5000, 1_000_000);
	store.saveTrack(analysed(track));
	t.is(store.plan(A, [track], {retryFailed: false}).unchanged, 1);
	const bigger = {...track, size: 5001};
	t.deepEqual(store.plan(A, [bigger], {retryFailed: false}).toAnalyse, [bigger]);
	const touched = {...track, mtimeMs: 1_000_001};
	t.deepEqual(store.plan(A, [touched], {retryFailed: false}).toAnalyse, [touched]);
	// Saving the new version makes it unchanged again, in place (one row per path).
	store.saveTrack(analysed(touched));
	t.is(store.plan(A, [touched], {retryFailed: false}).unchanged, 1);
	t.is(store.allTracks({allVersions: true}).length, 1);
	t.is(store.allTracks()[0]!.mtimeMs, 1_000_001);
});

test('tracks analysed with another features version are analysed again', async t => {
	const dir = await openTempStore(t, {featuresVersion: 3});
	const old = scanned(`${A}/old.mp3`);
	const current = scanned(`${A}/current.mp3`);
	const missing = scanned(`${A}/unversioned.mp3`);
	dir.saveTrack(analysed(old, {featuresVersion: 2, bpm: 120}));
	dir.saveTrack(analysed(current, {featuresVersion: 3, bpm: 90}));
	dir.saveTrack(analysed(missing, undefined));
	const plan = dir.plan(A, [old, current, missing], {retryFailed: false});
	t.deepEqual(plan.toAnalyse, [old, missing]);
	t.is(plan.unchanged, 1);
	// Playlists only see the current version; the others are still counted by stats.
	t.deepEqual(
		dir.allTracks().map(track => track.path),
		[current.path],
	);
	t.is(dir.allTracks({allVersions: true}).length, 3);
	t.is(dir.summary().outdated, 2);
});

test('tracks gone from disk are forgotten, only under the scanned root', async t => {
	const store = await openTempStore(t);
	const keep = scanned(`${A}/keep.mp3`);
	const gone = scanned(`${A}/sub/gone.mp3`);
	const otherLibrary = scanned('/music/b/other.mp3');
	const siblingWithPrefix = scanned('/music/ab/lookalike.mp3');
	const parent = scanned('/music/top.mp3');
	for (const track of [keep, gone, otherLibrary, siblingWithPrefix, parent]) store.saveTrack(analysed(track));
	store.saveFailure(scanned(`${A}/broken-gone.mp3`), 'bad');
	store.saveFailure(scanned('/music/b/broken.mp3'), 'bad');

	const plan = store.plan(A, [keep], {retryFailed: false});
	t.is(plan.unchanged, 1);
	t.is(plan.pruned, 1);
	t.deepEqual(
		store.allTracks().map(track => track.path),
		['/music/ab/lookalike.mp3', '/music/a/keep.mp3', '/music/b/other.mp3', '/music/top.mp3'].sort(),
	);
	t.deepEqual(
		store.failures().map(failure => failure.path),
		['/music/b/broken.mp3'],
	);
});

test('a root given with a trailing slash or unnormalised is the same root', async t => {
	const store = await openTempStore(t);
	store.saveTrack(analysed(scanned(`${A}/x.mp3`)));
	store.saveTrack(analysed(scanned('/music/b/y.mp3')));
	t.is(store.plan('/music/b/../a/', [scanned(`${A}/z.mp3`)], {retryFailed: false}).pruned, 1);
	t.deepEqual(
		store.allTracks().map(track => track.path),
		['/music/b/y.mp3'],
	);
});

test('nothing is forgotten below folders the scan could not read, or when the scan found nothing', async t => {
	const store = await openTempStore(t);
	const seen = scanned(`${A}/seen.mp3`);
	const hidden = scanned(`${A}/locked/hidden.mp3`);
	const gone = scanned(`${A}/gone.mp3`);
	for (const track of [seen, hidden, gone]) store.saveTrack(analysed(track));
	const plan = store.plan(A, [seen], {retryFailed: false, unreadable: [`${A}/locked`]});
	t.is(plan.pruned, 1);
	t.deepEqual(
		store.allTracks().map(track => track.path),
		[`${A}/locked/hidden.mp3`, `${A}/seen.mp3`],
	);

	const empty = store.plan(A, [], {retryFailed: false});
	t.is(empty.pruned, 0);
	t.regex(empty.warnings![0]!, /no tracks found in \/music\/a, but the store holds 2 from there: keeping them/);
	t.is(store.allTracks().length, 2);
});

test('a failed track is not retried until it changes or retryFailed is given; attempts are counted', async t => {
	const store = await openTempStore(t);
	const broken = scanned(`${A}/broken.ogg`, 300, 5);
	store.saveFailure(broken, 'Invalid data found when processing input');
	let plan = store.plan(A, [broken], {retryFailed: false});
	t.deepEqual(plan.toAnalyse, []);
	t.is(plan.failedBefore, 1);

	plan = store.plan(A, [broken], {retryFailed: true});
	t.deepEqual(plan.toAnalyse, [broken]);
	t.is(plan.failedBefore, 0);
	store.saveFailure(broken, 'still invalid');
	const [failure] = store.failures();
	t.is(failure!.attempts, 2);
	t.is(failure!.error, 'still invalid');
	t.true(failure!.lastTriedMs > 0);

	const rewritten = {...broken, mtimeMs: 6};
	plan = store.plan(A, [rewritten], {retryFailed: false});
	t.deepEqual(plan.toAnalyse, [rewritten]);
	store.saveFailure(rewritten, 'third time');
	t.is(store.failures()[0]!.attempts, 3);
	t.is(store.failures()[0]!.mtimeMs, 6);
});

test('a success clears the failure; a failure forgets the stale analysis', async t => {
	const store = await openTempStore(t);
	const track = scanned(`${A}/flaky.mp3`);
	store.saveFailure(track, 'decoder stalled');
	store.saveTrack(analysed(track));
	t.deepEqual(store.failures(), []);
	t.is(store.plan(A, [track], {retryFailed: false}).unchanged, 1);

	const replaced = {...track, size: 2};
	store.saveFailure(replaced, 'no audio decoded');
	t.is(store.track(track.path), undefined);
	const plan = store.plan(A, [replaced], {retryFailed: false});
	t.is(plan.failedBefore, 1);
	t.is(plan.unchanged, 0);
});

test('tracks come back as saved: tags, duration, partial flag, analysis and vector', async t => {
	const store = await openTempStore(t, {featuresVersion: 7});
	const track = scanned(`${A}/song.opus`, 4242, 1_234_567);
	const vector = [0.1, -2.5, 1e-12, 3.141592653589793, 0];
	const analysis = {featuresVersion: 7, bpm: 128.4, key: 'A minor', camelot: '8A', summaries: {centroid: {mean: 1500, std: 200}}, chroma: [1, 0, 0], vector};
	store.saveTrack({
		...track,
		durationSeconds: 183.25,
		partial: true,
		tags: {artist: 'Ünïcode Artist', album: 'Album', albumArtist: 'Various', title: 'Song', trackNumber: 4, genre: 'Ambient'},
		analysis: analysis as TrackAnalysis,
	});
	const [stored] = store.allTracks();
	t.deepEqual(stored, {
		path: track.path,
		sizeBytes: 4242,
		mtimeMs: 1_234_567,
		durationSeconds: 183.25,
		partial: true,
		tags: {artist: 'Ünïcode Artist', album: 'Album', albumArtist: 'Various', title: 'Song', trackNumber: 4, genre: 'Ambient'},
		analysis: analysis as never,
	});
	t.deepEqual(store.track(track.path), stored);
	const summary = store.summary();
	t.deepEqual(summary.bpmBands, [{from: 120, count: 1}]);
	t.deepEqual(summary.keys, [{key: 'A minor', count: 1}]);
	t.is(summary.partial, 1);
});

test('an analysis without vector or version is stored as version 0 with an empty vector', async t => {
	const store = await openTempStore(t);
	const track = scanned(`${A}/level.wav`);
	store.saveTrack(analysed(track, {bpm: 100, loudnessDb: -12.5, silentShare: 0.9}));
	store.saveTrack(analysed(scanned(`${A}/none.wav`), undefined));
	const tracks = store.allTracks();
	t.deepEqual(tracks[0]!.analysis as unknown, {bpm: 100, loudnessDb: -12.5, silentShare: 0.9, featuresVersion: 0, vector: []});
	t.deepEqual(tracks[1]!.analysis as unknown, {featuresVersion: 0, vector: []});
});

test('tracks() streams by path and can be limited to a folder', async t => {
	const store = await openTempStore(t);
	const paths = ['/music/a/2.mp3', '/music/a/1.mp3', '/music/b/3.mp3', '/music/a/deep/4.mp3'];
	for (const file of paths) store.saveTrack(analysed(scanned(file)));
	const iterator = store.tracks();
	t.is(iterator.next().value?.path, '/music/a/1.mp3');
	iterator.return();
	t.deepEqual(
		[...store.tracks({root: '/music/a'})].map(track => track.path),
		['/music/a/1.mp3', '/music/a/2.mp3', '/music/a/deep/4.mp3'],
	);
	t.is(store.summary({root: '/music/b'}).tracks, 1);
	// The store can be written again once an iteration is over.
	store.saveTrack(analysed(scanned('/music/b/5.mp3')));
	t.is(store.allTracks().length, 5);
});

test('plan() over 40,000 stored tracks in one pass', async t => {
	const store = await openTempStore(t);
	const tracks = Array.from({length: 40_000}, (_, i) => scanned(`/big/${String(i % 200).padStart(3, '0')}/track-${i}.flac`, 10_000 + i, 1_600_000_000_000 + i));
	for (const track of tracks) store.saveTrack(analysed(track, {featuresVersion: 0, vector: [1, 2, 3]}));
	const changed = tracks.map((track, i) => (i % 1000 === 0 ? {...track, size: track.size + 1} : track));
	const plan = store.plan('/big', changed.slice(0, 39_990), {retryFailed: false});
	t.is(plan.toAnalyse.length, 40);
	t.is(plan.unchanged, 39_950);
	t.is(plan.pruned, 10);
});

test('a store opened for reading refuses to write', async t => {
	const store = await openTempStore(t);
	store.saveTrack(analysed(scanned(`${A}/x.mp3`)));
	const reader = await openTempStore(t, {mode: 'read'}, store.path);
	t.is(reader.allTracks().length, 1);
	t.throws(() => reader.saveTrack(analysed(scanned(`${A}/y.mp3`))), {message: /opened for reading/});
	t.throws(() => reader.plan(A, [], {retryFailed: false}), {message: /opened for reading/});
});

test('the timbre Gaussian and onset pattern come back from their float32 columns, not from the JSON', async t => {
	const store = await openTempStore(t, {featuresVersion: 2});
	const track = scanned(`${A}/timbre.ogg`);
	const d = 4;
	const mean = [1.5, -2.25, 0.125, 8];
	const covariance = Array.from({length: (d * (d + 1)) / 2}, (_, i) => i / 4);
	const onsetPattern = [-3.5, 0.25, 1];
	store.saveTrack({
		...track,
		durationSeconds: 10,
		partial: false,
		tags: {},
		analysis: {featuresVersion: 2, bpm: 100, key: 'C major', vector: [1, 2], timbre: {mean, covariance}, onsetPattern} as unknown as TrackAnalysis,
	});
	const [stored] = store.allTracks();
	// Values exact in float32 come back exactly.
	t.deepEqual(stored!.analysis.timbre, {mean, covariance});
	t.deepEqual(stored!.analysis.onsetPattern, onsetPattern);
	const raw = store.track(track.path)!;
	t.deepEqual(raw.analysis.timbre, {mean, covariance});
});
