/**
 * Playlist names that tell a set apart: each says what sets its playlist apart from the rest of this
 * library, not absolute labels that every playlist of a one-genre library would share.
 *
 * Traits, each measured against the library: tempo (median log tempo), energy, brightness (library-relative
 * scores from library.ts), key mode (share of minor keys against the library's share) and track length.
 * Which traits name each playlist is chosen in trait-choice.ts (the two strongest; a third only to tell two
 * playlists apart); the words always come in the order tempo · energy · brightness · mode · length, so names
 * scan alike. A BPM range is added only when it is narrow enough to mean something. Names that still clash
 * take their main key, then a number; case never tells two names apart.
 */
import {quantile, robustCentre, tempoRange, type Library} from '../library.js';
import {chooseTraits, TRAIT_DIMENSIONS, TRAIT_THRESHOLD, WEAK_THRESHOLD, type TraitChoice, type TraitDimension, type TraitProfile} from './trait-choice.js';

export {tempoRange} from '../library.js';

/** A BPM range is named when its high end is at most this factor above its low end. */
const NARROW_RANGE = 1.25;

/** The words for a trait below and above the library's median. */
const WORDS: Readonly<Record<TraitDimension, readonly [string, string]>> = {
	tempo: ['Slower', 'Faster'],
	energy: ['Calm', 'Energetic'],
	brightness: ['Dark', 'Bright'],
	mode: ['Major-key', 'Minor-key'],
	length: ['Short', 'Long'],
};

export type Trait = {dimension: TraitDimension; word: string; strength: number};

/** "120–128 BPM" from tempoRange, so a mis-detected tempo or two do not stretch the range. */
export function bpmRangeLabel(tempi: ArrayLike<number>): string | undefined {
	const range = tempoRange(tempi);
	if (!range) return undefined;
	return range[0] === range[1] ? `${range[0]} BPM` : `${range[0]}–${range[1]} BPM`;
}

/** The range label when the range is narrow enough to tell the listener something. */
export function narrowBpmLabel(tempi: ArrayLike<number>): string | undefined {
	const range = tempoRange(tempi);
	return range && range[1] <= NARROW_RANGE * range[0] ? bpmRangeLabel(tempi) : undefined;
}

/** Per-track values the traits are measured on, each relative to the library (NaN when unknown). */
export type TraitValues = {
	tempo: Float64Array;
	energy: Float64Array;
	brightness: Float64Array;
	/** 1 for a minor key, 0 for major, NaN without a key. */
	minor: Float64Array;
	length: Float64Array;
	/** The library's share of minor keys, and its spread as a proportion. */
	minorShare: number;
};

function relativeLog(values: ArrayLike<number>): Float64Array {
	const logs = Float64Array.from(Array.from(values), value => (Number.isFinite(value) && value > 0 ? Math.log2(value) : Number.NaN));
	const {median, spread} = robustCentre(logs);
	return logs.map(value => (spread > 0 && Number.isFinite(value) ? (value - median) / spread : Number.isFinite(value) ? 0 : Number.NaN));
}

export function traitValues(library: Library): TraitValues {
	const minor = Float64Array.from(library.tracks, track => (track.analysis.key ? (track.analysis.mode === 'minor' ? 1 : 0) : Number.NaN));
	const known = Array.from(minor).filter(Number.isFinite);
	return {
		tempo: relativeLog(library.bpm),
		energy: library.energy,
		brightness: library.brightness,
		minor,
		length: relativeLog(Float64Array.from(library.tracks, track => track.durationSeconds)),
		minorShare: known.length > 0 ? known.reduce((sum, value) => sum + value, 0) / known.length : Number.NaN,
	};
}

function medianOf(values: Float64Array, members: readonly number[]): number {
	const finite = members
		.map(index => values[index]!)
		.filter(Number.isFinite)
		.sort((a, b) => a - b);
	return quantile(finite, 0.5);
}

/** How a group differs from the library on each trait, in the library's spreads (NaN when unknown). */
export function groupProfile(values: TraitValues, members: readonly number[]): TraitProfile {
	const share = values.minorShare;
	const keyed = members.map(index => values.minor[index]!).filter(Number.isFinite);
	// A share against the library's, in the spread of one track's mode (a proportion's standard deviation).
	const mode =
		keyed.length > 0 && share > 0 && share < 1
			? (keyed.reduce((sum, value) => sum + value, 0) / keyed.length - share) / Math.sqrt(share * (1 - share))
			: Number.NaN;
	return {
		tempo: medianOf(values.tempo, members),
		energy: medianOf(values.energy, members),
		brightness: medianOf(values.brightness, members),
		mode,
		length: medianOf(values.length, members),
	};
}

function traitWord(profile: TraitProfile, dimension: TraitDimension): string {
	return WORDS[dimension][profile[dimension] > 0 ? 1 : 0];
}

/** The traits of a group, strongest first (every trait with a known value, however weak). */
export function groupTraits(values: TraitValues, members: readonly number[]): Trait[] {
	const profile = groupProfile(values, members);
	return TRAIT_DIMENSIONS.filter(dimension => Number.isFinite(profile[dimension]) && profile[dimension] !== 0)
		.map(dimension => ({dimension, word: traitWord(profile, dimension), strength: Math.abs(profile[dimension])}))
		.sort((a, b) => b.strength - a.strength || (a.word < b.word ? -1 : 1));
}

/** "Slower · Slightly Dark · 88–92 BPM": the chosen traits in their fixed order, weak ones as "Slightly …". */
export function traitName(profile: TraitProfile, choice: TraitChoice, range?: string): string {
	const words = choice.dimensions.map(dimension => {
		const word = traitWord(profile, dimension);
		return Math.abs(profile[dimension]) >= TRAIT_THRESHOLD ? word : `Slightly ${word}`;
	});
	return [...(choice.balanced ? ['Balanced'] : []), ...words, ...(range ? [range] : [])].join(' · ');
}

const fold = (name: string) => name.normalize('NFC').toLowerCase();

/**
 * Names for the groups of one set that tell them apart (trait-choice.ts). Groups that no trait tells apart
 * take their main key, then a number; a narrow BPM range does not count as telling them apart.
 */
export function relativeNames(values: TraitValues, groups: ReadonlyArray<{members: readonly number[]; tempi: ArrayLike<number>; mainKey?: string}>): string[] {
	const profiles = groups.map(group => groupProfile(values, group.members));
	const choices = chooseTraits(profiles);
	return uniqueNames(
		groups.map((group, g) => ({
			name: traitName(profiles[g]!, choices[g]!),
			mainKey: group.mainKey,
			detail: narrowBpmLabel(group.tempi),
			tied: choices[g]!.tied,
		})),
	);
}

/**
 * Makes names unique: a repeated name, or one marked `tied` (its traits are within another name's), gets
 * its main key when there is one, then a repeat a number at the end. A detail (a BPM range) follows the
 * name and key but plays no part in telling names apart. Comparison ignores case, as the file systems of
 * many shares do.
 */
export function uniqueNames(candidates: ReadonlyArray<{name: string; mainKey?: string; detail?: string; tied?: boolean}>): string[] {
	const counts = new Map<string, number>();
	for (const {name} of candidates) counts.set(fold(name), (counts.get(fold(name)) ?? 0) + 1);
	const taken = new Set<string>();
	return candidates.map(({name, mainKey, detail, tied}) => {
		const label = ((counts.get(fold(name)) ?? 0) > 1 || tied) && mainKey ? `${name} · ${mainKey}` : name;
		let suffix = 1;
		while (taken.has(fold(suffix > 1 ? `${label} (${suffix})` : label))) suffix++;
		taken.add(fold(suffix > 1 ? `${label} (${suffix})` : label));
		return `${label}${detail ? ` · ${detail}` : ''}${suffix > 1 ? ` (${suffix})` : ''}`;
	});
}

/** Each trait word to its dimension and direction (−1 below the library, +1 above). */
const WORD_TRAITS = new Map<string, {dimension: TraitDimension; sign: number}>(
	TRAIT_DIMENSIONS.flatMap(dimension => WORDS[dimension].map((word, index) => [fold(word), {dimension, sign: index === 0 ? -1 : 1}] as const)),
);

/**
 * The parts of a name given earlier that no longer hold for the group's tracks (empty: the name may stay).
 * With some slack, so that a name does not flicker as a few tracks come and go: a trait word holds while
 * the group leans its way (a plain word as far as a "Slightly" one is given, a "Slightly" one at all);
 * "Balanced" while no trait stands out by half again the naming threshold; a key while it is one of the
 * group's two most common; a BPM range while it holds the group's median tempo (5 % slack).
 */
export function staleNameParts(
	name: string,
	values: TraitValues,
	group: {members: readonly number[]; tempi: ArrayLike<number>; keys: readonly string[]},
): string[] {
	const profile = groupProfile(values, group.members);
	const stale: string[] = [];
	for (const part of name.replace(/ \(\d+\)$/, '').split(' · ')) {
		const slight = /^Slightly (.+)$/i.exec(part);
		const trait = WORD_TRAITS.get(fold(slight ? slight[1]! : part));
		if (trait) {
			const value = profile[trait.dimension];
			const needed = slight ? 0 : WEAK_THRESHOLD;
			if (!(Number.isFinite(value) && value * trait.sign > needed)) stale.push(part);
			continue;
		}
		if (fold(part) === 'balanced') {
			if (TRAIT_DIMENSIONS.some(dimension => Math.abs(profile[dimension]) >= 1.5 * TRAIT_THRESHOLD)) stale.push(part);
			continue;
		}
		if (/^[A-G]#? (major|minor)$/.test(part)) {
			if (!group.keys.slice(0, 2).includes(part)) stale.push(part);
			continue;
		}
		const range = /^(\d+)(?:–(\d+))? BPM$/.exec(part);
		if (range) {
			const low = Number(range[1]);
			const high = Number(range[2] ?? range[1]);
			const sorted = Array.from(group.tempi)
				.filter(value => Number.isFinite(value) && value > 0)
				.sort((a, b) => a - b);
			const median = quantile(sorted, 0.5);
			if (!(median >= low * 0.95 && median <= high * 1.05)) stale.push(part);
		}
	}
	return stale;
}
