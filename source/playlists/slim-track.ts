/**
 * A stored track as playlists, radio and `similar` need it, in a fraction of the memory: a library of
 * 40,000 loaded whole holds about 300 MiB, mostly per-frame summaries, chroma and the timbre Gaussian as
 * arrays of doubles. Kept: what grouping, naming, ordering and the playlist files read (tags, tempo, key,
 * loudness, the vector, the spectral centroid for brightness when the vector lacks it, the timbre Gaussian
 * and onset pattern as float32, which is how the store keeps them, so nothing is lost).
 */
import type {TrackAnalysis} from '../analysis/types.js';
import type {StoredTrack} from '../store/types.js';

/** Read-only numbers: the slim track's float32 arrays stand where the types say number[]. */
function float32(values: readonly number[]): number[] {
	return Float32Array.from(values) as unknown as number[];
}

export function slimTrack(track: StoredTrack): StoredTrack {
	const a = track.analysis;
	const centroid = a.summaries?.centroid;
	const analysis: TrackAnalysis = {
		featuresVersion: a.featuresVersion,
		bpm: a.bpm,
		bpmConfidence: a.bpmConfidence,
		key: a.key,
		keyTonic: a.keyTonic,
		mode: a.mode,
		keyConfidence: a.keyConfidence,
		camelot: a.camelot,
		loudnessDb: a.loudnessDb,
		summaries: (centroid ? {centroid} : {}) as TrackAnalysis['summaries'],
		chroma: [],
		vector: a.vector,
	};
	if (a.timbre) analysis.timbre = {mean: float32(a.timbre.mean), covariance: float32(a.timbre.covariance)};
	if (a.onsetPattern) analysis.onsetPattern = float32(a.onsetPattern);
	const slim: StoredTrack = {
		path: track.path,
		sizeBytes: track.sizeBytes,
		mtimeMs: track.mtimeMs,
		durationSeconds: track.durationSeconds,
		partial: track.partial,
		tags: track.tags,
		analysis,
	};
	if (track.cue) slim.cue = track.cue;
	return slim;
}
