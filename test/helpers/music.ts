import {spawnSync} from 'node:child_process';
import {renderLibrary, type ManifestEntry} from '../../media/render.js';
import {FAMILIES, variant, type FamilyName, type Recipe} from '../../media/recipes.js';
import {ffmpeg} from './fixtures.js';

const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];

/**
 * Synthetic tracks of known tempo and key for accuracy checks: `count` recipes with tempos spread evenly
 * over [minBpm, maxBpm], tonics walking round the circle of fifths, major and minor alternating, and the
 * three timbre families in turn.
 */
export function accuracyRecipes(count: number, options: {minBpm?: number; maxBpm?: number; seconds?: number; format?: Recipe['format']} = {}): Recipe[] {
	const {minBpm = 70, maxBpm = 180, seconds = 12, format = 'flac'} = options;
	return Array.from({length: count}, (_, i) => {
		const family = FAMILY_NAMES[i % FAMILY_NAMES.length]!;
		const base = variant(family, i, seconds, format);
		const bpm = count === 1 ? minBpm : Math.round((minBpm + ((maxBpm - minBpm) * i) / (count - 1)) * 10) / 10;
		return {...base, name: `acc-${String(i + 1).padStart(3, '0')}-${family}`, bpm, tonic: (i * 7) % 12, mode: i % 2 === 0 ? 'major' : 'minor'};
	});
}

export async function renderRecipes(recipes: Recipe[], dir: string): Promise<ManifestEntry[]> {
	return renderLibrary(recipes, dir, ffmpeg());
}

/** Decodes a file to mono float32 at a rate, as the session's decoder does (whole file in memory: tests only). */
export function decode(file: string, sampleRate: number): Float32Array {
	const result = spawnSync(ffmpeg(), ['-v', 'error', '-i', `file:${file}`, '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', 'pipe:1'], {
		maxBuffer: 1024 * 1024 * 1024,
	});
	if (result.status !== 0) throw new Error(`ffmpeg could not decode ${file}: ${result.stderr.toString()}`);
	const bytes = result.stdout;
	const copy = new Uint8Array(bytes.length);
	copy.set(bytes);
	return new Float32Array(copy.buffer, 0, bytes.length / 4);
}

/** Within ±4 % of the truth (MIREX Accuracy1). */
export function accuracy1(estimate: number, truth: number): boolean {
	return Math.abs(estimate - truth) <= 0.04 * truth;
}

/** Within ±4 % of the truth or of its double, half, triple or third (MIREX Accuracy2). */
export function accuracy2(estimate: number, truth: number): boolean {
	return [1, 2, 0.5, 3, 1 / 3].some(factor => accuracy1(estimate, truth * factor));
}
