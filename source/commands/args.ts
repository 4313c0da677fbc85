import {parseArgs} from 'node:util';
import {OPTIONS} from '../config/options.js';
import type {Layer} from '../config/resolve.js';
import {nearest} from '../util/nearest.js';
import {errorMessage} from '../util/error-message.js';

export const COMMANDS = ['analyze', 'stats', 'playlists', 'radio', 'path', 'similar', 'config', 'store', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Flags that are not configuration options: they steer one run. */
const RUN_FLAGS = {
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
	config: {type: 'string'},
	json: {type: 'boolean'},
	example: {type: 'boolean'},
	tui: {type: 'boolean'},
	'no-tui': {type: 'boolean'},
	'retry-failed': {type: 'boolean'},
	'dry-run': {type: 'boolean'},
	force: {type: 'boolean'},
	regroup: {type: 'boolean'},
	seed: {type: 'string', multiple: true},
	via: {type: 'string', multiple: true},
	all: {type: 'boolean'},
	limit: {type: 'string'},
	recover: {type: 'boolean'},
} as const;

type FlagDefinition = {type: 'string' | 'boolean'; multiple?: boolean; short?: string};

export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

function flagDefinitions(): Record<string, FlagDefinition> {
	const definitions: Record<string, FlagDefinition> = {...RUN_FLAGS};
	for (const spec of OPTIONS) {
		if (!spec.flag) continue;
		if (spec.kind === 'boolean') {
			definitions[spec.flag] = {type: 'boolean'};
			definitions[`no-${spec.flag}`] = {type: 'boolean'};
		} else {
			definitions[spec.flag] = {type: 'string', multiple: spec.kind === 'list'};
		}
	}
	return definitions;
}

export type ParsedArgs = {
	command: CommandName;
	/** Whether the command was named, or implied by a folder or nothing at all. */
	commandNamed: boolean;
	positionals: string[];
	run: {
		help: boolean;
		version: boolean;
		config: string | undefined;
		json: boolean;
		/** config: print the documented example configuration. */
		example: boolean;
		tui: boolean | undefined;
		retryFailed: boolean;
		dryRun: boolean;
		force: boolean;
		/** playlists: group the whole library afresh instead of growing the remembered playlists. */
		regroup: boolean;
		seeds: string[];
		/** path: tracks to pass through on the way, in order. */
		via: string[];
		/** similar: every track's neighbours. */
		all: boolean;
		/** similar: how many neighbours (as typed; checked by the command). */
		limit: string | undefined;
		/** store: rebuild a damaged store from what is still readable. */
		recover: boolean;
	};
	/** Configuration values given as flags, ready to be layered over file and environment. */
	flagLayer: Layer;
};

/** Parses the command line. Throws UsageError (exit 2) with a suggestion for unknown flags and commands. */
export function parseCommandLine(argv: string[]): ParsedArgs {
	const definitions = flagDefinitions();
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({args: argv, options: definitions, allowPositionals: true, strict: true});
	} catch (error) {
		const message = errorMessage(error);
		const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
		if (unknown) {
			const name = unknown[1]!.replace(/^-+/, '').split('=')[0]!;
			const suggestion = nearest(name, Object.keys(definitions));
			throw new UsageError(`Unknown option ${unknown[1]}${suggestion ? `. Did you mean --${suggestion}?` : ''}`);
		}
		const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
		if (missing) throw new UsageError(`Option ${missing[1]} needs a value`);
		throw new UsageError(message);
	}
	const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
	const positionals = [...parsed.positionals];

	let command: CommandName = 'analyze';
	let commandNamed = false;
	const first = positionals[0];
	if (first !== undefined && (COMMANDS as readonly string[]).includes(first)) {
		command = first as CommandName;
		commandNamed = true;
		positionals.shift();
	}

	const flagLayer: Layer = new Map();
	for (const spec of OPTIONS) {
		if (!spec.flag) continue;
		if (spec.kind === 'boolean') {
			if (values[spec.flag] !== undefined) flagLayer.set(spec.key, {raw: true, source: `flag:--${spec.flag}`, label: `--${spec.flag}`});
			if (values[`no-${spec.flag}`] !== undefined) {
				flagLayer.set(spec.key, {raw: false, source: `flag:--no-${spec.flag}`, label: `--no-${spec.flag}`});
			}
			continue;
		}
		const value = values[spec.flag];
		if (value === undefined) continue;
		const raw = Array.isArray(value) && spec.kind !== 'list' ? value.at(-1) : value;
		flagLayer.set(spec.key, {raw, source: `flag:--${spec.flag}`, label: `--${spec.flag}`});
	}

	const tuiFlag = values['no-tui'] ? false : values['tui'] ? true : undefined;
	return {
		command,
		commandNamed,
		positionals,
		run: {
			help: Boolean(values['help']),
			version: Boolean(values['version']),
			config: values['config'] as string | undefined,
			json: Boolean(values['json']),
			example: Boolean(values['example']),
			tui: tuiFlag,
			retryFailed: Boolean(values['retry-failed']),
			dryRun: Boolean(values['dry-run']),
			force: Boolean(values['force']),
			regroup: Boolean(values['regroup']),
			seeds: (values['seed'] as string[] | undefined) ?? [],
			via: (values['via'] as string[] | undefined) ?? [],
			all: Boolean(values['all']),
			limit: values['limit'] as string | undefined,
			recover: Boolean(values['recover']),
		},
		flagLayer,
	};
}

/** Suggests a command for a word that is neither a command nor an existing folder. */
export function suggestCommand(word: string): string | undefined {
	return nearest(word, COMMANDS);
}
