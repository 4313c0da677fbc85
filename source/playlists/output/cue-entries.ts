/**
 * How a playlist names one CUE track of an album image, by player:
 *
 * - MPD lists a sheet beside an image as a folder of tracks, `album.cue/track0001` (numbered by their
 *   place in the sheet); an M3U entry naming one plays that track. MPD has no such name for a sheet
 *   inside a FLAC (it plays the whole file), so those tracks are left out of MPD's playlists.
 * - Other players get the image, with VLC's `#EXTVLCOPT:start-time` / `stop-time` (VLC plays the
 *   span; players that ignore them play the image) and, in XSPF, VLC's options extension.
 */
import path from 'node:path';
import type {CueRef} from '../../library/track.js';
import type {PlaylistPlayer, PlaylistTrack} from '../types.js';

export const VLC_NAMESPACE = 'http://www.videolan.org/vlc/playlist/ns/0/';

/** The file a playlist entry opens: the image for a CUE track. */
export function cueLocation(track: Pick<PlaylistTrack, 'path' | 'cue'>): string {
	return track.cue?.image ?? track.path;
}

/** Seconds as VLC's options take them: decimals only where needed. */
function seconds(value: number): string {
	return String(Math.round(value * 1000) / 1000);
}

/** MPD's name of a CUE track, as a path beside the sheet (`…/album.cue/track0002`). */
export function mpdCuePath(cue: CueRef): string {
	return path.join(cue.sheet, `track${String(cue.ordinal).padStart(4, '0')}`);
}

/** The M3U lines after #EXTINF for a CUE track, or why it cannot be written for this player. */
export function m3uCueLines(cue: CueRef, player: PlaylistPlayer, reference: (file: string) => string): {lines: string[]} | {problem: string} {
	if (player === 'mpd') {
		if (cue.embedded) return {problem: `MPD cannot play one track of a cue sheet inside the file: left out (write with --player any for other players)`};
		return {lines: [reference(mpdCuePath(cue))]};
	}
	const lines = [`#EXTVLCOPT:start-time=${seconds(cue.startSeconds)}`];
	if (cue.endSeconds !== undefined) lines.push(`#EXTVLCOPT:stop-time=${seconds(cue.endSeconds)}`);
	lines.push(reference(cue.image));
	return {lines};
}

/** VLC's XSPF extension with the track's start and stop times. */
export function xspfCueExtension(cue: CueRef): string[] {
	const options = [`start-time=${seconds(cue.startSeconds)}`];
	if (cue.endSeconds !== undefined) options.push(`stop-time=${seconds(cue.endSeconds)}`);
	return [
		'      <extension application="http://www.videolan.org/vlc/playlist/0">',
		...options.map(option => `        <vlc:option>${option}</vlc:option>`),
		'      </extension>',
	];
}
