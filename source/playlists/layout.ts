/**
 * Which weight group each index of `TrackFeatures.vector` belongs to (tempo, loudness, brightness,
 * timbre, tonality, rhythm). The analysis module owns the vector and describes its fields; this is the one
 * place the playlist code learns that layout. Without it every index counts the same and the configured
 * group weights cannot apply.
 */
export type VectorField = {name: string; group: string};

/** The group of each vector index, from a field description such as the analysis' VECTOR_FIELDS. */
export function groupsOf(fields: readonly VectorField[]): string[] {
	return fields.map(field => field.group);
}

/** The layout of the vectors in the store; undefined until the analysis describes its vector. */
export function vectorGroups(): readonly string[] | undefined {
	return undefined;
}
