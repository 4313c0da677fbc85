import {Table} from '@alcalzone/ink-table';
import {Box, Text, useInput} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState, type ReactNode} from 'react';
import {formatChanges} from '../../playlists/grouping/continuity.js';
import {DEFAULT_PATH_LENGTH} from '../../playlists/order/song-path.js';
import type {Neighbour, Playlist, PlaylistService, PlaylistTrack, WriteResult} from '../../playlists/types.js';
import {formatDuration} from '../../util/units.js';
import {Line} from '../components/line.js';
import {Panel} from '../components/panel.js';
import {plural, truncate} from '../format.js';
import type {LogLevel} from '../state.js';
import {seg} from '../text.js';
import {useTheme} from '../theme.js';
import {errorMessage} from '../../util/error-message.js';

type Row = Record<string, string>;

export type Column = {
	key: string;
	align?: 'left' | 'right';
	/** Takes the width that is left. */ flexible?: boolean;
	/** Dropped first when narrow. */ optional?: boolean;
	/** A flexible column's narrowest width before optional columns are dropped (default 8). */
	minWidth?: number;
};

/**
 * Pads every cell of a column to one width, so the table keeps its shape while the visible window of
 * rows moves, and cuts the flexible columns (the widest first) so the whole table fits `width` cells.
 */
export function fitTable(rows: Row[], columns: Column[], width: number): {rows: Row[]; columns: Column[]} {
	// A table of n columns takes n + 1 border cells and 2 padding cells per column.
	let kept = columns;
	const natural = (column: Column) => Math.max(column.key.length, ...rows.map(row => (row[column.key] ?? '').length));
	const total = (cols: Column[]) => cols.reduce((sum, column) => sum + natural(column) + 2, 0) + cols.length + 1;
	const minimum = (cols: Column[]) =>
		cols.reduce(
			(sum, column) => sum + (column.flexible ? Math.max(column.key.length, Math.min(natural(column), column.minWidth ?? 8)) : natural(column)) + 2,
			0,
		) +
		cols.length +
		1;
	while (minimum(kept) > width && kept.some(column => column.optional)) {
		const index = kept.map(column => Boolean(column.optional)).lastIndexOf(true);
		kept = kept.filter((_, position) => position !== index);
	}
	const widths = new Map(kept.map(column => [column.key, natural(column)]));
	// Cut one cell at a time from the widest flexible column (the last of equals), so two share the loss and the shorter keeps its text.
	let overflow = total(kept) - width;
	const flexible = kept.filter(column => column.flexible);
	while (overflow > 0) {
		const cuttable = flexible.filter(column => widths.get(column.key)! > column.key.length);
		if (cuttable.length === 0) break;
		const widest = cuttable.reduce((a, b) => (widths.get(b.key)! >= widths.get(a.key)! ? b : a));
		widths.set(widest.key, widths.get(widest.key)! - 1);
		overflow--;
	}
	const fitted = rows.map(row =>
		Object.fromEntries(
			kept.map(column => {
				const cellWidth = widths.get(column.key)!;
				const value = truncate(row[column.key] ?? '', cellWidth);
				return [column.key, column.align === 'right' ? value.padStart(cellWidth) : value.padEnd(cellWidth)];
			}),
		),
	);
	return {rows: fitted, columns: kept};
}

/** The first row to show so that `selected` stays in a window of `size` rows. */
export function windowStart(selected: number, size: number, count: number): number {
	if (size <= 0 || count <= size) return 0;
	return Math.min(Math.max(0, selected - Math.floor(size / 2)), count - size);
}

function bpmRange([low, high]: [number, number]): string {
	const a = Math.round(low);
	const b = Math.round(high);
	return a === b ? String(a) : `${a}–${b}`;
}

export function playlistRows(playlists: readonly Playlist[], selected: number): Row[] {
	return playlists.map((playlist, index) => ({
		' ': index === selected ? '▶' : ' ',
		name: playlist.name,
		tracks: String(playlist.tracks.length),
		time: formatDuration(playlist.durationSeconds),
		BPM: bpmRange(playlist.bpmRange),
		// The most common key; the opened playlist's line lists them all.
		'main key': playlist.mainKeys[0] ?? '',
	}));
}

/** "Artist - Title", else the title, else the file name. */
function trackName(track: PlaylistTrack): string {
	return track.artist && track.title ? `${track.artist} - ${track.title}` : (track.title ?? track.path.split(/[\\/]/).at(-1) ?? track.path);
}

function keyText(track: PlaylistTrack): string {
	return `${track.key} ${track.camelot}`.trim();
}

export function trackRows(playlist: Playlist, selected: number): Row[] {
	return playlist.tracks.map((track, index) => ({
		' ': index === selected ? '▶' : ' ',
		'#': String(index + 1),
		track: trackName(track),
		time: formatDuration(track.durationSeconds),
		BPM: String(Math.round(track.bpm)),
		key: keyText(track),
	}));
}

/** How many neighbours the preview shows: what `similar` lists by default. */
export const NEIGHBOUR_LIMIT = 10;

/** The playlist each track is in, by path. */
export function playlistOfTrack(playlists: readonly Playlist[]): Map<string, Playlist> {
	const owners = new Map<string, Playlist>();
	for (const playlist of playlists) for (const track of playlist.tracks) if (!owners.has(track.path)) owners.set(track.path, playlist);
	return owners;
}

export function neighbourRows(neighbours: readonly Neighbour[], playlistOf: ReadonlyMap<string, Playlist>, selected: number): Row[] {
	return neighbours.map(({track, distance}, index) => ({
		' ': index === selected ? '▶' : ' ',
		'#': String(index + 1),
		track: trackName(track),
		distance: distance.toFixed(4),
		BPM: String(Math.round(track.bpm)),
		key: keyText(track),
		playlist: playlistOf.get(track.path)?.name ?? '—',
	}));
}

export const LIST_COLUMNS: Column[] = [
	{key: ' '},
	// Names tell the playlists apart: keep them whole (up to 36 cells) before showing the key and BPM.
	{key: 'name', flexible: true, minWidth: 36},
	{key: 'tracks', align: 'right'},
	{key: 'time', align: 'right'},
	{key: 'BPM', align: 'right', optional: true},
	{key: 'main key', optional: true},
];

const TRACK_COLUMNS: Column[] = [
	{key: ' '},
	{key: '#', align: 'right'},
	{key: 'track', flexible: true},
	{key: 'time', align: 'right'},
	{key: 'BPM', align: 'right', optional: true},
	{key: 'key', optional: true},
];

// The playlist column is what this table is for: BPM and key give way first.
const NEIGHBOUR_COLUMNS: Column[] = [
	{key: ' '},
	{key: '#', align: 'right'},
	{key: 'track', flexible: true, minWidth: 18},
	{key: 'distance', align: 'right'},
	{key: 'BPM', align: 'right', optional: true},
	{key: 'key', optional: true},
	{key: 'playlist', flexible: true, minWidth: 18},
];

export function describeWrite(result: WriteResult): string {
	const parts = [`wrote ${plural(result.written.length, 'playlist')} to ${result.dir}`];
	if (result.keptEdited.length > 0) parts.push(`${result.keptEdited.length} edited by hand kept`);
	if (result.problems.length > 0) parts.push(`${plural(result.problems.length, 'track')} left out (${result.problems[0]!.message})`);
	const changes = result.changes && formatChanges(result.changes);
	if (changes) parts.push(changes);
	return parts.join('; ');
}

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

/** A build: whether analysis was still running when it started, and how many analysed tracks it read. */
export type BuiltFrom = {analysing: boolean; trackCount: number};

export type PreviewStatus = {kind: 'loading'} | {kind: 'error'; message: string} | {kind: 'ready'; playlists: Playlist[]; from: BuiltFrom};

/**
 * What the note above the table says about the data the preview was built from: the tracks the build
 * read (not the live count, which moves on while the preview stays), and once analysis has finished
 * after a build from part of the library, that `r` builds again from all of it.
 */
export function previewNote(status: PreviewStatus, analysing: boolean): string | undefined {
	if (status.kind !== 'ready') return analysing ? 'Building from the tracks analysed so far; analysis still runs.' : undefined;
	const {from} = status;
	if (!from.analysing) return undefined;
	if (analysing) return `Built from ${plural(from.trackCount, 'analysed track')}; analysis still runs (r rebuilds).`;
	return `Built from ${plural(from.trackCount, 'analysed track')}; analysis has finished: r rebuilds.`;
}

/** The neighbours level: the track they are of, and the query's state. */
type Nearby = {track: PlaylistTrack} & ({kind: 'loading'} | {kind: 'error'; message: string} | {kind: 'ready'; neighbours: Neighbour[]});

/** The ends of a path, marked with a (start) and b (destination) on a track or a neighbour. */
type Marks = {from?: PlaylistTrack; to?: PlaylistTrack};

/** The path level: its ends, and the query's state. */
type Route = {from: PlaylistTrack; to: PlaylistTrack} & ({kind: 'loading'} | {kind: 'error'; message: string} | {kind: 'ready'; playlist: Playlist});

/** What the line under the table says of the marked ends, until both are marked and differ. */
export function marksNote(marks: Marks): string | undefined {
	const {from, to} = marks;
	if (!from && !to) return undefined;
	const start = from ? trackName(from) : 'a marks the start';
	const end = to ? trackName(to) : 'b marks the destination';
	const same = from && to && from.path === to.path ? ': the same track, mark another' : '';
	return `path from ${start} to ${end}${same}`;
}

function TableWindow({rows, columns, width, selected, size}: {rows: Row[]; columns: Column[]; width: number; selected: number; size: number}) {
	const theme = useTheme();
	const fitted = fitTable(rows, columns, width);
	const start = windowStart(selected, size, fitted.rows.length);
	const visible = fitted.rows.slice(start, start + Math.max(1, size));
	const header = ({children}: {children?: ReactNode}) => (
		<Text bold color={theme.color ? 'cyan' : undefined}>
			{children}
		</Text>
	);
	const skeleton = ({children}: {children?: ReactNode}) => <Text dimColor={theme.color}>{children}</Text>;
	return (
		<Box flexDirection="column">
			<Table data={visible} columns={fitted.columns.map(column => column.key)} header={header} skeleton={skeleton} />
			{fitted.rows.length > visible.length ? (
				<Line line={[seg(`${start + 1}–${start + visible.length} of ${fitted.rows.length}`, {dim: true})]} width={width} />
			) : null}
		</Box>
	);
}

/**
 * The `w` overlay: the playlists the store's tracks make now, as a table (name, tracks, duration, BPM
 * range, main key); Enter opens one to show its tracks in play order, and Enter on a track shows its
 * nearest tracks in the library and the playlist each is in (when the service offers neighbours); on a
 * track or a neighbour, a marks the start of a path and b its destination, and with both marked the path
 * between them shows (when the service offers paths: `playlistgen path`); y writes what is shown; Esc goes back.
 */
export function PlaylistsOverlay({service, analysing, width, height, onLog, onClose, isActive = true}: PlaylistsOverlayProps) {
	const [status, setStatus] = useState<PreviewStatus>({kind: 'loading'});
	const [selected, setSelected] = useState(0);
	const [open, setOpen] = useState<number | undefined>(undefined);
	const [trackIndex, setTrackIndex] = useState(0);
	const [message, setMessage] = useState<string | undefined>(undefined);
	const [writing, setWriting] = useState(false);
	const [nearby, setNearby] = useState<Nearby | undefined>(undefined);
	const [neighbourIndex, setNeighbourIndex] = useState(0);
	const [marks, setMarks] = useState<Marks>({});
	const [route, setRoute] = useState<Route | undefined>(undefined);
	const [routeIndex, setRouteIndex] = useState(0);
	// Each neighbours query, path and build gets a number: an answer to one the user has left is dropped.
	const query = useRef(0);
	const pathQuery = useRef(0);
	const build = useRef(0);
	const alive = useRef(true);
	useEffect(
		() => () => {
			alive.current = false;
			// The service may hold the library (and a thread) for the preview: let it go.
			service.close?.();
		},
		[service],
	);

	// Whether analysis was still running when the build started (the store may have grown since).
	const running = useRef(analysing);
	running.current = analysing;
	const load = useCallback(() => {
		const id = ++build.current;
		const settle = (next: PreviewStatus) => alive.current && id === build.current && setStatus(next);
		setStatus({kind: 'loading'});
		const whileAnalysing = running.current;
		service.preview().then(
			({playlists, trackCount}) => settle({kind: 'ready', playlists, from: {analysing: whileAnalysing, trackCount}}),
			(error: unknown) => settle({kind: 'error', message: errorMessage(error)}),
		);
	}, [service]);
	useEffect(load, [load]);

	const playlists = status.kind === 'ready' ? status.playlists : [];
	// Once per build, not at every frame of the neighbours level (a big library has tens of thousands of tracks).
	const playlistOf = useMemo(() => playlistOfTrack(status.kind === 'ready' ? status.playlists : []), [status]);
	const current = open === undefined ? undefined : playlists[open];

	// Keys read the latest state through a ref: a key that comes before React has re-subscribed the
	// handler must not act on the state before the previous key.
	const latest = useRef({status, selected, open, trackIndex, writing, nearby, neighbourIndex, marks, route, routeIndex});
	latest.current = {status, selected, open, trackIndex, writing, nearby, neighbourIndex, marks, route, routeIndex};

	const findNeighbours = (track: PlaylistTrack) => {
		const neighbours = service.neighbours?.bind(service);
		if (!neighbours) return;
		const id = ++query.current;
		const loading: Nearby = {track, kind: 'loading'};
		latest.current = {...latest.current, nearby: loading, neighbourIndex: 0};
		setNearby(loading);
		setNeighbourIndex(0);
		const settle = (next: Nearby) => {
			if (!alive.current || id !== query.current) return;
			latest.current = {...latest.current, nearby: next};
			setNearby(next);
		};
		neighbours(track.path, NEIGHBOUR_LIMIT).then(
			found => settle({track, kind: 'ready', neighbours: found}),
			(error: unknown) => settle({track, kind: 'error', message: errorMessage(error)}),
		);
	};

	/** Marks one end of a path; with both ends marked (and different), asks for the path between them. */
	const mark = (end: keyof Marks, track: PlaylistTrack) => {
		const path = service.path?.bind(service);
		if (!path) return;
		const marks = {...latest.current.marks, [end]: track};
		latest.current = {...latest.current, marks};
		setMarks(marks);
		const {from, to} = marks;
		if (!from || !to || from.path === to.path) return;
		const id = ++pathQuery.current;
		const loading: Route = {from, to, kind: 'loading'};
		latest.current = {...latest.current, route: loading, routeIndex: 0};
		setRoute(loading);
		setRouteIndex(0);
		const settle = (next: Route) => {
			if (!alive.current || id !== pathQuery.current) return;
			latest.current = {...latest.current, route: next};
			setRoute(next);
		};
		path(from.path, to.path, DEFAULT_PATH_LENGTH).then(
			playlist => settle({from, to, kind: 'ready', playlist}),
			(error: unknown) => settle({from, to, kind: 'error', message: errorMessage(error)}),
		);
	};

	const closeRoute = () => {
		pathQuery.current++;
		latest.current = {...latest.current, route: undefined};
		setRoute(undefined);
	};

	const closeNearby = () => {
		query.current++;
		latest.current = {...latest.current, nearby: undefined};
		setNearby(undefined);
	};

	const write = () => {
		const now = latest.current;
		const lists = now.status.kind === 'ready' ? now.status.playlists : [];
		if (now.writing || lists.length === 0) return;
		const shown = now.open === undefined ? undefined : lists[now.open];
		const routed = now.route?.kind === 'ready' ? now.route.playlist : undefined;
		const chosen = routed ? [routed] : shown ? [shown] : lists;
		latest.current = {...now, writing: true};
		setWriting(true);
		setMessage(`writing ${plural(chosen.length, 'playlist')}…`);
		service
			.write(chosen)
			.then(
				result => {
					const text = describeWrite(result);
					onLog('info', text);
					if (alive.current) setMessage(text);
				},
				(error: unknown) => {
					const text = `cannot write playlists: ${errorMessage(error)}`;
					onLog('error', text);
					if (alive.current) setMessage(text);
				},
			)
			.finally(() => alive.current && setWriting(false));
	};

	useInput(
		(input, key) => {
			const now = latest.current;
			if (key.escape) {
				if (now.route) closeRoute();
				else if (now.nearby) closeNearby();
				else if (now.open !== undefined) {
					latest.current = {...now, open: undefined};
					setOpen(undefined);
				} else onClose();
				return;
			}
			if (input === 'r') {
				closeRoute();
				latest.current = {...latest.current, marks: {}};
				setMarks({});
				closeNearby();
				setOpen(undefined);
				setMessage(undefined);
				load();
				return;
			}
			const lists = now.status.kind === 'ready' ? now.status.playlists : [];
			if (lists.length === 0) return;
			if (now.route) {
				const count = now.route.kind === 'ready' ? now.route.playlist.tracks.length : 0;
				const delta = key.upArrow || input === 'k' ? -1 : key.downArrow || input === 'j' ? 1 : key.pageUp ? -5 : key.pageDown ? 5 : 0;
				if (delta !== 0 && count > 0) {
					const routeIndex = Math.max(0, Math.min(count - 1, now.routeIndex + delta));
					latest.current = {...now, routeIndex};
					setRouteIndex(routeIndex);
				} else if (input === 'y' && count > 0) write();
				return;
			}
			const shown = now.open === undefined ? undefined : lists[now.open];
			const found = now.nearby?.kind === 'ready' ? now.nearby.neighbours : undefined;
			if (input === 'a' || input === 'b') {
				// The track selected: a neighbour on the neighbours level, else a track of the open playlist.
				const track = now.nearby ? found?.[now.neighbourIndex]?.track : shown?.tracks[now.trackIndex];
				if (track) mark(input === 'a' ? 'from' : 'to', track);
				return;
			}
			const count = now.nearby ? (found?.length ?? 0) : shown ? shown.tracks.length : lists.length;
			const move = (delta: number) => {
				const clamp = (value: number) => Math.max(0, Math.min(count - 1, value));
				if (now.nearby) {
					const neighbourIndex = clamp(now.neighbourIndex + delta);
					latest.current = {...now, neighbourIndex};
					setNeighbourIndex(neighbourIndex);
				} else if (shown) {
					const trackIndex = clamp(now.trackIndex + delta);
					latest.current = {...now, trackIndex};
					setTrackIndex(trackIndex);
				} else {
					const selected = clamp(now.selected + delta);
					latest.current = {...now, selected};
					setSelected(selected);
				}
			};
			if (key.upArrow || input === 'k') move(-1);
			else if (key.downArrow || input === 'j') move(1);
			else if (key.pageUp) move(-5);
			else if (key.pageDown) move(5);
			else if (now.nearby) return;
			else if (key.return && now.open === undefined) {
				latest.current = {...now, open: now.selected, trackIndex: 0};
				setOpen(now.selected);
				setTrackIndex(0);
			} else if (key.return && shown?.tracks[now.trackIndex]) findNeighbours(shown.tracks[now.trackIndex]!);
			else if (input === 'y') write();
		},
		{isActive},
	);

	const inner = Math.max(0, width - 2);
	const innerHeight = Math.max(0, height - 2);
	const note = previewNote(status, analysing);
	const paths = Boolean(service.path);
	const hint = route
		? `↑/↓ select · ${route.kind === 'ready' ? 'y write this path · ' : ''}Esc back`
		: nearby
			? `↑/↓ select · ${paths ? 'a start · b destination of a path · ' : ''}Esc back`
			: current
				? `↑/↓ select · ${service.neighbours ? 'Enter neighbours · ' : ''}y write this playlist · Esc back${paths ? ' · a/b path' : ''}`
				: 'Enter open · y write all · r rebuild · Esc close';
	const marked = route ? undefined : marksNote(marks);
	const fixedLines = 1 + (note ? 1 : 0) + (message ? 1 : 0) + (marked ? 1 : 0) + 1;
	// A table takes 3 lines of frame plus 2 per row, and a line saying which rows show.
	const rowsFit = Math.max(1, Math.floor((innerHeight - fixedLines - 4) / 2));
	const title = route
		? `Path: ${trackName(route.from)} → ${trackName(route.to)}`
		: nearby
			? `Nearest to: ${trackName(nearby.track)}`
			: current
				? `Playlist: ${current.name}`
				: 'Playlists preview';
	return (
		<Panel title={truncate(title, Math.max(4, inner - 4))} width={width} height={height}>
			{note ? <Line line={[seg(note, {color: 'yellow'})]} width={inner} /> : null}
			{status.kind === 'loading' ? <Line line={[seg('building playlists…')]} width={inner} /> : null}
			{status.kind === 'error' ? <Line line={[seg(`cannot build playlists: ${status.message}`, {color: 'red', bold: true})]} width={inner} /> : null}
			{status.kind === 'ready' && playlists.length === 0 ? <Line line={[seg('no playlists yet: analyse some tracks first')]} width={inner} /> : null}
			{status.kind === 'ready' && playlists.length > 0 && !current ? (
				<TableWindow rows={playlistRows(playlists, selected)} columns={LIST_COLUMNS} width={inner} selected={selected} size={rowsFit} />
			) : null}
			{route ? <RouteView route={route} selected={routeIndex} width={inner} rows={rowsFit} /> : null}
			{current && nearby && !route ? (
				<NearbyView nearby={nearby} playlistOf={playlistOf} current={current} selected={neighbourIndex} width={inner} rows={rowsFit} />
			) : null}
			{current && !nearby && !route ? (
				<Box flexDirection="column">
					<Line
						line={[
							seg(
								`${plural(current.tracks.length, 'track')} · ${formatDuration(current.durationSeconds)} · ${bpmRange(current.bpmRange)} BPM · ${current.mainKeys.join(', ')}`,
							),
						]}
						width={inner}
					/>
					<TableWindow rows={trackRows(current, trackIndex)} columns={TRACK_COLUMNS} width={inner} selected={trackIndex} size={Math.max(1, rowsFit - 1)} />
				</Box>
			) : null}
			{marked ? <Line line={[seg(marked, {color: 'cyan'})]} width={inner} /> : null}
			{message ? <Line line={[seg(message, {color: 'green'})]} width={inner} /> : null}
			<Line line={[seg(hint, {dim: true})]} width={inner} />
		</Panel>
	);
}

/** The neighbours level: how many of them the open playlist holds, then the table, or the query's state. */
function NearbyView({
	nearby,
	playlistOf,
	current,
	selected,
	width,
	rows,
}: {
	nearby: Nearby;
	playlistOf: ReadonlyMap<string, Playlist>;
	current: Playlist;
	selected: number;
	width: number;
	rows: number;
}) {
	if (nearby.kind === 'loading') return <Line line={[seg('finding neighbours…')]} width={width} />;
	if (nearby.kind === 'error') return <Line line={[seg(`cannot find neighbours: ${nearby.message}`, {color: 'red', bold: true})]} width={width} />;
	const beside = nearby.neighbours.filter(({track}) => playlistOf.get(track.path) === current).length;
	return (
		<Box flexDirection="column">
			<Line line={[seg(`${beside} of ${plural(nearby.neighbours.length, 'neighbour')} in this playlist · distance as in playlistgen similar`)]} width={width} />
			<TableWindow
				rows={neighbourRows(nearby.neighbours, playlistOf, selected)}
				columns={NEIGHBOUR_COLUMNS}
				width={width}
				selected={selected}
				size={Math.max(1, rows - 1)}
			/>
		</Box>
	);
}

/** The path level: its figures and tracks in play order, or the query's state. */
function RouteView({route, selected, width, rows}: {route: Route; selected: number; width: number; rows: number}) {
	if (route.kind === 'loading') return <Line line={[seg('finding a path…')]} width={width} />;
	if (route.kind === 'error') return <Line line={[seg(`cannot make a path: ${route.message}`, {color: 'red', bold: true})]} width={width} />;
	const {playlist} = route;
	return (
		<Box flexDirection="column">
			<Line
				line={[
					seg(
						`${plural(playlist.tracks.length, 'track')} · ${formatDuration(playlist.durationSeconds)} · ${bpmRange(playlist.bpmRange)} BPM · ${playlist.mainKeys.join(', ')}`,
					),
				]}
				width={width}
			/>
			<TableWindow rows={trackRows(playlist, selected)} columns={TRACK_COLUMNS} width={width} selected={selected} size={Math.max(1, rows - 1)} />
		</Box>
	);
}
