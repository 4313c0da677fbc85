/** The playlists preview's tables and lines as text: rows of playlists, tracks and neighbours, and what the notes say. */
import {formatChanges} from '../../playlists/grouping/continuity.js';
import type {Neighbour, Playlist, PlaylistTrack, WriteResult} from '../../playlists/types.js';
import {formatDuration} from '../../util/units.js';
import {plural} from '../format.js';
import {ARTIST_SEPARATOR, shortenMiddle, shortenTrackName} from '../shorten.js';
import type {Column, Row} from '../table.js';
import type {Marks, PreviewStatus} from './preview-state.js';

export function bpmRange([low, high]: [number, number]): string {
	const a = Math.round(low);
	const b = Math.round(high);
	return a === b ? String(a) : `${a}–${b}`;
}

/** "Artist - Title", else the title, else the file name. */
export function trackName(track: PlaylistTrack): string {
	return track.artist && track.title ? `${track.artist}${ARTIST_SEPARATOR}${track.title}` : (track.title ?? track.path.split(/[\\/]/).at(-1) ?? track.path);
}

function keyText(track: PlaylistTrack): string {
	return `${track.key} ${track.camelot}`.trim();
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
	{key: 'name', flexible: true, minWidth: 36, shorten: shortenMiddle},
	{key: 'tracks', align: 'right'},
	{key: 'time', align: 'right'},
	{key: 'BPM', align: 'right', optional: true},
	{key: 'main key', optional: true},
];

// A track's name keeps 24 cells before its key and BPM give way.
export const TRACK_COLUMNS: Column[] = [
	{key: ' '},
	{key: '#', align: 'right'},
	{key: 'track', flexible: true, minWidth: 24, shorten: shortenTrackName},
	{key: 'time', align: 'right'},
	{key: 'BPM', align: 'right', optional: true},
	{key: 'key', optional: true},
];

// The playlist column is what this table is for: BPM and key give way first.
export const NEIGHBOUR_COLUMNS: Column[] = [
	{key: ' '},
	{key: '#', align: 'right'},
	{key: 'track', flexible: true, minWidth: 18, shorten: shortenTrackName},
	{key: 'distance', align: 'right'},
	{key: 'BPM', align: 'right', optional: true},
	{key: 'key', optional: true},
	// Its name gives way to the track's first: enough of it to tell which playlist stays.
	{key: 'playlist', flexible: true, minWidth: 18, yieldsFirst: true, shorten: shortenMiddle},
];

/** The line above a playlist's tracks: how many, how long, tempo and keys. */
export function playlistSummary(playlist: Playlist): string {
	return `${plural(playlist.tracks.length, 'track')} · ${formatDuration(playlist.durationSeconds)} · ${bpmRange(playlist.bpmRange)} BPM · ${playlist.mainKeys.join(', ')}`;
}

export function describeWrite(result: WriteResult): string {
	const parts = [`wrote ${plural(result.written.length, 'playlist')} to ${result.dir}`];
	if (result.keptEdited.length > 0) parts.push(`${result.keptEdited.length} edited by hand kept`);
	if (result.problems.length > 0) parts.push(`${plural(result.problems.length, 'track')} left out (${result.problems[0]!.message})`);
	const changes = result.changes && formatChanges(result.changes);
	if (changes) parts.push(changes);
	return parts.join('; ');
}

/**
 * What the note above the table says about the data the preview was built from: the tracks the build
 * read (not the live count, which moves on while the preview stays), and once analysis has finished
 * after a build from part of the library, that `r` builds again from all of it.
 */
export function previewNote(status: PreviewStatus, analysing: boolean): string | undefined {
	if (status.kind !== 'ready') return analysing ? 'Building from the tracks analysed so far; analysis still runs.' : undefined;
	const {from} = status;
	if (!from.analysing) return undefined;
	if (from.held && analysing) return 'Analysis held while this is open: the budget has no room for both.';
	if (analysing) return `Built from ${plural(from.trackCount, 'analysed track')}; analysis still runs (r rebuilds).`;
	return `Built from ${plural(from.trackCount, 'analysed track')}; analysis has finished: r rebuilds.`;
}

/** What the line under the table says of the marked ends, until both are marked and differ. */
export function marksNote(marks: Marks): string | undefined {
	const {from, to} = marks;
	if (!from && !to) return undefined;
	const start = from ? trackName(from) : 'a marks the start';
	const end = to ? trackName(to) : 'b marks the destination';
	const same = from && to && from.path === to.path ? ': the same track, mark another' : '';
	return `path from ${start} to ${end}${same}`;
}
