/**
 * Playlists that live with a growing library. A store remembers the playlists it wrote (their names and
 * members); a run starts from them:
 *
 * - it **grows** them: remembered playlists are kept as groups (files deleted leave them, copies of one
 *   recording count once), new tracks join the playlist they fit by the grouping's own rules, tracks that
 *   fit none gather as stragglers until enough of them form a playlist of their own, and a playlist grown
 *   past the size cap splits (graph-groups.ts, neighbour-groups.ts);
 * - or it **regroups** the whole library, when there is nothing to start from, when the settings that
 *   shape the groups changed, when asked (`--regroup`), or when the library changed a lot (see
 *   `regroupReason`).
 *
 * Either way each new group is matched with the remembered playlist whose tracks it mostly holds, and
 * keeps that playlist's name (and so its file) while the name's traits still hold for its tracks.
 */
import type {Library} from '../library.js';

/** A playlist as the store remembers it (store/playlist-memory.ts), as the build needs it. */
export type RememberedGroup = {id: number; name: string; members: readonly string[]; loose: readonly string[]};

/** What the build is given of the store's memory. */
export type BuildMemory = {
	playlists: readonly RememberedGroup[];
	/** The settings that grouped the remembered set are not those of this run: regroup. */
	settingsChanged?: boolean;
	/** Tracks the library held when it was last grouped afresh. */
	groupedTracks?: number;
	/** Group the whole library afresh whatever changed (`--regroup`). */
	regroup?: boolean;
};

/** A library that grew or shrank by more than this share since it was last grouped is grouped afresh. */
export const REGROUP_GROWTH = 0.5;
/** So is one where more than this share of the remembered tracks changed since the last run. */
export const REGROUP_CHANGE = 0.25;

/** How a run came by its groups. */
export type ContinuityMode = 'first' | 'grown' | 'regrouped';

/** What changed since the playlists were last written, for the run's report and `--dry-run --json`. */
export type PlaylistChanges = {
	mode: ContinuityMode;
	/** Why the library was grouped afresh (regrouped only; none for k-means, which groups afresh every run). */
	reason?: string;
	/** Remembered playlists that kept their name, with the tracks that joined and left them (not counting deleted files). */
	kept: Array<{name: string; added: string[]; left: string[]}>;
	renamed: Array<{from: string; to: string; reason: string}>;
	created: Array<{name: string; tracks: number}>;
	/** Remembered playlists with no successor (their tracks went to others). */
	dissolved: string[];
	/** Tracks of remembered playlists whose files are gone (or are copies of a recording now kept in another file). */
	deleted: string[];
};

/** Why this run groups the whole library afresh, or undefined to grow the remembered playlists. */
export function regroupReason(memory: BuildMemory, library: Library): string | undefined {
	if (memory.playlists.length === 0) return undefined;
	if (memory.regroup) return 'asked for (--regroup)';
	if (memory.settingsChanged) return 'the settings that shape the groups changed';
	const present = new Set(library.tracks.map(track => track.path));
	const remembered = new Set(memory.playlists.flatMap(playlist => playlist.members));
	let gone = 0;
	for (const member of remembered) if (!present.has(member)) gone++;
	let added = 0;
	for (const track of library.tracks) if (!remembered.has(track.path)) added++;
	const n = library.tracks.length;
	const then = memory.groupedTracks ?? remembered.size;
	if (then > 0 && Math.abs(n - then) > REGROUP_GROWTH * then) {
		return `the library has ${n} tracks against ${then} when it was last grouped (more than ${Math.round(REGROUP_GROWTH * 100)} % apart)`;
	}
	if (remembered.size > 0 && added + gone > REGROUP_CHANGE * remembered.size) {
		return `${added} tracks new and ${gone} gone since the last run, more than ${Math.round(REGROUP_CHANGE * 100)} % of the ${remembered.size} remembered`;
	}
	return undefined;
}

/**
 * The remembered playlists as anchors for the grouping: each as the library indices of its members that
 * are still there and did not join it only as stragglers (those are free to move on). Anchors with no
 * member left are dropped. A member that is now a copy of a recording kept in another file stands for that file.
 */
export function anchorsOf(memory: BuildMemory, library: Library, copies: ReadonlyMap<string, string> = new Map()): number[][] {
	const index = new Map(library.tracks.map((track, i) => [track.path, i]));
	const taken = new Set<number>();
	const anchors: number[][] = [];
	for (const playlist of memory.playlists) {
		const loose = new Set(playlist.loose);
		const members: number[] = [];
		for (const member of playlist.members) {
			// A member now held in a better copy of its recording is that copy.
			const i = index.get(copies.get(member) ?? member);
			if (i === undefined || loose.has(member) || taken.has(i)) continue;
			taken.add(i);
			members.push(i);
		}
		if (members.length > 0) anchors.push(members);
	}
	return anchors;
}

/**
 * Stragglers stay where they were: a remembered playlist's loose member (anchorsOf leaves it free) that
 * the grouping put into another remembered playlist goes back to its own, so that a rerun moves nothing;
 * one that joined a new group (enough stragglers to make a playlist of their own) stays there. Groups left
 * empty are dropped.
 */
export function settleLoose(groups: number[][], library: Library, memory: BuildMemory, copies: ReadonlyMap<string, string> = new Map()): number[][] {
	const index = new Map(library.tracks.map((track, i) => [track.path, i]));
	const groupOf = new Int32Array(library.tracks.length).fill(-1);
	groups.forEach((members, g) => {
		for (const i of members) groupOf[i] = g;
	});
	const at = (member: string) => index.get(copies.get(member) ?? member);
	// Each remembered playlist's group: where most of its fixed members are.
	const homes = memory.playlists.map(playlist => {
		const loose = new Set(playlist.loose);
		const counts = new Map<number, number>();
		for (const member of playlist.members) {
			const i = at(member);
			if (i === undefined || loose.has(member) || groupOf[i]! < 0) continue;
			counts.set(groupOf[i]!, (counts.get(groupOf[i]!) ?? 0) + 1);
		}
		return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
	});
	const isHome = new Set(homes.filter((home): home is number => home !== undefined));
	const moved = groups.map(members => [...members]);
	memory.playlists.forEach((playlist, p) => {
		const home = homes[p];
		if (home === undefined) return;
		for (const member of playlist.loose) {
			const i = at(member);
			if (i === undefined) continue;
			const now = groupOf[i]!;
			if (now === home || now < 0 || !isHome.has(now)) continue;
			moved[now] = moved[now]!.filter(other => other !== i);
			moved[home]!.push(i);
			groupOf[i] = home;
		}
	});
	return moved.filter(members => members.length > 0).map(members => members.sort((a, b) => a - b));
}

/**
 * Matches groups with remembered playlists: each remembered playlist goes to the group that holds most of
 * its tracks still in the library, if that is more than half of them; each group takes at most one, the
 * largest overlaps first. Returns, per group, the remembered playlist it continues (or undefined).
 */
export function matchRemembered(
	groups: ReadonlyArray<readonly number[]>,
	library: Library,
	remembered: readonly RememberedGroup[],
): Array<RememberedGroup | undefined> {
	const groupOf = new Map<string, number>();
	groups.forEach((members, g) => {
		for (const i of members) groupOf.set(library.tracks[i]!.path, g);
	});
	const candidates: Array<{g: number; r: number; overlap: number}> = [];
	remembered.forEach((playlist, r) => {
		const counts = new Map<number, number>();
		let present = 0;
		for (const member of playlist.members) {
			const g = groupOf.get(member);
			if (g === undefined) continue;
			present++;
			counts.set(g, (counts.get(g) ?? 0) + 1);
		}
		for (const [g, overlap] of counts) if (overlap * 2 > present) candidates.push({g, r, overlap});
	});
	candidates.sort((a, b) => b.overlap - a.overlap || a.r - b.r || a.g - b.g);
	const result: Array<RememberedGroup | undefined> = groups.map(() => undefined);
	const used = new Set<number>();
	for (const {g, r} of candidates) {
		if (result[g] || used.has(r)) continue;
		result[g] = remembered[r];
		used.add(r);
	}
	return result;
}

/** The changes from the remembered playlists to these, by name. */
export function describeChanges(
	mode: ContinuityMode,
	reason: string | undefined,
	library: Library,
	remembered: readonly RememberedGroup[],
	groups: ReadonlyArray<{members: readonly number[]; name: string; previous?: RememberedGroup; renamedBecause?: string}>,
	copies: ReadonlyMap<string, string>,
): PlaylistChanges {
	const present = new Set(library.tracks.map(track => track.path));
	const changes: PlaylistChanges = {mode, ...(reason ? {reason} : {}), kept: [], renamed: [], created: [], dissolved: [], deleted: []};
	const deleted = new Set<string>();
	for (const playlist of remembered) for (const member of playlist.members) if (!present.has(member) && !copies.has(member)) deleted.add(member);
	changes.deleted = [...deleted].sort();
	const continued = new Set<number>();
	for (const group of groups) {
		const paths = group.members.map(i => library.tracks[i]!.path);
		if (!group.previous) {
			changes.created.push({name: group.name, tracks: paths.length});
			continue;
		}
		continued.add(group.previous.id);
		if (group.previous.name !== group.name)
			changes.renamed.push({from: group.previous.name, to: group.name, reason: group.renamedBecause ?? 'its traits changed'});
		const before = new Set(group.previous.members);
		const now = new Set(paths);
		changes.kept.push({
			name: group.name,
			added: paths.filter(file => !before.has(file)),
			left: group.previous.members.filter(file => !now.has(file) && present.has(file)),
		});
	}
	for (const playlist of remembered) if (!continued.has(playlist.id)) changes.dissolved.push(playlist.name);
	return changes;
}

/** "3 tracks added to Calm · Dark; 1 new playlist: Faster (7 tracks); 2 tracks removed (files deleted)", or undefined when nothing changed. */
export function formatChanges(changes: PlaylistChanges): string | undefined {
	const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
	const parts: string[] = [];
	if (changes.mode === 'regrouped' && changes.reason) parts.push(`library grouped afresh (${changes.reason})`);
	for (const {name, added, left} of changes.kept) {
		if (added.length > 0) parts.push(`${plural(added.length, 'track')} added to ${name}`);
		if (left.length > 0) parts.push(`${plural(left.length, 'track')} moved out of ${name}`);
	}
	for (const {from, to, reason} of changes.renamed) parts.push(`${from} renamed ${to} (${reason})`);
	if (changes.created.length > 0 && changes.mode !== 'first') {
		parts.push(
			`${plural(changes.created.length, 'new playlist')}: ${changes.created.map(({name, tracks}) => `${name} (${plural(tracks, 'track')})`).join(', ')}`,
		);
	}
	if (changes.dissolved.length > 0) parts.push(`${plural(changes.dissolved.length, 'playlist')} no longer made: ${changes.dissolved.join(', ')}`);
	if (changes.deleted.length > 0) parts.push(`${plural(changes.deleted.length, 'track')} removed (files deleted)`);
	return parts.length > 0 ? parts.join('; ') : undefined;
}
