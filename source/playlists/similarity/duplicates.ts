/**
 * Near-duplicate tracks: the same file content under two paths (same size, and analysis gave the very
 * same vector — deterministic analysis of identical bytes does), or the same artist and title in two
 * files (a single and its album copy). Tags are compared loosely: case, accents, punctuation and spacing
 * do not count.
 */
import type {SlimTrack} from '../../store/types.js';

/** Lower case, accents and punctuation removed, spaces collapsed. */
export function looseText(text: string): string {
	return text
		.normalize('NFKD')
		.replaceAll(/\p{M}+/gu, '')
		.toLowerCase()
		.replaceAll(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** The keys under which a track counts as a duplicate of another track with any same key. */
export function duplicateKeys(track: SlimTrack): string[] {
	const keys = [`content:${track.sizeBytes}:${track.analysis.vector.join(',')}`];
	const artist = looseText(track.tags.artist ?? '');
	const title = looseText(track.tags.title ?? '');
	if (artist && title) keys.push(`tags:${artist}\u0000${title}`);
	return keys;
}
