/**
 * Less of one album in a row (`playlists.maxPerAlbum`, off by default): a playlist holds at most N tracks
 * of one album, and its play order avoids two tracks of one album back to back where it can.
 *
 * An album is its album tag (with the album artist, or the artist, so that two "Greatest Hits" stay
 * apart), else the folder the file is in (for a CUE track, its image).
 */
import path from 'node:path';
import type {SlimTrack} from '../../store/types.js';
import {squaredDistance, type Matrix} from '../similarity/distance.js';
import {looseText} from '../similarity/duplicates.js';
import {centroidOf} from './split.js';

export function albumKey(track: SlimTrack): string {
	const album = looseText(track.tags.album ?? '');
	if (album) return `tag:${looseText(track.tags.albumArtist ?? track.tags.artist ?? '')}\u0000${album}`;
	return track.cue ? `image:${track.cue.image}` : `folder:${path.dirname(track.path)}`;
}

/**
 * Caps each group at `max` tracks of one album: the tracks of an album nearest their group's centre stay,
 * the others move to the group nearest them (by centre) that has fewer than `max` of their album and room
 * under `maxSize`; those with nowhere to go are left out. Returns the groups and the tracks left out.
 */
export function capAlbums(
	groups: readonly number[][],
	albums: readonly string[],
	matrix: Matrix,
	max: number,
	maxSize = Number.POSITIVE_INFINITY,
): {groups: number[][]; left: number[]} {
	const result = groups.map(group => [...group]);
	const centres = result.map(group => centroidOf(matrix, group));
	const count = (g: number, album: string) => result[g]!.filter(member => albums[member] === album).length;
	const excess: Array<{member: number; from: number}> = [];
	result.forEach((group, g) => {
		const byAlbum = new Map<string, number[]>();
		for (const member of group) byAlbum.set(albums[member]!, [...(byAlbum.get(albums[member]!) ?? []), member]);
		for (const members of byAlbum.values()) {
			if (members.length <= max) continue;
			const far = members
				.map(member => ({member, distance: squaredDistance(matrix.data, member, centres[g]!, 0, matrix.d)}))
				.sort((a, b) => a.distance - b.distance || a.member - b.member)
				.slice(max)
				.map(({member}) => member);
			result[g] = result[g]!.filter(member => !far.includes(member));
			excess.push(...far.map(member => ({member, from: g})));
		}
	});
	const left: number[] = [];
	for (const {member, from} of excess.sort((a, b) => a.member - b.member)) {
		let best = -1;
		let bestDistance = Number.POSITIVE_INFINITY;
		result.forEach((group, g) => {
			if (g === from || group.length >= maxSize || count(g, albums[member]!) >= max) return;
			const distance = squaredDistance(matrix.data, member, centres[g]!, 0, matrix.d);
			if (distance < bestDistance) {
				best = g;
				bestDistance = distance;
			}
		});
		if (best === -1) left.push(member);
		else result[best]!.push(member);
	}
	return {groups: result.map(group => group.sort((a, b) => a - b)), left: left.sort((a, b) => a - b)};
}

/**
 * The play order with no two tracks of one album back to back where that can be had: a track that
 * follows one of its own album changes place with the nearest track (later first) whose move leaves
 * fewer such pairs. Otherwise the order is kept.
 */
export function spreadAlbums(order: readonly number[], albums: readonly string[]): number[] {
	const result = [...order];
	const same = (position: number) => position > 0 && position < result.length && albums[result[position]!] === albums[result[position - 1]!];
	// Pairs (p - 1, p) touched by a swap of i and j.
	const touched = (i: number, j: number) => [...new Set([i, i + 1, j, j + 1])].filter(position => position > 0 && position < result.length);
	const clashes = (positions: readonly number[]) => positions.filter(same).length;
	// Two passes: a swap made for a later clash can open a place that an earlier one can use.
	for (let pass = 0; pass < 2; pass++) {
		for (let i = 1; i < result.length; i++) {
			if (!same(i)) continue;
			// The nearest place first, later before earlier.
			for (let distance = 1; distance < result.length; distance++) {
				const swapped = [i + distance, i - distance].find(j => {
					if (j < 0 || j >= result.length) return false;
					const positions = touched(Math.min(i, j), Math.max(i, j));
					const before = clashes(positions);
					[result[i], result[j]] = [result[j]!, result[i]!];
					if (clashes(positions) < before) return true;
					[result[i], result[j]] = [result[j]!, result[i]!];
					return false;
				});
				if (swapped !== undefined) break;
			}
		}
	}
	return result;
}
