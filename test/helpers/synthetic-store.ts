/** Synthetic tracks saved in a real library store, as analysis would have left them. */
import {FEATURES_VERSION} from '../../source/analysis/vector.js';
import {LibraryStore} from '../../source/store/library-store.js';
import type {StoredTrack} from '../../source/store/types.js';

/** Creates (or adds to) the store at `file` with `tracks`, stamped with this build's features version. */
export async function writeSyntheticStore(file: string, tracks: Iterable<StoredTrack>): Promise<void> {
	const store = await LibraryStore.open(file, {featuresVersion: FEATURES_VERSION});
	try {
		for (const track of tracks) {
			store.saveTrack({
				path: track.path,
				size: track.sizeBytes,
				mtimeMs: track.mtimeMs,
				durationSeconds: track.durationSeconds,
				tags: track.tags,
				partial: track.partial,
				analysis: track.analysis && {...track.analysis, featuresVersion: FEATURES_VERSION},
				...(track.cue ? {cue: track.cue} : {}),
			});
		}
	} finally {
		store.close();
	}
}
