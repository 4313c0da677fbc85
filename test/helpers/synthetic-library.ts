/**
 * Synthetic analysed libraries for playlist tests and benchmarks: families are Gaussian clusters in a
 * vector laid out like the analysis' (groups tempo, loudness, brightness, timbre, tonality, rhythm), with
 * a fixed seed. Tonality dimensions carry no family signal, as raw chroma would not.
 */
import {camelot, keyLabel, type Mode} from '../../source/analysis/key-names.js';
import {createRng} from '../../source/playlists/random.js';
import type {TrackAnalysis} from '../../source/analysis/types.js';
import type {StoredTrack} from '../../source/store/types.js';

/** 1 tempo, 2 loudness, 4 brightness, 26 timbre (13 MFCC means and deviations), 6 tonality, 3 rhythm. */
export const SYNTHETIC_GROUPS: readonly string[] = [
	'tempo',
	...Array<string>(2).fill('loudness'),
	...Array<string>(4).fill('brightness'),
	...Array<string>(26).fill('timbre'),
	...Array<string>(6).fill('tonality'),
	...Array<string>(3).fill('rhythm'),
];

export type SyntheticOptions = {
	families: number;
	perFamily: number;
	seed?: number;
	/** Spread of tracks around their family centre, in units of the spread between family centres. */
	spread?: number;
	/** Relative spread of tempo within a family. Default 0.03. */
	tempoSpread?: number;
	/** Share of tracks whose tempo is reported halved or doubled. */
	octaveErrors?: number;
	root?: string;
};

export type SyntheticLibrary = {tracks: StoredTrack[]; families: string[]; groups: readonly string[]};

export function syntheticTrack(partial: Partial<StoredTrack> & {path: string}, analysis: Partial<TrackAnalysis> = {}): StoredTrack {
	const tonic = analysis.keyTonic ?? 9;
	const mode: Mode = analysis.mode ?? 'minor';
	return {
		sizeBytes: 1000,
		mtimeMs: 0,
		durationSeconds: 180,
		partial: false,
		tags: {},
		...partial,
		analysis: {
			featuresVersion: 1,
			bpm: 120,
			bpmConfidence: 0.8,
			key: keyLabel(tonic, mode),
			keyTonic: tonic,
			mode,
			keyConfidence: 0.8,
			camelot: camelot(tonic, mode),
			loudnessDb: -14,
			// Synthetic tracks have vectors only: no per-frame summaries behind them.
			summaries: {} as TrackAnalysis['summaries'],
			chroma: Array<number>(12).fill(0),
			vector: [0, 0, 0],
			...analysis,
		},
	};
}

/** A library of `families × perFamily` tracks; `families[i]` is the family of `tracks[i]`. */
export function syntheticLibrary(options: SyntheticOptions): SyntheticLibrary {
	const rng = createRng(options.seed ?? 42);
	const spread = options.spread ?? 0.35;
	const root = options.root ?? '/music';
	const d = SYNTHETIC_GROUPS.length;
	// Families share a handful of common tempi, as genres do: tempo alone cannot tell them apart.
	const commonTempi = [85, 95, 100, 110, 120, 124, 128, 140, 150, 170];
	const centres = Array.from({length: options.families}, () => ({
		bpm: commonTempi[rng.int(commonTempi.length)]!,
		tonic: rng.int(12),
		mode: (rng.next() < 0.5 ? 'major' : 'minor') as Mode,
		loudnessDb: -20 + rng.next() * 14,
		vector: Array.from({length: d}, () => rng.normal()),
	}));
	const tracks: StoredTrack[] = [];
	const families: string[] = [];
	for (let f = 0; f < options.families; f++) {
		const centre = centres[f]!;
		const family = `family-${String(f + 1).padStart(2, '0')}`;
		for (let t = 0; t < options.perFamily; t++) {
			let bpm = centre.bpm * (1 + (options.tempoSpread ?? 0.03) * rng.normal());
			if (rng.next() < (options.octaveErrors ?? 0)) bpm = rng.next() < 0.5 ? bpm / 2 : bpm * 2;
			const loudnessDb = centre.loudnessDb + rng.normal();
			// One track in eight sits in a neighbouring key, as real albums do.
			const tonic = rng.next() < 0.125 ? (centre.tonic + 7) % 12 : centre.tonic;
			const vector = SYNTHETIC_GROUPS.map((group, j) => {
				if (group === 'tempo') return bpm;
				if (j === 1) return loudnessDb;
				if (group === 'tonality') return rng.normal();
				return centre.vector[j]! + spread * rng.normal();
			});
			tracks.push(
				syntheticTrack(
					{
						path: `${root}/${family}/${family}-${String(t + 1).padStart(4, '0')}.mp3`,
						sizeBytes: 3_000_000 + rng.int(7_000_000),
						durationSeconds: 120 + rng.int(300),
						tags: {artist: `Artist ${f + 1}`, title: `Song ${t + 1}`, album: `Album ${f + 1}`},
					},
					{bpm, keyTonic: tonic, mode: centre.mode, key: keyLabel(tonic, centre.mode), camelot: camelot(tonic, centre.mode), loudnessDb, vector},
				),
			);
			families.push(family);
		}
	}
	return {tracks, families, groups: SYNTHETIC_GROUPS};
}
