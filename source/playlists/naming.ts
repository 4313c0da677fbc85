/**
 * Playlist names that tell a set apart: each says what sets its playlist apart from the rest of this
 * library, not absolute labels that every playlist of a one-genre library would share.
 *
 * Traits, each measured against the library: tempo (median log tempo), energy, brightness (library-relative
 * scores from library.ts), key mode (share of minor keys against the library's share) and track length.
 * A trait is named when the playlist's median sits at least TRAIT_THRESHOLD robust spreads from the
 * library's ("Faster", "Dark"…); the two strongest name the playlist, strongest first. A BPM range is added
 * only when it is narrow enough to mean something. Names that still clash take their next trait, then their
 * main key, then a number; case never tells two names apart.
 */
import {quantile, robustCentre, tempoRange, type Library} from './library.js';

export {tempoRange} from './library.js';

/** A trait is named when the playlist's median is at least this many spreads from the library's. */
export const TRAIT_THRESHOLD = 0.5;
/** Below the threshold, a trait this strong can still be named as "Slightly …" when nothing else stands out. */
const WEAK_THRESHOLD = 0.2;
/** A BPM range is named when its high end is at most this factor above its low end. */
const NARROW_RANGE = 1.25;

export type Trait = {word: string; strength: number};

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

/** The traits of a group, strongest first (every trait with a known value, however weak). */
export function groupTraits(values: TraitValues, members: readonly number[]): Trait[] {
	const traits: Trait[] = [];
	const add = (value: number, low: string, high: string) => {
		if (Number.isFinite(value) && value !== 0) traits.push({word: value > 0 ? high : low, strength: Math.abs(value)});
	};
	add(medianOf(values.tempo, members), 'Slower', 'Faster');
	add(medianOf(values.energy, members), 'Calm', 'Energetic');
	add(medianOf(values.brightness, members), 'Dark', 'Bright');
	const share = values.minorShare;
	const keyed = members.map(index => values.minor[index]!).filter(Number.isFinite);
	if (keyed.length > 0 && share > 0 && share < 1) {
		const groupShare = keyed.reduce((sum, value) => sum + value, 0) / keyed.length;
		add((groupShare - share) / Math.sqrt(share * (1 - share)), 'Major-key', 'Minor-key');
	}
	add(medianOf(values.length, members), 'Short', 'Long');
	return traits.sort((a, b) => b.strength - a.strength || (a.word < b.word ? -1 : 1));
}

/** The name from the first `count` telling traits (at least one word), plus a narrow BPM range. */
function nameFrom(traits: readonly Trait[], count: number, range: string | undefined): string {
	const strong = traits.filter(trait => trait.strength >= TRAIT_THRESHOLD);
	const weak = traits.filter(trait => trait.strength < TRAIT_THRESHOLD && trait.strength >= WEAK_THRESHOLD).map(trait => `Slightly ${trait.word}`);
	// Weak traits speak only when there is nothing strong, or a clash needs more than two words.
	let words: string[];
	if (strong.length === 0) words = ['Balanced', ...weak.slice(0, Math.max(1, count - 1))];
	else {
		words = strong.slice(0, count).map(trait => trait.word);
		if (count > 2) words.push(...weak.slice(0, count - words.length));
	}
	return [...words, ...(range ? [range] : [])].join(' · ');
}

const fold = (name: string) => name.normalize('NFC').toLowerCase();

/**
 * Distinct names for the groups of one set: two traits each, more for names that clash while they have
 * more to say, then uniqueNames (main key, number).
 */
export function relativeNames(values: TraitValues, groups: ReadonlyArray<{members: readonly number[]; tempi: ArrayLike<number>; mainKey?: string}>): string[] {
	const traits = groups.map(group => groupTraits(values, group.members));
	const ranges = groups.map(group => narrowBpmLabel(group.tempi));
	const counts = groups.map(() => 2);
	for (let round = 0; round < 5; round++) {
		const names = groups.map((_, g) => fold(nameFrom(traits[g]!, counts[g]!, ranges[g])));
		const seen = new Map<string, number>();
		for (const name of names) seen.set(name, (seen.get(name) ?? 0) + 1);
		let changed = false;
		names.forEach((name, g) => {
			if (seen.get(name)! > 1 && counts[g]! < traits[g]!.length) {
				counts[g]!++;
				changed = true;
			}
		});
		if (!changed) break;
	}
	return uniqueNames(groups.map((group, g) => ({name: nameFrom(traits[g]!, counts[g]!, ranges[g]), mainKey: group.mainKey})));
}

/**
 * Makes names unique: a repeated name gets its main key (when that tells them apart), then a number.
 * Comparison ignores case, as the file systems of many shares do.
 */
export function uniqueNames(candidates: ReadonlyArray<{name: string; mainKey?: string}>): string[] {
	const counts = new Map<string, number>();
	for (const {name} of candidates) counts.set(fold(name), (counts.get(fold(name)) ?? 0) + 1);
	const withKeys = candidates.map(({name, mainKey}) => ((counts.get(fold(name)) ?? 0) > 1 && mainKey ? `${name} · ${mainKey}` : name));
	const taken = new Set<string>();
	const result: string[] = [];
	for (const name of withKeys) {
		let unique = name;
		for (let suffix = 2; taken.has(fold(unique)); suffix++) unique = `${name} (${suffix})`;
		taken.add(fold(unique));
		result.push(unique);
	}
	return result;
}
