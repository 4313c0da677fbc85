/**
 * Playlist files: M3U8 (what MPD, mpv, foobar2000, Navidrome, Jellyfin and Plex all read; the same as
 * `.m3u` for MPD, which lists stored playlists only by that name), XSPF (URIs: what VLC reads without
 * surprises) and JSON. Every file we write carries a marker line
 *
 *     #PLAYLISTGEN:v1 set=<strategy> sha256=<hash of everything after the marker line>
 *
 * (inside an XML comment in XSPF, as the "generator" member in JSON), so a later run can tell its own,
 * unedited files from files someone edited or wrote by hand. UTF-8 without BOM, "\n" line ends.
 */
import {createHash} from 'node:crypto';
import path from 'node:path';
import {hasRawBytes, pathToBytes, showText} from '../../util/raw-path.js';
import {trackLabel} from '../library.js';
import type {Playlist, PlaylistFormat, PlaylistPlayer, PlaylistTrack} from '../types.js';
import {cueLocation, m3uCueLines, xspfCueExtension, VLC_NAMESPACE} from './cue-entries.js';

export const EXTENSIONS: Readonly<Record<PlaylistFormat, string>> = {m3u8: '.m3u8', m3u: '.m3u', xspf: '.xspf', json: '.json'};

export type RenderOptions = {
	/** Folder the playlist file goes to: relative paths are relative to it. */
	dir: string;
	absolutePaths: boolean;
	/** The set the file belongs to (the strategy, or "failures"). */
	set: string;
	/** How M3U names CUE tracks (default any: the image with VLC's start and stop times). */
	player?: PlaylistPlayer;
};

export type Rendered = {text: string; problems: Array<{path: string; message: string}>};

export const MARKER_VERSION = 'v1';
const MARKER = /PLAYLISTGEN:v1 set=([a-z0-9-]+) sha256=([0-9a-f]{64})/;

export function sha256(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function markerText(set: string, body: string): string {
	return `PLAYLISTGEN:${MARKER_VERSION} set=${set} sha256=${sha256(body)}`;
}

export type Ownership =
	/** Written by us and unchanged since. */
	| {kind: 'ours'; set: string}
	/** Written by us, then changed by someone. */
	| {kind: 'edited'; set: string}
	/** No marker: someone else's file. */
	| {kind: 'foreign'};

/** Where the marker sits in a file we wrote: within the first lines. */
const MARKER_LINES = 3;

/** Whether a file's text is one of ours and unchanged since we wrote it. */
export function ownership(text: string): Ownership {
	let start = 0;
	for (let line = 0; line < MARKER_LINES; line++) {
		const end = text.indexOf('\n', start);
		const current = text.slice(start, end === -1 ? undefined : end);
		const match = MARKER.exec(current);
		if (match) {
			const body = end === -1 ? '' : text.slice(end + 1);
			return sha256(body) === match[2] ? {kind: 'ours', set: match[1]!} : {kind: 'edited', set: match[1]!};
		}
		if (end === -1) break;
		start = end + 1;
	}
	return {kind: 'foreign'};
}

/** Forward-slash path of a track as the playlist file refers to it. */
export function trackReference(trackPath: string, options: Pick<RenderOptions, 'dir' | 'absolutePaths'>): string {
	const absolute = path.resolve(trackPath);
	if (options.absolutePaths) return absolute.split(path.sep).join('/');
	let relative = path.relative(path.resolve(options.dir), absolute).split(path.sep).join('/');
	// A line starting with "#" would be read as a comment.
	if (relative.startsWith('#')) relative = `./${relative}`;
	return relative;
}

function oneLine(text: string): string {
	return text.replaceAll(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

function extinfSeconds(seconds: number): number {
	return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : -1;
}

/** M3U8: #EXTM3U, the marker, #PLAYLIST:name, then #EXTINF:seconds,Artist - Title and the path per track. */
export function renderM3u8(playlist: Playlist, options: RenderOptions): Rendered {
	const problems: Rendered['problems'] = [];
	const lines = [`#PLAYLIST:${oneLine(playlist.name)}`];
	for (const track of playlist.tracks) {
		if (/[\r\n]/.test(track.path)) {
			problems.push({path: track.path, message: 'a path with a line break cannot be written in M3U: left out'});
			continue;
		}
		if (hasRawBytes(track.path)) {
			problems.push({path: track.path, message: 'a name that is not UTF-8 cannot be written in M3U8: left out (XSPF can hold it)'});
			continue;
		}
		const extinf = `#EXTINF:${extinfSeconds(track.durationSeconds)},${oneLine(trackLabel(track))}`;
		if (track.cue) {
			const cue = m3uCueLines(track.cue, options.player ?? 'any', file => trackReference(file, options));
			if ('problem' in cue) problems.push({path: track.path, message: cue.problem});
			else lines.push(extinf, ...cue.lines);
			continue;
		}
		lines.push(extinf, trackReference(track.path, options));
	}
	const body = lines.join('\n') + '\n';
	return {text: `#EXTM3U\n#${markerText(options.set, body)}\n${body}`, problems};
}

/** Characters XML 1.0 cannot hold at all (not even escaped) are dropped; the five specials escaped. */
export function xmlText(text: string): string {
	return text
		.replaceAll(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&apos;');
}

/** One path segment percent-encoded byte by byte: UTF-8, or the very bytes of a name that is not UTF-8. */
function encodeSegment(segment: string): string {
	let out = '';
	for (const byte of pathToBytes(segment)) {
		const char = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

/** file:// URI of an absolute path, every segment percent-encoded. */
export function fileUri(trackPath: string): string {
	const absolute = path.resolve(trackPath).split(path.sep).join('/');
	const joined = absolute
		.split('/')
		.map(segment => encodeSegment(segment))
		.join('/');
	return `file://${joined.startsWith('/') ? '' : '/'}${joined}`;
}

/**
 * A track's location in XSPF: an absolute file:// URI with absolute paths, else a relative URI reference
 * (percent-encoded, relative to the playlist), so that a library mounted elsewhere still plays.
 */
export function xspfLocation(trackPath: string, options: Pick<RenderOptions, 'dir' | 'absolutePaths'>): string {
	if (options.absolutePaths) return fileUri(trackPath);
	const relative = path.relative(path.resolve(options.dir), path.resolve(trackPath)).split(path.sep);
	return relative.map(segment => encodeSegment(segment)).join('/');
}

/** XSPF 1: locations are URIs (relative, or file:// with absolute paths), with title, creator, album, duration. */
export function renderXspf(playlist: Playlist, options: RenderOptions): Rendered {
	const vlc = playlist.tracks.some(track => track.cue) ? ` xmlns:vlc="${VLC_NAMESPACE}"` : '';
	const lines = [
		`<playlist version="1" xmlns="http://xspf.org/ns/0/"${vlc}>`,
		`  <title>${xmlText(playlist.name)}</title>`,
		'  <creator>playlistgen</creator>',
		'  <trackList>',
	];
	for (const track of playlist.tracks) {
		lines.push('    <track>', `      <location>${xspfLocation(cueLocation(track), options)}</location>`);
		if (track.artist) lines.push(`      <creator>${xmlText(oneLine(track.artist))}</creator>`);
		lines.push(`      <title>${xmlText(oneLine(track.title ?? trackLabel(track)))}</title>`);
		if (track.album) lines.push(`      <album>${xmlText(oneLine(track.album))}</album>`);
		if (Number.isFinite(track.durationSeconds) && track.durationSeconds > 0)
			lines.push(`      <duration>${Math.round(track.durationSeconds * 1000)}</duration>`);
		if (track.cue) lines.push(...xspfCueExtension(track.cue));
		lines.push('    </track>');
	}
	lines.push('  </trackList>', '</playlist>');
	const body = lines.join('\n') + '\n';
	return {text: `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${markerText(options.set, body)} -->\n${body}`, problems: []};
}

/**
 * The title a track shows: its tag, a CUE track's title from the sheet, else the file name without its
 * extension (for a CUE track, the image's name and the track number).
 */
export function displayTitle(track: Pick<PlaylistTrack, 'path' | 'title' | 'cue'>): string {
	const tagged = track.title?.trim() || track.cue?.title?.trim();
	if (tagged) return tagged;
	const file = track.cue?.image ?? track.path;
	const base = path.basename(file, path.extname(file));
	return track.cue ? `${base} ${String(track.cue.number).padStart(2, '0')}` : base;
}

/** The summary of a track in JSON output: a title always, the tempo null when unknown. */
export function trackSummary(track: PlaylistTrack, reference: string): Record<string, unknown> {
	const summary: Record<string, unknown> = {path: reference};
	if (track.artist !== undefined) summary['artist'] = track.artist;
	summary['title'] = displayTitle(track);
	if (track.album !== undefined) summary['album'] = track.album;
	summary['durationSeconds'] = Math.round(track.durationSeconds * 1000) / 1000;
	summary['bpm'] = track.bpm > 0 && Number.isFinite(track.bpm) ? Math.round(track.bpm * 10) / 10 : null;
	summary['key'] = track.key;
	summary['camelot'] = track.camelot;
	if (track.loudnessDb !== undefined) summary['loudnessDb'] = Math.round(track.loudnessDb * 10) / 10;
	if (track.cue) {
		const {number, startSeconds, endSeconds} = track.cue;
		summary['cue'] = {number, startSeconds, ...(endSeconds === undefined ? {} : {endSeconds})};
	}
	return summary;
}

/** JSON: the playlist's figures and each track's summary; the marker is the first member, "generator". */
export function renderJson(playlist: Playlist, options: RenderOptions): Rendered {
	const content = {
		name: playlist.name,
		strategy: playlist.strategy ?? 'clusters',
		durationSeconds: Math.round(playlist.durationSeconds),
		bpmRange: playlist.bpmRange,
		mainKeys: playlist.mainKeys,
		tracks: playlist.tracks.map(track => trackSummary(track, trackReference(cueLocation(track), options))),
	};
	// Pretty JSON without its opening brace: the generator member goes first, on a line of its own.
	const body = JSON.stringify(content, null, '\t').slice(2) + '\n';
	return {text: `{\n\t"generator": "${markerText(options.set, body)}",\n${body}`, problems: []};
}

export function renderPlaylist(format: PlaylistFormat, playlist: Playlist, options: RenderOptions): Rendered {
	if (format === 'xspf') return renderXspf(playlist, options);
	if (format === 'json') return renderJson(playlist, options);
	// m3u: the same UTF-8 text; only the file's name differs.
	return renderM3u8(playlist, options);
}

/**
 * The failed-tracks list: "path<TAB>error" per line (line breaks and other control characters inside
 * either shown as \n, \x1B…, bytes of a name that is not UTF-8 as \xE9, a backslash as \\).
 */
export function renderFailures(failures: ReadonlyArray<{path: string; error: string}>): string {
	const escape = (text: string) => showText(text.replaceAll('\\', '\\\\'));
	const lines = [
		'# Tracks that could not be analysed: path, a tab, the error.',
		...[...failures].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(failure => `${escape(failure.path)}\t${escape(failure.error)}`),
	];
	const body = lines.join('\n') + '\n';
	return `# ${markerText('failures', body)}\n${body}`;
}
