import {parseSize} from '../util/size.js';
import type {OptionSpec} from './options.js';

export type Coerced = {ok: true; value: unknown} | {ok: false; allowed: string};

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** What a value of this option may be, in words, for error messages. */
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
			return 'a size such as 512M or 2G';
		case 'enum':
			return `one of ${spec.choices!.join(', ')}`;
		case 'list':
			return 'a list of strings (comma-separated in flags and variables)';
		case 'weights':
			return 'an object of feature group → non-negative number';
		case 'path':
		case 'string':
			return 'a non-empty string';
	}
}

/**
 * Turns a raw value (a string from a flag or variable, or a JSON/YAML value from a file)
 * into the option's type, or says what is allowed.
 */
export function coerce(spec: OptionSpec, raw: unknown): Coerced {
	const fail: Coerced = {ok: false, allowed: allowedText(spec)};
	switch (spec.kind) {
		case 'path':
		case 'string':
			return typeof raw === 'string' && raw.trim() !== '' ? {ok: true, value: raw} : fail;
		case 'int':
		case 'number':
		case 'percent': {
			const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
			if (!Number.isFinite(value)) return fail;
			if (spec.kind === 'int' && !Number.isInteger(value)) return fail;
			if (value < spec.min! || value > spec.max!) return fail;
			return {ok: true, value};
		}
		case 'boolean': {
			if (typeof raw === 'boolean') return {ok: true, value: raw};
			const text = String(raw).trim().toLowerCase();
			if (TRUE.has(text)) return {ok: true, value: true};
			if (FALSE.has(text)) return {ok: true, value: false};
			return fail;
		}
		case 'size': {
			const value = typeof raw === 'number' ? (raw > 0 ? Math.round(raw) : undefined) : typeof raw === 'string' ? parseSize(raw) : undefined;
			// Below 32 MiB nothing can run, whatever the scheduler does.
			if (value === undefined || value < 32 * 1024 * 1024) return {ok: false, allowed: 'a size of at least 32M, such as 512M or 2G'};
			return {ok: true, value};
		}
		case 'enum':
			return typeof raw === 'string' && spec.choices!.includes(raw) ? {ok: true, value: raw} : fail;
		case 'list': {
			const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',').map(item => item.trim()).filter(Boolean) : undefined;
			if (!list || !list.every(item => typeof item === 'string')) return fail;
			return {ok: true, value: list};
		}
		case 'weights': {
			let object = raw;
			if (typeof raw === 'string') {
				try {
					object = JSON.parse(raw);
				} catch {
					return fail;
				}
			}
			if (typeof object !== 'object' || object === null || Array.isArray(object)) return fail;
			const entries = Object.entries(object);
			if (!entries.every(([, weight]) => typeof weight === 'number' && Number.isFinite(weight) && weight >= 0)) return fail;
			return {ok: true, value: Object.fromEntries(entries)};
		}
	}
}
