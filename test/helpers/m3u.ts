/** Reading an M3U/M3U8 playlist back, as a player would: what the tests check written playlists by. */

export type M3uEntry = {path: string; durationSeconds?: number; title?: string};

/** Reads an M3U/M3U8 playlist back: its entries with their #EXTINF details. */
export function parseM3u8(text: string): {name?: string; entries: M3uEntry[]} {
	const entries: M3uEntry[] = [];
	let name: string | undefined;
	let pending: Omit<M3uEntry, 'path'> = {};
	for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
		const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		if (line.trim() === '') continue;
		if (line.startsWith('#PLAYLIST:')) {
			name = line.slice('#PLAYLIST:'.length);
			continue;
		}
		const extinf = /^#EXTINF:(-?\d+(?:\.\d+)?)\s*(?:[^,]*),(.*)$/.exec(line);
		if (extinf) {
			pending = {durationSeconds: Number(extinf[1]), title: extinf[2]};
			continue;
		}
		if (line.startsWith('#')) continue;
		entries.push({path: line, ...pending});
		pending = {};
	}
	return name === undefined ? {entries} : {name, entries};
}
