/**
 * The track vector: a fixed-length description of a track for similarity. Playlists z-score each field
 * over the library and weight the groups (`tempo, loudness, brightness, timbre, tonality, rhythm`,
 * see DEFAULT_WEIGHTS in config/options.ts); VECTOR_FIELDS says which index belongs to which group.
 *
 * | index | name              | group      | meaning                                                                  |
 * |-------|-------------------|------------|--------------------------------------------------------------------------|
 * | 0     | tempo.log2        | tempo      | log2(bpm / 120): octaves above or below 120 BPM                         |
 * | 1     | tempo.cos         | tempo      | cos(2π log2(bpm / 120)): tempo folded onto one octave, so that a        |
 * | 2     | tempo.sin         | tempo      | sin(2π log2(bpm / 120))   halved or doubled estimate lands in the same place |
 * | 3     | loudness.db       | loudness   | integrated level, dBFS RMS over every sample                           |
 * | 4     | loudness.mean     | loudness   | mean Bark-band loudness per frame (Meyda's total loudness)               |
 * | 5     | loudness.range    | loudness   | std of the frame level in dB (dynamics), non-silent frames               |
 * | 6     | centroid.mean     | brightness | spectral centroid, Hz, mean over non-silent frames                       |
 * | 7     | centroid.std      | brightness | its standard deviation                                                   |
 * | 8     | rolloff.mean      | brightness | 99 % amplitude rolloff, Hz                                               |
 * | 9     | rolloff.std       | brightness |                                                                          |
 * | 10    | flatness.mean     | brightness | spectral flatness (0 tonal … 1 noise-like)                               |
 * | 11    | flatness.std      | brightness |                                                                          |
 * | 12    | zcr.mean          | brightness | zero crossings per second                                                |
 * | 13–24 | mfcc1..12.mean    | timbre     | mean of MFCC 1–12 (MFCC 0, the frame energy, is left to loudness)        |
 * | 25–36 | mfcc1..12.std     | timbre     | their standard deviations                                                |
 * | 37–42 | interval1..6      | tonality   | interval-class strengths of the long-frame chroma (key-invariant)       |
 * | 43–46 | triad.major/minor/diminished/augmented | tonality | triad-type shares (key-invariant)                |
 * | 47    | chroma.entropy    | tonality   | 0 = few pitch classes … 1 = all equally (noise, atonal)                  |
 * | 48    | mode              | tonality   | +key confidence for major, −key confidence for minor                    |
 * | 49    | pulse.clarity     | rhythm     | onset autocorrelation at the tempo lag (the tempo confidence)           |
 * | 50    | onset.rate        | rhythm     | onsets per second                                                        |
 * | 51    | flux.mean         | rhythm     | log(1 + spectral flux), mean over non-silent frames                      |
 * | 52    | flux.std          | rhythm     | its standard deviation                                                   |
 *
 * Raw mean chroma is deliberately absent: it depends on the key and drowns the useful dimensions.
 * FEATURES_VERSION changes whenever any field's meaning, order or computation changes.
 */

export const FEATURES_VERSION = 2;

export type FeatureGroup = 'tempo' | 'loudness' | 'brightness' | 'timbre' | 'tonality' | 'rhythm';

export const FEATURE_GROUPS: readonly FeatureGroup[] = ['tempo', 'loudness', 'brightness', 'timbre', 'tonality', 'rhythm'];

/** MFCC 1–12 (MFCC 0, the frame energy, is left to loudness). */
export const VECTOR_MFCCS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
export const INTERVAL_CLASSES = [1, 2, 3, 4, 5, 6] as const;
export const TRIAD_TYPES = ['major', 'minor', 'diminished', 'augmented'] as const;

function fields<const Name extends string, const Group extends FeatureGroup>(group: Group, names: readonly Name[]): Array<{name: Name; group: Group}> {
	return names.map(name => ({name, group}));
}

const layout = [
	...fields('tempo', ['tempo.log2', 'tempo.cos', 'tempo.sin']),
	...fields('loudness', ['loudness.db', 'loudness.mean', 'loudness.range']),
	...fields('brightness', ['centroid.mean', 'centroid.std', 'rolloff.mean', 'rolloff.std', 'flatness.mean', 'flatness.std', 'zcr.mean']),
	...fields('timbre', [...VECTOR_MFCCS.map(i => `mfcc${i}.mean` as const), ...VECTOR_MFCCS.map(i => `mfcc${i}.std` as const)]),
	...fields('tonality', [
		...INTERVAL_CLASSES.map(i => `interval${i}` as const),
		...TRIAD_TYPES.map(type => `triad.${type}` as const),
		'chroma.entropy',
		'mode',
	]),
	...fields('rhythm', ['pulse.clarity', 'onset.rate', 'flux.mean', 'flux.std']),
];

/** The name of a vector field: a misspelt one does not compile. */
export type VectorFieldName = (typeof layout)[number]['name'];

export type VectorField = {name: VectorFieldName; group: FeatureGroup};

/** The vector's fields in order, each with its weight group. */
export const VECTOR_FIELDS: readonly VectorField[] = layout;

export const VECTOR_LENGTH = VECTOR_FIELDS.length;

/** Indices of each group's fields in the vector. */
export function groupIndices(): Record<FeatureGroup, number[]> {
	const out = Object.fromEntries(FEATURE_GROUPS.map(group => [group, [] as number[]])) as Record<FeatureGroup, number[]>;
	VECTOR_FIELDS.forEach((field, index) => out[field.group].push(index));
	return out;
}

/** Builds the vector from named values; a missing or non-finite value becomes 0. */
export function buildVector(values: Readonly<Partial<Record<VectorFieldName, number>>>): number[] {
	return VECTOR_FIELDS.map(({name}) => {
		const value = values[name];
		return value !== undefined && Number.isFinite(value) ? value : 0;
	});
}
