/**
 * A stored track as playlists, radio and `similar` need it, in a fraction of the memory: a library of
 * 40,000 loaded whole holds about 300 MiB, mostly per-frame summaries, chroma and the timbre Gaussian as
 * arrays of doubles. Kept: what grouping, naming, ordering and the playlist files read (tags, tempo, key,
 * loudness, the vector, the spectral centroid for brightness when the vector lacks it, the timbre Gaussian
 * and onset pattern as float32, which is how the store keeps them, so nothing is lost).
 */
import type {SlimAnalysis, SlimTrack, StoredTrack} from '../store/types.js';

/**
 * Float32 views into large shared blocks: one small typed array per track would cost a backing store of
 * its own each (about 90 MiB of them at 40,000 tracks, for 45 MiB of numbers).
 */
export class Float32Arena {
	#block = new Float32Array(0);
	#used = 0;

	/** The values as float32 (read-only by convention): a Float32Array reads as number[] does. */
	take(values: readonly number[]): Float32Array {
		const length = values.length;
		if (this.#used + length > this.#block.length) {
			this.#block = new Float32Array(Math.max(BLOCK_FLOATS, length));
			this.#used = 0;
		}
		const view = this.#block.subarray(this.#used, this.#used + length);
		view.set(values);
		this.#used += length;
		return view;
	}
}

const BLOCK_FLOATS = 1 << 20;

/** The slim form of a track; pass one arena for a whole load. */
export function slimTrack(track: StoredTrack, arena: Float32Arena = new Float32Arena()): SlimTrack {
	const a = track.analysis;
	const centroid = a.summaries?.centroid;
	const analysis: SlimAnalysis = {
		featuresVersion: a.featuresVersion,
		bpm: a.bpm,
		bpmConfidence: a.bpmConfidence,
		key: a.key,
		keyTonic: a.keyTonic,
		mode: a.mode,
		keyConfidence: a.keyConfidence,
		camelot: a.camelot,
		loudnessDb: a.loudnessDb,
		vector: a.vector,
	};
	if (centroid) analysis.summaries = {centroid};
	if (a.timbre) analysis.timbre = {mean: arena.take(a.timbre.mean), covariance: arena.take(a.timbre.covariance)};
	if (a.onsetPattern) analysis.onsetPattern = arena.take(a.onsetPattern);
	if (a.silentShare !== undefined) analysis.silentShare = a.silentShare;
	const slim: SlimTrack = {
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
