/**
 * Playlist names from their traits. Tempo words are absolute (a BPM means the same in any library);
 * loudness and brightness are relative to the library (a "Bright" playlist is brighter than most of
 * this library), measured as the playlist's median in robust standard deviations from the library's.
 */
import {quantile} from './library.js';

/** A trait is named when the playlist's median is at least this many spreads from the library's. */
export const TRAIT_THRESHOLD = 0.5;

export function tempoWord(bpm: number): string | undefined {
	if (!Number.isFinite(bpm)) return undefined;
	if (bpm < 90) return 'Slow';
	if (bpm < 110) return 'Relaxed';
	if (bpm < 135) return 'Upbeat';
	if (bpm < 160) return 'Fast';
	return 'Frantic';
}

function median(values: readonly number[]): number {
	const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
	return quantile(finite, 0.5);
}

/**
 * "120–128 BPM": from the 10th to the 90th percentile of the tempi (the whole range below ten tracks), taken
 * as member values, so a mis-detected tempo or two do not stretch the range.
 */
export function bpmRangeLabel(tempi: readonly number[]): string | undefined {
	const sorted = tempi.filter(value => Number.isFinite(value) && value > 0).sort((a, b) => a - b);
	if (sorted.length === 0) return undefined;
	const last = sorted.length - 1;
	const trim = sorted.length >= 10 ? 0.1 : 0;
	const low = Math.round(sorted[Math.ceil(trim * last)]!);
	const high = Math.round(sorted[Math.floor((1 - trim) * last)]!);
	return low === high ? `${low} BPM` : `${low}–${high} BPM`;
}

export type TraitInput = {
	tempi: readonly number[];
	/** Library-relative scores of the members (NaN when unknown). */
	loudness: readonly number[];
	brightness: readonly number[];
};

/** "Upbeat · Bright · 120–128 BPM": tempo word, the telling relative traits, the BPM range. */
export function traitName(input: TraitInput): string {
	const parts: string[] = [];
	const tempo = tempoWord(median(input.tempi));
	if (tempo) parts.push(tempo);
	const traits: Array<{word: string; strength: number}> = [];
	const brightness = median(input.brightness);
	if (Math.abs(brightness) >= TRAIT_THRESHOLD) traits.push({word: brightness > 0 ? 'Bright' : 'Dark', strength: Math.abs(brightness)});
	const loudness = median(input.loudness);
	if (Math.abs(loudness) >= TRAIT_THRESHOLD) traits.push({word: loudness > 0 ? 'Loud' : 'Quiet', strength: Math.abs(loudness)});
	traits.sort((a, b) => b.strength - a.strength);
	parts.push(...traits.map(trait => trait.word));
	if (parts.length === (tempo ? 1 : 0)) parts.push('Balanced');
	const range = bpmRangeLabel(input.tempi);
	if (range) parts.push(range);
	return parts.join(' · ');
}

/**
 * Makes names unique: a repeated name gets its main key (when that tells them apart), then a number.
 * Comparison ignores case, as the file systems of many shares do.
 */
export function uniqueNames(candidates: ReadonlyArray<{name: string; mainKey?: string}>): string[] {
	const fold = (name: string) => name.normalize('NFC').toLowerCase();
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
