import {coerce} from './coerce.js';
import {OPTION_BY_KEY} from './options.js';
import type {Config} from './resolve.js';

/** The settings a running session obeys; each may change while it runs. */
export type Limits = Pick<
	Config,
	| 'memoryLimitPercent'
	| 'chunkSeconds'
	| 'minChunkSeconds'
	| 'maxChunkSeconds'
	| 'gcThresholdPercent'
	| 'monitorIntervalChunks'
	| 'monitoringEnabled'
	| 'workers'
>;

export const LIMIT_KEYS = [
	'memoryLimitPercent',
	'chunkSeconds',
	'minChunkSeconds',
	'maxChunkSeconds',
	'gcThresholdPercent',
	'monitorIntervalChunks',
	'monitoringEnabled',
	'workers',
] as const satisfies ReadonlyArray<keyof Limits>;

/** The limits as the defaults set them (50 % of RAM, chunks of 15 s within 5–30 s, GC above 90 %, …). */
export function defaultLimits(): Limits {
	return Object.fromEntries(LIMIT_KEYS.map(key => [key, OPTION_BY_KEY.get(key)!.default])) as Limits;
}

export function pickLimits(config: Config): Limits {
	return Object.fromEntries(LIMIT_KEYS.map(key => [key, config[key]])) as Limits;
}

export type LimitsChange = {ok: true; limits: Limits; changed: Array<keyof Limits>} | {ok: false; errors: string[]};

/** Applies a partial change to the limits, validating each value and the min ≤ chunk ≤ max rule. */
export function applyLimitsChange(current: Limits, change: Partial<Limits>): LimitsChange {
	const errors: string[] = [];
	const next: Limits = {...current};
	const changed: Array<keyof Limits> = [];
	for (const [key, value] of Object.entries(change) as Array<[keyof Limits, unknown]>) {
		const spec = OPTION_BY_KEY.get(key);
		if (!spec || !(LIMIT_KEYS as readonly string[]).includes(key)) {
			errors.push(`${key} is not a live limit`);
			continue;
		}
		const result = coerce(spec, value);
		if (!result.ok) {
			errors.push(`${key} = ${JSON.stringify(value)}: must be ${result.allowed}`);
			continue;
		}
		if (next[key] !== result.value) changed.push(key);
		(next as Record<string, unknown>)[key] = result.value;
	}
	if (errors.length === 0 && !(next.minChunkSeconds <= next.chunkSeconds && next.chunkSeconds <= next.maxChunkSeconds)) {
		errors.push(`chunk durations must satisfy min ≤ chunk ≤ max, got ${next.minChunkSeconds} ≤ ${next.chunkSeconds} ≤ ${next.maxChunkSeconds}`);
	}
	return errors.length > 0 ? {ok: false, errors} : {ok: true, limits: next, changed};
}
