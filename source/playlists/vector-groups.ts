/**
 * Which weight group each index of `TrackFeatures.vector` belongs to (tempo, loudness, brightness,
 * timbre, tonality, rhythm). The analysis module owns the vector and describes its fields in
 * VECTOR_FIELDS; this is the one place the playlist code learns that layout.
 */
import {VECTOR_FIELDS} from '../analysis/vector.js';

export type VectorField = {name: string; group: string};

/** The group of each vector index, from a field description. */
export function groupsOf(fields: readonly VectorField[]): string[] {
	return fields.map(field => field.group);
}

/** The layout of the vectors this build's analyser writes. */
export function vectorGroups(): readonly string[] {
	return groupsOf(VECTOR_FIELDS);
}
