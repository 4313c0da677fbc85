import YAML from 'yaml';
import {allowedText} from './coerce.js';
import {groupedOptions, type OptionSpec} from './options.js';

const WIDTH = 80;

/** A value as it would be written in YAML, on one line. */
export function yamlInline(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(item => yamlInline(item)).join(', ')}]`;
	if (typeof value === 'object' && value !== null) {
		return `{${Object.entries(value)
			.map(([key, item]) => `${key}: ${yamlInline(item)}`)
			.join(', ')}}`;
	}
	return YAML.stringify(value).trim();
}

function rangeText(spec: OptionSpec): string | undefined {
	switch (spec.kind) {
		case 'int':
		case 'number':
		case 'percent':
			return `Range: ${spec.min} to ${spec.max}${spec.kind === 'int' ? ', whole numbers' : ''}.`;
		case 'enum':
			return `One of: ${spec.choices!.join(', ')}.`;
		case 'boolean':
		case 'path':
		case 'string':
			return undefined;
		default:
			return `${allowedText(spec).replace(/^./, first => first.toUpperCase())}.`;
	}
}

function defaultText(spec: OptionSpec): string {
	if (spec.defaultText) return spec.defaultText;
	if (Array.isArray(spec.default) && spec.default.length === 0) return 'none';
	if (typeof spec.default === 'object' && spec.default !== null && spec.example === undefined) return 'as shown';
	return yamlInline(spec.default);
}

/** `key: value` as commented YAML; a long list or mapping goes on as many lines as it needs. */
function valueLines(indent: string, name: string, value: unknown): string[] {
	const line = `# ${indent}${name}: ${yamlInline(value)}`;
	if (line.length <= WIDTH) return [line];
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		return [`# ${indent}${name}:`, ...Object.entries(value).map(([key, item]) => `# ${indent}  ${key}: ${yamlInline(item)}`)];
	}
	// A flow sequence may go on over lines indented under its key.
	const items = (value as unknown[]).map(item => yamlInline(item));
	const lines: string[] = [];
	let current = `# ${indent}${name}: [`;
	for (const [index, item] of items.entries()) {
		const piece = `${item}${index === items.length - 1 ? ']' : ','}`;
		if (current.length + 1 + piece.length > WIDTH && !current.endsWith('[')) {
			lines.push(current);
			current = `# ${indent}  ${piece}`;
		} else current += current.endsWith('[') ? piece : ` ${piece}`;
	}
	lines.push(current);
	return lines;
}

function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line !== '' && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line === '' ? word : `${line} ${word}`;
	}
	if (line !== '') lines.push(line);
	return lines;
}

const HEADER = `# playlistgen configuration: every option, its default and what it accepts.
#
# Copy it to .playlistgenrc in the folder you run playlistgen from (or any
# folder above it), or to ~/.config/playlistgen/config.yaml for every folder
# ($XDG_CONFIG_HOME/playlistgen/config.yaml), then uncomment what you change.
# Relative paths are relative to the folder of the file; ~ is your home folder.
#
# Precedence, lowest first: defaults < this file < environment variables
# < flags < live changes in the TUI. \`playlistgen config\` shows each value in
# effect and where it comes from.
#
# Generated from the option registry: \`playlistgen config --example\`.
`;

/** The documented example configuration, generated from OPTIONS so that it cannot drift. */
export function renderExample(): string {
	const out: string[] = [HEADER];
	for (const {group, options} of groupedOptions()) {
		out.push(`\n# ── ${group} ${'─'.repeat(WIDTH - 6 - group.length)}\n`);
		const nested = group === 'Playlists';
		if (nested) out.push('\n# playlists:\n');
		for (const spec of options) {
			const name = nested ? spec.key.slice('playlists.'.length) : spec.key;
			const facts = [
				`Default: ${defaultText(spec)}.`,
				rangeText(spec),
				// A no-break space keeps a name on the line of its label.
				`Variable:\u00A0${spec.env}.`,
				spec.flag ? `Flag:\u00A0${spec.kind === 'boolean' ? `--${spec.flag}\u00A0(--no-${spec.flag})` : `--${spec.flag}`}.` : undefined,
			]
				.filter(Boolean)
				.join(' ');
			const prefix = nested ? '#   # ' : '# ';
			out.push(nested ? '#\n' : '\n');
			for (const line of [...wrap(`${spec.describe}.`, WIDTH - prefix.length), ...wrap(facts, WIDTH - prefix.length)]) {
				out.push(`${prefix}${line.replaceAll('\u00A0', ' ')}\n`);
			}
			for (const line of valueLines(nested ? '  ' : '', name, spec.example ?? spec.default)) out.push(`${line}\n`);
		}
	}
	return out.join('');
}
