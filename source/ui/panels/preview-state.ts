/**
 * The playlists preview's state and what its keys and answers do to it: a pure function that returns
 * the next state and the effects to run (build, ask for neighbours or a path, write, close), as
 * reduce.ts does for the main view. The component runs the effects and sends their answers back here.
 */
import type {Neighbour, Playlist, PlaylistTrack} from '../../playlists/types.js';
import {plural} from '../format.js';

/** A build: whether analysis was still running when it started, and how many analysed tracks it read. */
export type BuiltFrom = {analysing: boolean; trackCount: number; held?: boolean};

export type PreviewStatus = {kind: 'loading'} | {kind: 'error'; message: string} | {kind: 'ready'; playlists: Playlist[]; from: BuiltFrom};

/** The neighbours level: the track they are of, and the query's state. */
export type Nearby = {track: PlaylistTrack} & ({kind: 'loading'} | {kind: 'error'; message: string} | {kind: 'ready'; neighbours: Neighbour[]});

/** The ends of a path, marked with a (start) and b (destination) on a track or a neighbour. */
export type Marks = {from?: PlaylistTrack; to?: PlaylistTrack};

/** The path level: its ends, and the query's state. */
export type Route = {from: PlaylistTrack; to: PlaylistTrack} & ({kind: 'loading'} | {kind: 'error'; message: string} | {kind: 'ready'; playlist: Playlist});

export type PreviewState = {
	status: PreviewStatus;
	/** The playlist selected in the list, and the one open (its tracks shown), if any. */
	selected: number;
	open?: number | undefined;
	trackIndex: number;
	nearby?: Nearby | undefined;
	neighbourIndex: number;
	marks: Marks;
	route?: Route | undefined;
	routeIndex: number;
	/** The line of what y did (or is doing). */
	message?: string | undefined;
	writing: boolean;
	/** Each build, neighbours query and path gets a number: an answer to one the user has left is dropped. */
	ids: {build: number; neighbours: number; path: number};
};

export const INITIAL_PREVIEW: PreviewState = {
	status: {kind: 'loading'},
	selected: 0,
	trackIndex: 0,
	neighbourIndex: 0,
	marks: {},
	routeIndex: 0,
	writing: false,
	ids: {build: 0, neighbours: 0, path: 0},
};

/** What the service offers besides previews and writes. */
export type Offers = {neighbours: boolean; paths: boolean};

/** A key as Ink reports it: its character and the named keys the preview reads. */
export type PreviewKey = {
	input: string;
	escape?: boolean;
	return?: boolean;
	upArrow?: boolean;
	downArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
};

export type PreviewMessage =
	| {type: 'key'; key: PreviewKey}
	/** Build the preview (again): at the start, and with r. */
	| {type: 'rebuild'}
	| {type: 'built'; id: number; status: PreviewStatus}
	| {type: 'neighbours'; id: number; nearby: Nearby}
	| {type: 'path'; id: number; route: Route}
	| {type: 'written'; text: string};

export type PreviewEffect =
	| {kind: 'build'; id: number}
	| {kind: 'neighbours'; id: number; track: PlaylistTrack}
	| {kind: 'path'; id: number; from: PlaylistTrack; to: PlaylistTrack}
	| {kind: 'write'; playlists: Playlist[]}
	| {kind: 'close'};

export type Step = {state: PreviewState; effects: PreviewEffect[]};

/** The playlists of the build shown, none while it loads or after it failed. */
export function shownPlaylists(state: PreviewState): Playlist[] {
	return state.status.kind === 'ready' ? state.status.playlists : [];
}

/** The playlist whose tracks show, if one is open. */
export function openPlaylist(state: PreviewState): Playlist | undefined {
	return state.open === undefined ? undefined : shownPlaylists(state)[state.open];
}

const PAGE = 5;

function moveBy(key: PreviewKey): number {
	if (key.upArrow || key.input === 'k') return -1;
	if (key.downArrow || key.input === 'j') return 1;
	if (key.pageUp) return -PAGE;
	if (key.pageDown) return PAGE;
	return 0;
}

const clamp = (value: number, count: number) => Math.max(0, Math.min(count - 1, value));

/** The next state of the preview and what to run, for a key or an answer. */
export function reducePreview(state: PreviewState, message: PreviewMessage, offers: Offers): Step {
	const stay: Step = {state, effects: []};
	switch (message.type) {
		case 'rebuild': {
			const ids = {build: state.ids.build + 1, neighbours: state.ids.neighbours + 1, path: state.ids.path + 1};
			return {
				state: {...state, status: {kind: 'loading'}, open: undefined, nearby: undefined, route: undefined, marks: {}, message: undefined, ids},
				effects: [{kind: 'build', id: ids.build}],
			};
		}
		case 'built':
			return message.id === state.ids.build ? {state: {...state, status: message.status}, effects: []} : stay;
		case 'neighbours':
			return state.nearby && message.id === state.ids.neighbours ? {state: {...state, nearby: message.nearby}, effects: []} : stay;
		case 'path':
			return state.route && message.id === state.ids.path ? {state: {...state, route: message.route}, effects: []} : stay;
		case 'written':
			return {state: {...state, writing: false, message: message.text}, effects: []};
		case 'key':
			return pressKey(state, message.key, offers);
	}
}

function pressKey(state: PreviewState, key: PreviewKey, offers: Offers): Step {
	const stay: Step = {state, effects: []};
	if (key.escape) return back(state);
	if (key.input === 'r') return reducePreview(state, {type: 'rebuild'}, offers);
	const lists = shownPlaylists(state);
	if (lists.length === 0) return stay;
	const delta = moveBy(key);
	if (state.route) {
		const count = state.route.kind === 'ready' ? state.route.playlist.tracks.length : 0;
		if (delta !== 0 && count > 0) return {state: {...state, routeIndex: clamp(state.routeIndex + delta, count)}, effects: []};
		if (key.input === 'y' && state.route.kind === 'ready' && count > 0) return write(state, [state.route.playlist]);
		return stay;
	}
	const shown = openPlaylist(state);
	const found = state.nearby?.kind === 'ready' ? state.nearby.neighbours : undefined;
	if (key.input === 'a' || key.input === 'b') {
		// The track selected: a neighbour on the neighbours level, else a track of the open playlist.
		const track = state.nearby ? found?.[state.neighbourIndex]?.track : shown?.tracks[state.trackIndex];
		return offers.paths && track ? mark(state, key.input === 'a' ? 'from' : 'to', track) : stay;
	}
	if (delta !== 0) {
		if (state.nearby) return {state: {...state, neighbourIndex: clamp(state.neighbourIndex + delta, found?.length ?? 0)}, effects: []};
		if (shown) return {state: {...state, trackIndex: clamp(state.trackIndex + delta, shown.tracks.length)}, effects: []};
		return {state: {...state, selected: clamp(state.selected + delta, lists.length)}, effects: []};
	}
	// The neighbours level only moves, marks and goes back.
	if (state.nearby) return stay;
	if (key.return && !shown) return {state: {...state, open: state.selected, trackIndex: 0}, effects: []};
	const track = shown?.tracks[state.trackIndex];
	if (key.return && track && offers.neighbours) {
		const id = state.ids.neighbours + 1;
		return {
			state: {...state, nearby: {track, kind: 'loading'}, neighbourIndex: 0, ids: {...state.ids, neighbours: id}},
			effects: [{kind: 'neighbours', id, track}],
		};
	}
	if (key.input === 'y') return write(state, shown ? [shown] : lists);
	return stay;
}

/** Esc: from the path to where it was marked, from the neighbours to the playlist, from a playlist to the list, then closed. */
function back(state: PreviewState): Step {
	// A query left is numbered past, so that its answer is dropped.
	if (state.route) return {state: {...state, route: undefined, ids: {...state.ids, path: state.ids.path + 1}}, effects: []};
	if (state.nearby) return {state: {...state, nearby: undefined, ids: {...state.ids, neighbours: state.ids.neighbours + 1}}, effects: []};
	if (state.open !== undefined) return {state: {...state, open: undefined}, effects: []};
	return {state, effects: [{kind: 'close'}]};
}

/** Marks one end of a path; with both ends marked (and different), asks for the path between them. */
function mark(state: PreviewState, end: keyof Marks, track: PlaylistTrack): Step {
	const marks = {...state.marks, [end]: track};
	const {from, to} = marks;
	if (!from || !to || from.path === to.path) return {state: {...state, marks}, effects: []};
	const id = state.ids.path + 1;
	return {
		state: {...state, marks, route: {from, to, kind: 'loading'}, routeIndex: 0, ids: {...state.ids, path: id}},
		effects: [{kind: 'path', id, from, to}],
	};
}

/** y: one write at a time. */
function write(state: PreviewState, playlists: Playlist[]): Step {
	if (state.writing || playlists.length === 0) return {state, effects: []};
	return {
		state: {...state, writing: true, message: `writing ${plural(playlists.length, 'playlist')}…`},
		effects: [{kind: 'write', playlists}],
	};
}
