/**
 * Which weight group each index of `TrackAnalysis.vector` belongs to (tempo, loudness, brightness,
 * timbre, tonality, rhythm). The analysis module owns the vector and describes its fields in
 * VECTOR_FIELDS; this is the one place the playlist code learns that layout.
 */
import {VECTOR_FIELDS} from '../../analysis/vector.js';

/** The layout of the vectors this build's analyser writes. */
export function vectorGroups(): readonly string[] {
	return VECTOR_FIELDS.map(field => field.group);
}
