/** A real library store of synthetic tracks with vectors as long as this build's: enough for playlists and similar. */
import path from 'node:path';
import {FEATURES_VERSION, VECTOR_LENGTH} from '../../source/analysis/vector.js';
import {syntheticTrack} from './synthetic-library.js';
import {writeSyntheticStore} from './synthetic-store.js';

/** Writes `count` tracks under `root`/Music into the store at `file`; resolves with `file`. */
export async function vectorStore(file: string, root: string, count: number): Promise<string> {
	const tracks = Array.from({length: count}, (_, index) =>
		syntheticTrack(
			{path: path.join(root, 'Music', `track ${index}.flac`), tags: {artist: `Artist ${index % 7}`, title: `Song ${index}`}},
			{featuresVersion: FEATURES_VERSION, bpm: 90 + (index % 50), vector: Array.from({length: VECTOR_LENGTH}, (_, j) => Math.sin(index * 3 + j))},
		),
	);
	await writeSyntheticStore(file, tracks);
	return file;
}
