import {Box, useInput} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import {DEFAULT_PATH_LENGTH} from '../../playlists/order/song-path.js';
import type {Playlist, PlaylistService} from '../../playlists/types.js';
import {errorMessage} from '../../util/error-message.js';
import {Line} from '../components/line.js';
import {Panel} from '../components/panel.js';
import {plural} from '../format.js';
import type {LogLevel} from '../state.js';
import {fitTable, TABLE_FRAME_LINES, tableLines, type Column, type Row} from '../table.js';
import {shortenMiddle} from '../shorten.js';
import {seg, type StyledLine} from '../text.js';
import {INITIAL_PREVIEW, openPlaylist, reducePreview, shownPlaylists, type PreviewEffect, type PreviewMessage, type PreviewState} from './preview-state.js';
import {
	describeWrite,
	LIST_COLUMNS,
	marksNote,
	NEIGHBOUR_COLUMNS,
	NEIGHBOUR_LIMIT,
	neighbourRows,
	playlistOfTrack,
	playlistRows,
	playlistSummary,
	previewNote,
	TRACK_COLUMNS,
	trackName,
	trackRows,
} from './preview-rows.js';

export type PlaylistsOverlayProps = {
	service: PlaylistService;
	/** Analysis still runs: the preview is built from what is analysed so far. */
	analysing: boolean;
	width: number;
	height: number;
	onLog: (level: LogLevel, text: string) => void;
	onClose: () => void;
	isActive?: boolean;
};

/**
 * The `w` overlay: the playlists the store's tracks make now, as a table (name, tracks, duration, BPM
 * range, main key); Enter opens one to show its tracks in play order, and Enter on a track shows its
 * nearest tracks in the library and the playlist each is in (when the service offers neighbours); on a
 * track or a neighbour, a marks the start of a path and b its destination, and with both marked the path
 * between them shows (when the service offers paths: `playlistgen path`); y writes what is shown; Esc goes back.
 * What keys do is preview-state.ts's; this runs what it asks for and draws the state.
 */
export function PlaylistsOverlay({service, analysing, width, height, onLog, onClose, isActive = true}: PlaylistsOverlayProps) {
	const [state, setState] = useState<PreviewState>(INITIAL_PREVIEW);
	// Keys read the latest state through a ref: a key that comes before React has drawn the one before must act on what it changed.
	const latest = useRef(state);
	const alive = useRef(true);
	// Whether analysis was still running when a build starts (the store may have grown since).
	const running = useRef(analysing);
	running.current = analysing;
	const props = useRef({service, onLog, onClose});
	props.current = {service, onLog, onClose};
	const offers = {neighbours: Boolean(service.neighbours), paths: Boolean(service.path)};

	const dispatch = (message: PreviewMessage) => {
		if (!alive.current) return;
		const step = reducePreview(latest.current, message, offers);
		latest.current = step.state;
		setState(step.state);
		for (const effect of step.effects) run(effect);
	};

	const run = (effect: PreviewEffect) => {
		const {service, onLog, onClose} = props.current;
		switch (effect.kind) {
			case 'close':
				onClose();
				return;
			case 'build': {
				const whileAnalysing = running.current;
				service.preview().then(
					({playlists, trackCount, held}) =>
						dispatch({type: 'built', id: effect.id, status: {kind: 'ready', playlists, from: {analysing: whileAnalysing, trackCount, held}}}),
					(error: unknown) => dispatch({type: 'built', id: effect.id, status: {kind: 'error', message: errorMessage(error)}}),
				);
				return;
			}
			case 'neighbours': {
				const {id, track} = effect;
				service.neighbours?.(track.path, NEIGHBOUR_LIMIT).then(
					neighbours => dispatch({type: 'neighbours', id, nearby: {track, kind: 'ready', neighbours}}),
					(error: unknown) => dispatch({type: 'neighbours', id, nearby: {track, kind: 'error', message: errorMessage(error)}}),
				);
				return;
			}
			case 'path': {
				const {id, from, to} = effect;
				service.path?.(from.path, to.path, DEFAULT_PATH_LENGTH).then(
					playlist => dispatch({type: 'path', id, route: {from, to, kind: 'ready', playlist}}),
					(error: unknown) => dispatch({type: 'path', id, route: {from, to, kind: 'error', message: errorMessage(error)}}),
				);
				return;
			}
			case 'write':
				service.write(effect.playlists).then(
					result => {
						const text = describeWrite(result);
						onLog('info', text);
						dispatch({type: 'written', text});
					},
					(error: unknown) => {
						const text = `cannot write playlists: ${errorMessage(error)}`;
						onLog('error', text);
						dispatch({type: 'written', text});
					},
				);
		}
	};

	useEffect(() => {
		alive.current = true;
		dispatch({type: 'rebuild'});
		return () => {
			alive.current = false;
			// The service may hold the library (and a thread) for the preview: let it go.
			service.close?.();
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [service]);

	useInput((input, key) => dispatch({type: 'key', key: {...key, input}}), {isActive});

	// Once per build, not at every frame of the neighbours level (a big library has tens of thousands of tracks).
	const {status} = state;
	const playlistOf = useMemo(() => playlistOfTrack(status.kind === 'ready' ? status.playlists : []), [status]);
	const inner = Math.max(0, width - 2);
	return (
		<Panel title={shortenMiddle(previewTitle(state), Math.max(4, inner - 4))} width={width} height={height}>
			<Box flexDirection="column">
				{previewLines(state, {analysing, offers, playlistOf, width: inner, height: Math.max(0, height - 2)}).map((line, index) => (
					<Line key={index} line={line} width={inner} />
				))}
			</Box>
		</Panel>
	);
}

function previewTitle(state: PreviewState): string {
	const {route, nearby} = state;
	const current = openPlaylist(state);
	if (route) return `Path: ${trackName(route.from)} → ${trackName(route.to)}`;
	if (nearby) return `Nearest to: ${trackName(nearby.track)}`;
	return current ? `Playlist: ${current.name}` : 'Playlists preview';
}

type Room = {analysing: boolean; offers: {neighbours: boolean; paths: boolean}; playlistOf: ReadonlyMap<string, Playlist>; width: number; height: number};

/** The lines inside the preview's frame: notes, the level's table (as many rows as the panel holds), the hint. */
export function previewLines(state: PreviewState, {analysing, offers, playlistOf, width, height}: Room): StyledLine[] {
	const {status, route, nearby, marks, message} = state;
	const current = openPlaylist(state);
	const lists = shownPlaylists(state);
	const note = previewNote(status, analysing);
	const marked = route ? undefined : marksNote(marks);
	const hint = route
		? `↑/↓ select · ${route.kind === 'ready' ? 'y write this path · ' : ''}Esc back`
		: nearby
			? `↑/↓ select · ${offers.paths ? 'a start · b destination of a path · ' : ''}Esc back`
			: current
				? `↑/↓ select · ${offers.neighbours ? 'Enter neighbours · ' : ''}y write this playlist · Esc back${offers.paths ? ' · a/b path' : ''}`
				: 'Enter open · y write all · r rebuild · Esc close';
	const top: StyledLine[] = note ? [[seg(note, {color: 'yellow'})]] : [];
	const bottom: StyledLine[] = [
		...(marked ? [[seg(marked, {color: 'cyan'})]] : []),
		...(message ? [[seg(message, {color: 'green'})]] : []),
		[seg(hint, {dim: true})],
	];
	const failed = (text: string): StyledLine[] => [[seg(text, {color: 'red', bold: true})]];
	// A table takes its frame and a line per row; the line above it (a summary) comes out of the same room.
	const table = (rows: Row[], columns: Column[], selected: number, above: StyledLine[]): StyledLine[] => {
		const size = Math.max(1, height - top.length - bottom.length - above.length - TABLE_FRAME_LINES);
		return [...above, ...tableLines(fitTable(rows, columns, width), selected, size)];
	};
	let body: StyledLine[];
	if (status.kind === 'loading') body = [[seg('building playlists…')]];
	else if (status.kind === 'error') body = failed(`cannot build playlists: ${status.message}`);
	else if (lists.length === 0) body = [[seg('no playlists yet: analyse some tracks first')]];
	else if (route) {
		if (route.kind === 'loading') body = [[seg('finding a path…')]];
		else if (route.kind === 'error') body = failed(`cannot make a path: ${route.message}`);
		else body = table(trackRows(route.playlist, state.routeIndex), TRACK_COLUMNS, state.routeIndex, [[seg(playlistSummary(route.playlist))]]);
	} else if (current && nearby) {
		if (nearby.kind === 'loading') body = [[seg('finding neighbours…')]];
		else if (nearby.kind === 'error') body = failed(`cannot find neighbours: ${nearby.message}`);
		else {
			const beside = nearby.neighbours.filter(({track}) => playlistOf.get(track.path) === current).length;
			const line = `${beside} of ${plural(nearby.neighbours.length, 'neighbour')} in this playlist · distance as in playlistgen similar`;
			body = table(neighbourRows(nearby.neighbours, playlistOf, state.neighbourIndex), NEIGHBOUR_COLUMNS, state.neighbourIndex, [[seg(line)]]);
		}
	} else if (current) body = table(trackRows(current, state.trackIndex), TRACK_COLUMNS, state.trackIndex, [[seg(playlistSummary(current))]]);
	else body = table(playlistRows(lists, state.selected), LIST_COLUMNS, state.selected, []);
	return [...top, ...body, ...bottom];
}
