import {nearest} from '../util/nearest.js';
import {parseSize} from '../util/units.js';
import {compileGlob, GlobError, splitList} from './glob.js';
import {DEFAULT_WEIGHTS, type OptionSpec} from './options.js';
import type {FeatureWeights} from '../library/playlist-options.js';

/** A coerced value, or what was wrong: `allowed` says what the option takes, `problem` (if any) what this value got wrong. */
export type Coerced = {ok: true; value: unknown} | {ok: false; allowed: string; problem?: string};

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** The smallest RAM a run can be pretended into. */
export const MIN_RAM_BYTES = 32 * 1024 * 1024;

/** At most this many characters of a value go into a message: a huge value is cut, its size said. */
export const SHOWN_CHARACTERS = 80;

/** Text as a message shows it: whole when short, else its start and how long it is. */
export function shownText(text: string): string {
	return text.length <= SHOWN_CHARACTERS ? text : `${text.slice(0, SHOWN_CHARACTERS)}… (${text.length.toLocaleString('en')} characters)`;
}

/** A raw value as a message shows it: JSON, cut when long (a list says how many items it has). */
export function shownValue(raw: unknown): string {
	if (raw === undefined) return 'nothing';
	let text: string;
	try {
		text = JSON.stringify(raw) ?? String(raw);
	} catch {
		text = String(raw);
	}
	if (text.length <= SHOWN_CHARACTERS) return text;
	const characters = `${text.length.toLocaleString('en')} characters`;
	const items = Array.isArray(raw) ? `${raw.length.toLocaleString('en')} item${raw.length === 1 ? '' : 's'}, ` : '';
	return `${text.slice(0, SHOWN_CHARACTERS)}… (${items}${characters})`;
}

/** What a value of this option may be, in words, for error messages and documentation. */
export function allowedText(spec: OptionSpec): string {
	switch (spec.kind) {
		case 'percent':
			return `a percentage from ${spec.min} to ${spec.max}`;
		case 'int':
			return `a whole number from ${spec.min} to ${spec.max}`;
		case 'number':
			return `a number from ${spec.min} to ${spec.max}`;
		case 'boolean':
			return 'true or false';
		case 'size':
			return 'a size of at least 32M, such as 512M or 2G';
		case 'enum':
			return `one of ${spec.choices!.join(', ')}`;
		case 'list':
			return spec.key === 'exclude'
				? 'a list of glob patterns (comma-separated in variables; the flag may be repeated)'
				: spec.key === 'extensions'
					? 'a non-empty list of file extensions (comma-separated in variables)'
					: 'a list of strings (comma-separated in variables)';
		case 'weights':
			return `a mapping of feature group (${Object.keys(DEFAULT_WEIGHTS).join(', ')}) to a number ≥ 0`;
		case 'path':
			return 'a path';
		case 'string':
			return 'a non-empty string';
	}
}

function toNumber(raw: unknown): number {
	if (typeof raw === 'number') return raw;
	if (typeof raw === 'string' && DECIMAL.test(raw.trim())) return Number(raw.trim());
	return Number.NaN;
}

function toList(raw: unknown): string[] | undefined {
	if (typeof raw === 'string') return splitList(raw);
	if (!Array.isArray(raw)) return undefined;
	const items: string[] = [];
	for (const item of raw) {
		if (typeof item === 'string') items.push(...splitList(item));
		else if (typeof item === 'number' && Number.isFinite(item)) items.push(String(item));
		else return undefined;
	}
	return items;
}

/** Reads weights from an object, JSON text, or `tempo=2,timbre=0.5`. */
function toWeights(raw: unknown): Record<string, unknown> | undefined {
	if (typeof raw === 'string') {
		const text = raw.trim();
		if (text.startsWith('{')) {
			try {
				return toWeights(JSON.parse(text));
			} catch {
				return undefined;
			}
		}
		const entries: Array<[string, unknown]> = [];
		for (const item of splitList(text)) {
			const match = /^([^=:\s]+)\s*[=:]\s*(.+)$/.exec(item);
			if (!match) return undefined;
			entries.push([match[1]!, toNumber(match[2])]);
		}
		return entries.length > 0 ? Object.fromEntries(entries) : undefined;
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
	return raw as Record<string, unknown>;
}

/**
 * Turns a raw value (a string from a flag or variable, or a JSON/YAML/JS value from a file)
 * into the option's type, or says what is allowed. Weights come back partial: the caller merges
 * them over the value below. Paths come back as written: the caller resolves them.
 */
export function coerce(spec: OptionSpec, raw: unknown): Coerced {
	const allowed = allowedText(spec);
	const fail = (problem?: string): Coerced => ({ok: false, allowed, problem});
	switch (spec.kind) {
		case 'path':
		case 'string':
			return typeof raw === 'string' && raw.trim() !== '' ? {ok: true, value: raw.trim()} : fail();
		case 'int':
		case 'number':
		case 'percent': {
			const value = toNumber(raw);
			if (!Number.isFinite(value)) return fail();
			if (spec.kind === 'int' && !Number.isInteger(value)) return fail();
			if (value < spec.min! || value > spec.max!) return fail();
			return {ok: true, value};
		}
		case 'boolean': {
			if (typeof raw === 'boolean') return {ok: true, value: raw};
			if (typeof raw !== 'string' && typeof raw !== 'number') return fail();
			const text = String(raw).trim().toLowerCase();
			if (TRUE.has(text)) return {ok: true, value: true};
			if (FALSE.has(text)) return {ok: true, value: false};
			return fail();
		}
		case 'size': {
			const value =
				typeof raw === 'number' ? (Number.isFinite(raw) && raw > 0 ? Math.round(raw) : undefined) : typeof raw === 'string' ? parseSize(raw) : undefined;
			// Below 32 MiB nothing can run, whatever the scheduler does.
			if (value === undefined || value < MIN_RAM_BYTES) return fail();
			return {ok: true, value};
		}
		case 'enum':
			return typeof raw === 'string' && spec.choices!.includes(raw.trim().toLowerCase()) ? {ok: true, value: raw.trim().toLowerCase()} : fail();
		case 'list': {
			const list = toList(raw);
			if (!list) return fail();
			if (spec.nonEmpty && list.length === 0) return fail();
			if (spec.key === 'extensions') {
				const extensions = list.map(item => item.replace(/^\*?\./, '').toLowerCase());
				const bad = extensions.find(item => !/^[a-z0-9][a-z0-9_-]*$/.test(item));
				if (bad !== undefined) return fail(`"${shownText(bad)}" is not a file extension; must be ${allowed}`);
				return {ok: true, value: [...new Set(extensions)]};
			}
			if (spec.key === 'exclude') {
				for (const pattern of list) {
					try {
						compileGlob(pattern);
					} catch (error) {
						if (error instanceof GlobError) return fail(`the pattern "${shownText(pattern)}" ${error.message}`);
						throw error;
					}
				}
			}
			return {ok: true, value: list};
		}
		case 'weights': {
			const object = toWeights(raw);
			if (!object) return fail();
			const known: readonly string[] = Object.keys(DEFAULT_WEIGHTS);
			const isGroup = (name: string): name is keyof FeatureWeights => known.includes(name);
			const weights: FeatureWeights = {};
			for (const [group, value] of Object.entries(object)) {
				if (!isGroup(group)) {
					const suggestion = nearest(group, known);
					return fail(`"${shownText(group)}" is not a feature group${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; must be ${allowed}`);
				}
				const weight = toNumber(value);
				if (!Number.isFinite(weight) || weight < 0) return fail(`the weight of ${group} must be a number ≥ 0`);
				weights[group] = weight;
			}
			return {ok: true, value: weights};
		}
	}
}
