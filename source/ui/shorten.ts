/**
 * Names shortened so that what tells them apart stays: tracks of one album share their start ("Artist -
 * Album title, part") and differ at the end, files of one folder differ by their number and extension.
 */
import {cellWidth, fitCells} from './text.js';

/** The longest start of `text` that takes at most `width` cells. */
function head(text: string, width: number): string {
	const cut = fitCells(text, width + 1);
	return cut === text ? text : cut.slice(0, -1);
}

/** The longest end of `text` that takes at most `width` cells. */
function tail(text: string, width: number): string {
	const cut = fitCells(text, width + 1, 'start');
	return cut === text ? text : cut.slice(1);
}

/** Cuts the middle of `text` to fit `width` cells ("Living Cav…(Part 2)"); more of the end stays than of the start. */
export function shortenMiddle(text: string, width: number): string {
	if (cellWidth(text) <= width) return text;
	if (width <= 1) return width === 1 ? '…' : '';
	const end = Math.ceil((width - 1) * 0.6);
	return `${head(text, width - 1 - end)}…${tail(text, end)}`;
}

/** The separator between an artist and a title in a track's name. */
export const ARTIST_SEPARATOR = ' - ';

/** The cells an artist keeps at least before the title is cut. */
const ARTIST_MIN = 6;

/**
 * Shortens "Artist - Title" to `width` cells: the artist is cut first (down to a few cells), then the
 * middle of the title, so that its end (a part, a number, a remix) stays. A name without an artist has
 * its middle cut.
 */
export function shortenTrackName(name: string, width: number): string {
	if (cellWidth(name) <= width) return name;
	const at = name.indexOf(ARTIST_SEPARATOR);
	if (at <= 0) return shortenMiddle(name, width);
	const artist = name.slice(0, at);
	const title = name.slice(at + ARTIST_SEPARATOR.length);
	const forArtist = width - ARTIST_SEPARATOR.length - cellWidth(title);
	const artistMin = Math.min(cellWidth(artist), ARTIST_MIN);
	if (forArtist >= artistMin) return `${fitCells(artist, forArtist)}${ARTIST_SEPARATOR}${title}`;
	const forTitle = width - ARTIST_SEPARATOR.length - artistMin;
	// Too narrow for both: the title alone tells tracks apart better than a stub of each.
	if (forTitle < 8) return shortenMiddle(title, width);
	return `${fitCells(artist, artistMin)}${ARTIST_SEPARATOR}${shortenMiddle(title, forTitle)}`;
}
