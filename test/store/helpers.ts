import path from 'node:path';
import type {ExecutionContext} from 'ava';
import type {TrackAnalysis} from '../../source/analysis/types.js';
import type {ScannedTrack} from '../../source/audio/scan.js';
import type {AnalysedTrack} from '../../source/library/track.js';
import {LibraryStore, type OpenStoreOptions} from '../../source/store/library-store.js';
import {tempDir} from '../helpers/fixtures.js';

/** A store in a fresh temporary folder, closed when the test ends. */
export async function openTempStore(
	t: ExecutionContext,
	options: OpenStoreOptions = {},
	file = path.join(tempDir(t, 'playlistgen-store-'), 'library.db'),
): Promise<LibraryStore> {
	const store = await LibraryStore.open(file, options);
	t.teardown(() => store.close());
	return store;
}

export function scanned(file: string, size = 1000, mtimeMs = 1_700_000_000_000): ScannedTrack {
	return {path: file, size, mtimeMs};
}

/**
 * An analysed track as the session hands it to the store. The store keeps an analysis as it is given;
 * these tests give only the fields they look at.
 */
export function analysed(track: ScannedTrack, analysis: Partial<TrackAnalysis> | undefined = {featuresVersion: 0}): AnalysedTrack {
	return {
		...track,
		durationSeconds: 200.5,
		tags: {artist: 'Artist', title: path.basename(track.path)},
		partial: false,
		analysis: analysis as TrackAnalysis | undefined,
	};
}
