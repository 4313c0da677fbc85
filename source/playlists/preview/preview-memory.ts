/**
 * What the playlists preview's build takes in memory, ahead of the build: its own process and, per
 * track, the library it loads and the groups it makes. Measured as the process tree's PSS: +25 MiB for
 * the 79 tracks of a small library, a peak of +295 MiB at 40,000 tracks.
 */
export const PREVIEW_PROCESS_BYTES = 25 * 2 ** 20;
export const PREVIEW_BYTES_PER_TRACK = 7 * 1024;

export function previewNeedBytes(tracks: number): number {
	return PREVIEW_PROCESS_BYTES + Math.max(0, tracks) * PREVIEW_BYTES_PER_TRACK;
}

/** Room in the memory budget, asked for before the preview loads a library (the analysis session gives it). */
export type MemoryRoomPort = {
	/** Resolves once `bytes` for `what` fit beside the analysis; release() when they are given back. */
	make(bytes: number, what: string): Promise<{release(): void; held: boolean}>;
	/** Counts process `pid` (the preview's own) in the budget's readings until the returned function is called. */
	watch?(pid: number): () => void;
};
