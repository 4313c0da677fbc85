/**
 * The analysed library as the playlist builder sees it: the stored tracks with usable vectors, sorted by
 * path (so that the store's order cannot change the playlists), their prepared vectors, and per-track
 * scores used to name and band playlists.
 */
import path from 'node:path';
import type {SlimTrack} from '../store/types.js';
import {prepareVectors, type Metric, type Prepared} from './similarity/distance.js';
import type {Playlist, PlaylistTrack} from './types.js';
import type {FeatureWeights} from '../library/playlist-options.js';

export type LibraryOptions = {
	/** Weight group of each vector index, from the analysis' description of the vector. */
	groups?: readonly string[];
	weights?: Readonly<FeatureWeights>;
	metric?: Metric;
};

export type Library = {
	tracks: SlimTrack[];
	prepared: Prepared;
	/** Tempo in BPM (NaN when unknown). */
	bpm: Float64Array;
	loudnessDb: Float64Array;
	/** Loudness relative to the library in robust standard deviations. */
	loudness: Float64Array;
	/** Brightness relative to the library in standard deviations (NaN when the vector does not tell). */
	brightness: Float64Array;
	/** Energy relative to the library: loudness, with the rhythm group when the vector has one. */
	energy: Float64Array;
	/** Tracks left out, and why. */
	problems: Array<{path: string; message: string}>;
	/** Notes about the input as a whole (e.g. a vector layout that did not match). */
	warnings: string[];
};

/** An array of numbers, or the float64 view the store's search snapshot gives (numbers, every one). */
function finiteVector(vector: unknown): vector is number[] {
	if (vector instanceof Float64Array) return vector.length > 0;
	return Array.isArray(vector) && vector.length > 0 && vector.every(value => typeof value === 'number');
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Median and a robust spread (interquartile range / 1.349, falling back to the standard deviation). */
export function robustCentre(values: ArrayLike<number>): {median: number; spread: number} {
	const finite = Array.from(values)
		.filter(Number.isFinite)
		.sort((a, b) => a - b);
	if (finite.length === 0) return {median: Number.NaN, spread: Number.NaN};
	const median = quantile(finite, 0.5);
	let spread = (quantile(finite, 0.75) - quantile(finite, 0.25)) / 1.349;
	if (!(spread > 1e-9)) {
		const mean = finite.reduce((sum, value) => sum + value, 0) / finite.length;
		spread = Math.sqrt(finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / finite.length);
	}
	return {median, spread};
}

/** Tempo range of most of the tracks: 10th to 90th percentile from ten tracks on (all below), rounded. */
export function tempoRange(tempi: ArrayLike<number>): [number, number] | undefined {
	const sorted = Array.from(tempi)
		.filter(value => Number.isFinite(value) && value > 0)
		.sort((a, b) => a - b);
	if (sorted.length === 0) return undefined;
	const last = sorted.length - 1;
	const trim = sorted.length >= 10 ? 0.1 : 0;
	return [Math.round(sorted[Math.ceil(trim * last)]!), Math.round(sorted[Math.floor((1 - trim) * last)]!)];
}

/** Quantile of sorted values, linear interpolation. */
export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return Number.NaN;
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

function relative(values: Float64Array): Float64Array {
	const {median, spread} = robustCentre(values);
	const out = new Float64Array(values.length);
	for (let i = 0; i < values.length; i++) out[i] = spread > 0 ? (values[i]! - median) / spread : Number.isFinite(values[i]!) ? 0 : Number.NaN;
	return out;
}

/** Mean z-score of a track over the dimensions of a group (NaN when the group is absent). */
function groupScore(prepared: Prepared, vector: readonly number[], group: string): number {
	let sum = 0;
	let count = 0;
	for (let j = 0; j < prepared.groups.length; j++) {
		if (prepared.groups[j] !== group || !(prepared.std[j]! > 1e-12) || !Number.isFinite(vector[j]!)) continue;
		sum += (vector[j]! - prepared.mean[j]!) / prepared.std[j]!;
		count++;
	}
	return count > 0 ? sum / count : Number.NaN;
}

/** Builds the library view from what the store holds. */
export function prepareLibrary(stored: readonly SlimTrack[], options: LibraryOptions = {}): Library {
	const problems: Library['problems'] = [];
	const warnings: string[] = [];
	const byPath = new Map<string, SlimTrack>();
	for (const track of stored) {
		if (!finiteVector(track.analysis?.vector)) {
			problems.push({path: track.path, message: 'no similarity vector (not analysed yet?)'});
			continue;
		}
		byPath.set(track.path, track);
	}
	// Vectors of another length come from another feature layout: keep the most common one.
	const lengths = new Map<number, number>();
	for (const track of byPath.values()) lengths.set(track.analysis.vector.length, (lengths.get(track.analysis.vector.length) ?? 0) + 1);
	const length = [...lengths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
	const tracks: SlimTrack[] = [];
	for (const track of byPath.values()) {
		if (track.analysis.vector.length === length) tracks.push(track);
		else problems.push({path: track.path, message: `vector of ${track.analysis.vector.length} values, expected ${length} (analysed by another version?)`});
	}
	tracks.sort((a, b) => compareText(a.path, b.path));

	let groups = options.groups;
	if (groups && groups.length !== length && tracks.length > 0) {
		warnings.push(`vector layout describes ${groups.length} values but tracks have ${length}: weights ignored`);
		groups = undefined;
	}
	const prepared = prepareVectors(
		tracks.map(track => track.analysis.vector),
		{groups, weights: groups ? options.weights : undefined, metric: options.metric},
	);
	const n = tracks.length;
	const bpm = new Float64Array(n);
	const loudnessDb = new Float64Array(n);
	const brightnessRaw = new Float64Array(n);
	const rhythm = new Float64Array(n);
	const hasBrightness = prepared.groups.includes('brightness');
	for (let i = 0; i < n; i++) {
		const {analysis} = tracks[i]!;
		bpm[i] = analysis.bpm > 0 && Number.isFinite(analysis.bpm) ? analysis.bpm : Number.NaN;
		loudnessDb[i] = Number.isFinite(analysis.loudnessDb) ? analysis.loudnessDb : Number.NaN;
		if (hasBrightness) {
			brightnessRaw[i] = groupScore(prepared, analysis.vector, 'brightness');
		} else {
			const centroid = analysis.summaries?.centroid;
			brightnessRaw[i] = centroid && Number.isFinite(centroid.mean) ? centroid.mean : Number.NaN;
		}
		rhythm[i] = groupScore(prepared, analysis.vector, 'rhythm');
	}
	const loudnessZ = relative(loudnessDb);
	const rhythmZ = relative(rhythm);
	const energy = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const parts = [loudnessZ[i]!, rhythmZ[i]!].filter(Number.isFinite);
		energy[i] = parts.length > 0 ? parts.reduce((sum, value) => sum + value, 0) / parts.length : Number.NaN;
	}
	return {tracks, prepared, bpm, loudnessDb, loudness: loudnessZ, brightness: relative(brightnessRaw), energy, problems, warnings};
}

/** How a stored track appears in a playlist. */
export function toPlaylistTrack(track: SlimTrack): PlaylistTrack {
	const {analysis, tags} = track;
	const item: PlaylistTrack = {
		path: track.path,
		durationSeconds: track.durationSeconds,
		bpm: analysis.bpm,
		key: analysis.key,
		camelot: analysis.camelot,
	};
	if (tags.artist) item.artist = tags.artist;
	if (tags.title) item.title = tags.title;
	if (tags.album) item.album = tags.album;
	if (Number.isFinite(analysis.loudnessDb)) item.loudnessDb = analysis.loudnessDb;
	if (track.cue) item.cue = track.cue;
	return item;
}

/** "Artist - Title" from the tags, falling back to the file name without its extension. */
export function trackLabel(track: Pick<PlaylistTrack, 'path' | 'artist' | 'title'>): string {
	const base = path.basename(track.path, path.extname(track.path));
	const title = track.title?.trim() || base;
	const artist = track.artist?.trim();
	return artist ? `${artist} - ${title}` : title;
}

/** A playlist of library tracks (indices) in the given order, with its summary figures. */
export function makePlaylist(library: Library, name: string, order: readonly number[], strategy: Playlist['strategy']): Playlist {
	const tracks = order.map(index => toPlaylistTrack(library.tracks[index]!));

	const keyCounts = new Map<string, number>();
	for (const track of tracks) if (track.key) keyCounts.set(track.key, (keyCounts.get(track.key) ?? 0) + 1);
	const mainKeys = [...keyCounts.entries()]
		.sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
		.slice(0, 3)
		.map(([key]) => key);
	const playlist: Playlist = {
		name,
		tracks,
		durationSeconds: tracks.reduce((sum, track) => sum + (Number.isFinite(track.durationSeconds) ? track.durationSeconds : 0), 0),
		bpmRange: tempoRange(order.map(index => library.bpm[index]!)) ?? [0, 0],
		mainKeys,
	};
	if (strategy) playlist.strategy = strategy;
	return playlist;
}
