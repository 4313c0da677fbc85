/**
 * What the playlists preview's build takes in memory, ahead of the build: its worker thread and, per
 * track, the library it loads and the groups it makes. Measured at 40,000 tracks (bench/preview-stall.ts):
 * a peak of +263 MiB, a worker about 10 MiB of its own.
 */
export const PREVIEW_WORKER_BYTES = 10 * 2 ** 20;
export const PREVIEW_BYTES_PER_TRACK = 7 * 1024;

export function previewNeedBytes(tracks: number): number {
	return PREVIEW_WORKER_BYTES + Math.max(0, tracks) * PREVIEW_BYTES_PER_TRACK;
}

/** Room in the memory budget, asked for before the preview loads a library (the analysis session gives it). */
export type MemoryRoomPort = {
	/** Resolves once `bytes` for `what` fit beside the analysis; release() when they are given back. */
	make(bytes: number, what: string): Promise<{release(): void; held: boolean}>;
};
