import test from 'ava';
import type {Playlist} from '../../../source/playlists/types.js';
import {
	INITIAL_PREVIEW,
	reducePreview,
	type Offers,
	type PreviewKey,
	type PreviewMessage,
	type PreviewState,
	type Step,
} from '../../../source/ui/panels/preview-state.js';

function playlist(name: string, count: number): Playlist {
	return {
		name,
		tracks: Array.from({length: count}, (_, i) => ({
			path: `/music/${name}/${i + 1}.flac`,
			artist: 'Ann',
			title: `${name} ${i + 1}`,
			durationSeconds: 180,
			bpm: 100,
			key: 'A minor',
			camelot: '8A',
		})),
		durationSeconds: count * 180,
		bpmRange: [100, 100],
		mainKeys: ['A minor'],
	};
}

const LISTS = [playlist('Calm', 6), playlist('Dark', 3)];
const ALL: Offers = {neighbours: true, paths: true};

/** Runs messages from a state, gathering every effect on the way. */
function run(state: PreviewState, messages: PreviewMessage[], offers: Offers = ALL): Step {
	const effects: Step['effects'] = [];
	for (const message of messages) {
		const step = reducePreview(state, message, offers);
		state = step.state;
		effects.push(...step.effects);
	}
	return {state, effects};
}

const key = (input: string, named: Omit<PreviewKey, 'input'> = {}): PreviewMessage => ({type: 'key', key: {input, ...named}});
const DOWN = key('', {downArrow: true});
const ENTER = key('\r', {return: true});
const ESC = key('', {escape: true});

/** The preview built from LISTS. */
function ready(): PreviewState {
	const built = run(INITIAL_PREVIEW, [{type: 'rebuild'}]);
	return run(built.state, [{type: 'built', id: 1, status: {kind: 'ready', playlists: LISTS, from: {analysing: false, trackCount: 9}}}]).state;
}

test('the first build is asked for, and only its answer is taken; r asks again and drops the older answer', t => {
	const first = run(INITIAL_PREVIEW, [{type: 'rebuild'}]);
	t.deepEqual(first.effects, [{kind: 'build', id: 1}]);
	const again = run(first.state, [key('r')]);
	t.deepEqual(again.effects, [{kind: 'build', id: 2}]);
	const late = run(again.state, [{type: 'built', id: 1, status: {kind: 'error', message: 'old'}}]);
	t.deepEqual(late.state.status, {kind: 'loading'});
	const answered = run(late.state, [{type: 'built', id: 2, status: {kind: 'error', message: 'new'}}]);
	t.deepEqual(answered.state.status, {kind: 'error', message: 'new'});
});

test('arrows, j/k and pages move within the list and stop at its ends; Enter opens the selected playlist at its first track', t => {
	const state = ready();
	t.is(run(state, [DOWN, DOWN, DOWN]).state.selected, 1);
	t.is(run(state, [key('k')]).state.selected, 0);
	const open = run(state, [key('j'), ENTER]).state;
	t.is(open.open, 1);
	t.is(open.trackIndex, 0);
	t.is(run(open, [key('', {pageDown: true})]).state.trackIndex, 2);
	t.is(run(state, [ENTER, key('', {pageDown: true}), key('', {pageUp: true}), key('j')]).state.trackIndex, 1);
});

test('keys before the first build do nothing but Esc and r', t => {
	const loading = run(INITIAL_PREVIEW, [{type: 'rebuild'}]).state;
	t.deepEqual(run(loading, [DOWN, ENTER, key('y'), key('a')]), {state: loading, effects: []});
	t.deepEqual(run(loading, [ESC]).effects, [{kind: 'close'}]);
});

test('y writes all playlists from the list, the open one from its tracks, one write at a time', t => {
	const all = run(ready(), [key('y')]);
	t.deepEqual(all.effects, [{kind: 'write', playlists: LISTS}]);
	t.is(all.state.message, 'writing 2 playlists…');
	t.deepEqual(run(all.state, [key('y')]).effects, [], 'a write runs');
	const done = run(all.state, [{type: 'written', text: 'wrote 2 playlists to out'}]).state;
	t.false(done.writing);
	t.is(done.message, 'wrote 2 playlists to out');
	t.deepEqual(run(done, [key('j'), ENTER, key('y')]).effects, [{kind: 'write', playlists: [LISTS[1]]}]);
});

test('Enter on a track asks for its neighbours when the service has them; an answer after Esc is dropped', t => {
	const open = run(ready(), [ENTER, key('j')]).state;
	t.deepEqual(run(open, [ENTER], {neighbours: false, paths: false}), {state: open, effects: []});
	const asked = run(open, [ENTER]);
	const track = LISTS[0]!.tracks[1]!;
	t.deepEqual(asked.effects, [{kind: 'neighbours', id: asked.state.ids.neighbours, track}]);
	t.deepEqual(asked.state.nearby, {track, kind: 'loading'});
	const left = run(asked.state, [ESC]).state;
	t.is(left.nearby, undefined);
	t.is(left.trackIndex, 1, 'back on the same track');
	t.deepEqual(run(left, [{type: 'neighbours', id: asked.state.ids.neighbours, nearby: {track, kind: 'ready', neighbours: []}}]).state, left);
	// On the neighbours level, y and Enter do nothing.
	const neighbours = [{track: LISTS[1]!.tracks[0]!, distance: 0.1}];
	const shown = run(asked.state, [{type: 'neighbours', id: asked.state.ids.neighbours, nearby: {track, kind: 'ready', neighbours}}]).state;
	t.deepEqual(run(shown, [key('y'), ENTER]), {state: shown, effects: []});
});

test('a and b mark the ends of a path; both marked and different, the path is asked for; Esc and r leave it', t => {
	const open = run(ready(), [ENTER]).state;
	const [one, two] = LISTS[0]!.tracks;
	t.deepEqual(run(open, [key('a')], {neighbours: true, paths: false}).state, open, 'no paths in the service: a does nothing');
	const same = run(open, [key('a'), key('b')]);
	t.deepEqual(same.effects, [], 'the same track at both ends');
	t.deepEqual(same.state.marks, {from: one, to: one});
	const asked = run(same.state, [key('j'), key('b')]);
	const id = asked.state.ids.path;
	t.deepEqual(asked.effects, [{kind: 'path', id, from: one, to: two}]);
	const path = playlist('Path', 4);
	const shown = run(asked.state, [{type: 'path', id, route: {from: one!, to: two!, kind: 'ready', playlist: path}}]).state;
	t.is(shown.route?.kind, 'ready');
	t.is(run(shown, [DOWN, DOWN, DOWN, DOWN, DOWN]).state.routeIndex, 3);
	t.deepEqual(run(shown, [key('a'), key('b')]).state, shown, 'the path level does not mark');
	t.deepEqual(run(shown, [key('y')]).effects, [{kind: 'write', playlists: [path]}], 'y writes the path alone');
	const back = run(shown, [ESC]).state;
	t.is(back.route, undefined);
	t.deepEqual(back.marks, {from: one, to: two}, 'the marks stay');
	const rebuilt = run(back, [key('r')]).state;
	t.deepEqual([rebuilt.marks, rebuilt.open, rebuilt.status.kind], [{}, undefined, 'loading']);
});

test('Esc goes back a level at a time, then asks to close', t => {
	const deep = run(ready(), [ENTER, ENTER]).state;
	const steps = [ESC, ESC, ESC].map((_, n) =>
		run(
			deep,
			Array.from({length: n + 1}, () => ESC),
		),
	);
	t.truthy(steps[0]!.state.open !== undefined && !steps[0]!.state.nearby);
	t.is(steps[1]!.state.open, undefined);
	t.deepEqual(steps[2]!.effects, [{kind: 'close'}]);
});
