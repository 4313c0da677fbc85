import path from 'node:path';
import type {ExecutionContext} from 'ava';
import type {TrackAnalysis} from '../../source/analysis/types.js';
import {createRng} from '../../source/playlists/random.js';
import type {SlimTrack, StoredTrack} from '../../source/store/types.js';
import type {ScannedTrack} from '../../source/audio/scan.js';
import type {AnalysedTrack} from '../../source/library/track.js';
import {LibraryStore, type OpenStoreOptions} from '../../source/store/library-store.js';
import {tempDir} from '../helpers/fixtures.js';
import {syntheticTrack} from '../helpers/synthetic-library.js';
import {writeSyntheticStore} from '../helpers/synthetic-store.js';

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

/** What a neighbour search reads of a track, in plain values (typed arrays as arrays). */
export function searched(track: SlimTrack) {
	const {analysis: a} = track;
	return {
		path: track.path,
		sizeBytes: track.sizeBytes,
		durationSeconds: track.durationSeconds,
		partial: track.partial,
		artist: track.tags.artist,
		title: track.tags.title,
		cue: track.cue,
		featuresVersion: a.featuresVersion,
		bpm: a.bpm,
		key: a.key,
		silentShare: a.silentShare,
		vector: Array.from(a.vector),
		// What the library view takes for a vector (playlists/library.ts): an array, or the snapshot's float64 view.
		vectorReadable: Array.isArray(a.vector) || (a.vector as unknown) instanceof Float64Array,
		timbre: a.timbre && {mean: Array.from(a.timbre.mean), covariance: Array.from(a.timbre.covariance)},
		onsetPattern: a.onsetPattern && Array.from(a.onsetPattern),
	};
}

/** A store of `tracks` as analysis leaves them, closed. */
export async function storeOf(t: ExecutionContext, tracks: StoredTrack[]): Promise<string> {
	const file = path.join(tempDir(t, 'search-rows-'), 'library.db');
	await writeSyntheticStore(file, tracks);
	return file;
}

/** Tracks with every case the rows can hold: no tempo, no key, silence, partial, no timbre, a name that is not UTF-8, a CUE track. */
export function variedTracks(): StoredTrack[] {
	const rng = createRng(3);
	const gaussian = () => {
		const covariance: number[] = [];
		for (let i = 0; i < 20; i++) for (let j = i; j < 20; j++) covariance.push(i === j ? 1 + rng.next() : 0.1 * rng.normal());
		return {mean: Array.from({length: 20}, () => rng.normal() / 3), covariance};
	};
	const track = (file: string, analysis: Partial<StoredTrack['analysis']> = {}, extra: Partial<StoredTrack> = {}) =>
		syntheticTrack(
			{path: file, durationSeconds: 100 + 100 * rng.next(), sizeBytes: 1000 + rng.int(1e6), tags: {artist: 'A', title: file.slice(-6), album: 'B'}, ...extra},
			{
				vector: Array.from({length: 5}, () => rng.normal() * 1e3 + 1 / 3),
				timbre: gaussian(),
				onsetPattern: Array.from({length: 54}, () => rng.next()),
				silentShare: 0.1234567890123 * rng.next(),
				bpm: 90 + 60 * rng.next(),
				...analysis,
			},
		);
	return [
		track('/m/a.flac'),
		track('/m/b.mp3', {bpm: Number.NaN}),
		track('/m/c.ogg', {key: undefined as unknown as string}),
		track('/m/d.ogg', {silentShare: undefined}),
		track('/m/e.ogg', {timbre: undefined, onsetPattern: undefined}),
		track('/m/f.ogg', {}, {partial: true, tags: {}}),
		track('/m/caf\uDCE9.ogg'),
		track(
			'/m/album.flac#02',
			{},
			{
				cue: {image: '/m/album.flac', sheet: '/m/album.cue', embedded: false, sheetSize: 100, sheetMtimeMs: 1, number: 2, ordinal: 2, startSeconds: 60},
			},
		),
		track('/other/g.flac'),
	];
}
