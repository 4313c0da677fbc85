import path from 'node:path';
import {renderExample} from '../config/example.js';
import type {LoadedConfig} from '../config/load.js';
import {groupedOptions, OPTIONS, type OptionSpec} from '../config/options.js';
import {homeDir} from '../util/paths.js';
import {formatBytes} from '../util/units.js';
import {UsageError, type ParsedArgs} from './args.js';
import {createContext, type Io} from './context.js';

const WIDTH = 80;
/** Values up to this long line up with the others; longer ones get a line of their own. */
const MAX_ALIGNED_VALUE = 24;

/** A dotted key's value in the resolved configuration. */
export function valueAt(config: object, key: string): unknown {
	let value: unknown = config;
	for (const part of key.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
	return value;
}

/** `{ "<key>": { "value": …, "source": … } }`, dotted keys for the playlists group. */
export function configJson(loaded: LoadedConfig): Record<string, {value: unknown; source: string}> {
	return Object.fromEntries(OPTIONS.map(spec => [spec.key, {value: valueAt(loaded.config, spec.key) ?? null, source: loaded.sources[spec.key] ?? 'default'}]));
}

function displayValue(spec: OptionSpec, value: unknown, env: NodeJS.ProcessEnv): string {
	if (value === undefined || value === null) return spec.unsetText ?? '(not set)';
	switch (spec.kind) {
		case 'path':
			return tilde(value as string, env);
		case 'size':
			return formatBytes(value as number);
		case 'list':
			return (value as string[]).length === 0 ? '(none)' : (value as string[]).join(', ');
		case 'weights':
			return Object.entries(value as Record<string, number>)
				.map(([group, weight]) => `${group}=${weight}`)
				.join(', ');
		default:
			return String(value);
	}
}

/** Splits a comma-separated value into lines of at most `width`, at the commas. */
function wrapList(text: string, width: number): string[] {
	if (text.length <= width || !text.includes(', ')) return [text];
	const lines: string[] = [];
	let line = '';
	for (const item of text.split(', ')) {
		const piece = line === '' ? item : `${line}, ${item}`;
		if (piece.length + 1 > width && line !== '') {
			lines.push(`${line},`);
			line = item;
		} else line = piece;
	}
	lines.push(line);
	return lines;
}

function tilde(file: string, env: NodeJS.ProcessEnv): string {
	const home = homeDir(env);
	return file === home || file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}

/** The resolved configuration as an aligned table with each value's source, for 80 columns. */
export function configText(loaded: LoadedConfig, env: NodeJS.ProcessEnv): string {
	const out: string[] = [];
	const {file, search} = loaded;
	if (file) {
		const how = file.origin === 'flag' ? ' (named by --config)' : file.origin === 'global' ? ' (your user configuration)' : '';
		out.push(`Configuration file: ${tilde(file.filepath, env)}${how}`);
	} else {
		const first = search.dirs[0]!;
		const last = search.dirs.at(-1)!;
		const where = first === last ? tilde(first, env) : `${tilde(first, env)} and each folder above it up to ${tilde(last, env)}`;
		out.push('Configuration file: none found.', `  Looked in ${where}, then ${tilde(search.globalDir, env)}/.`);
	}

	const sourceText = (key: string) => {
		const source = loaded.sources[key] ?? 'default';
		if (file && source === file.filepath) return 'file';
		return source;
	};
	const keyWidth = Math.max(...OPTIONS.map(spec => spec.key.length)) + 2;
	const valueColumn = 2 + keyWidth;
	const rows = groupedOptions().map(({group, options}) => ({
		group,
		rows: options.map(spec => ({spec, value: displayValue(spec, valueAt(loaded.config, spec.key), env), source: sourceText(spec.key)})),
	}));
	// Short values share a column, with their source beside them; long ones (paths, lists) have the line to themselves.
	const all = rows.flatMap(group => group.rows);
	const longestSource = Math.max(...all.map(row => row.source.length));
	const shortValues = all.map(row => row.value.length).filter(length => length <= MAX_ALIGNED_VALUE);
	const valueWidth = Math.max(8, Math.min(Math.max(...shortValues), WIDTH - valueColumn - 2 - longestSource));
	const sourceColumn = valueColumn + valueWidth + 2;

	for (const group of rows) {
		out.push('', group.group);
		for (const {spec, value, source} of group.rows) {
			const head = `  ${spec.key.padEnd(keyWidth)}`;
			if (value.length <= valueWidth && sourceColumn + source.length <= WIDTH) {
				out.push(`${head}${value.padEnd(valueWidth + 2)}${source}`);
				continue;
			}
			const lines = spec.kind === 'list' || spec.kind === 'weights' ? wrapList(value, WIDTH - valueColumn) : [value];
			out.push(`${head}${lines[0]}`, ...lines.slice(1).map(line => `${' '.repeat(valueColumn)}${line}`));
			out.push(`${' '.repeat(Math.min(sourceColumn, WIDTH - source.length))}${source}`);
		}
	}
	out.push('', 'Later sources win: default < file < env (environment) < flag.', 'Every option documented: playlistgen config --example. As JSON: --json.');
	return `${out.map(line => line.trimEnd()).join('\n')}\n`;
}

/** `playlistgen config [--json | --example]`. */
export async function runConfigCommand(args: ParsedArgs, io: Io): Promise<number> {
	if (args.positionals.length > 0) throw new UsageError(`"config" takes no arguments (got ${args.positionals.join(' ')})`);
	if (args.run.example) {
		io.stdout.write(renderExample());
		return 0;
	}
	const context = await createContext(args, io, {libraryArgument: false});
	if (args.run.json) io.stdout.write(`${JSON.stringify(configJson(context.resolved), null, 2)}\n`);
	else io.stdout.write(configText(context.resolved, io.env));
	return 0;
}
