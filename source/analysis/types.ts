import type {Mode} from './key-names.js';

/** Mean and standard deviation of a per-frame feature over a track. */
export type FeatureSummary = {mean: number; std: number};

/**
 * What the analysis says about one track: the `TrackAnalysis` the session reports and the store keeps.
 * `vector` is the fixed-length description used for similarity; its fields are documented beside
 * FEATURES_VERSION, which changes whenever their meaning does (stored tracks with another version are
 * analysed again).
 */
export type TrackFeatures = {
	featuresVersion: number;
	bpm: number;
	bpmConfidence: number;
	/** e.g. "A minor". */
	key: string;
	keyTonic: number;
	mode: Mode;
	keyConfidence: number;
	/** Camelot wheel code, e.g. "8A" for A minor, "8B" for C major. */
	camelot: string;
	loudnessDb: number;
	summaries: Record<string, FeatureSummary>;
	/** Mean chroma, 12 bins from C. */
	chroma: number[];
	vector: number[];
};
