/**
 * A long, quiet piece (a 29-minute ambient track in a list of 3-minute energetic ones) breaks a playlist
 * when it plays in the middle; it closes one well. These are set apart before ordering and played last.
 */

/** A piece is long when it lasts this many times the playlist's median and at least MIN_LONG_SECONDS. */
export const LONG_FACTOR = 2.5;
export const MIN_LONG_SECONDS = 8 * 60;

function median(values: readonly number[]): number {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Splits members (library indices) into the ones to order and the long, quieter-than-the-playlist pieces
 * to play last (shortest first). Playlists under 4 tracks are left whole.
 */
export function setAsideLongQuiet(
	members: readonly number[],
	durationSeconds: (index: number) => number,
	energy: ArrayLike<number>,
): {ordered: number[]; last: number[]} {
	if (members.length < 4) return {ordered: [...members], last: []};
	const typical = median(members.map(durationSeconds));
	const typicalEnergy = median(members.map(index => energy[index]!));
	const threshold = Math.max(MIN_LONG_SECONDS, LONG_FACTOR * typical);
	const last = members.filter(index => {
		const quieter = !Number.isFinite(typicalEnergy) || !(energy[index]! >= typicalEnergy);
		return durationSeconds(index) >= threshold && quieter;
	});
	// Never set most of a playlist apart: then "long" is what the playlist is.
	if (last.length === 0 || last.length * 2 >= members.length) return {ordered: [...members], last: []};
	const apart = new Set(last);
	return {
		ordered: members.filter(index => !apart.has(index)),
		last: last.sort((a, b) => durationSeconds(a) - durationSeconds(b) || a - b),
	};
}
