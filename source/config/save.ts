import fs from 'node:fs/promises';
import path from 'node:path';
import YAML, {isMap} from 'yaml';
import {writeFileAtomic} from '../util/atomic-write.js';
import {errorCode, fileErrorReason} from '../util/file-errors.js';
import {applyLimitsChange, LIMIT_KEYS, type Limits} from './limits.js';
import {fileFormat, stripBom} from './formats.js';
import {MODULE_NAME} from './load.js';
import {OPTION_BY_KEY} from './options.js';
import {errorMessage} from '../util/error-message.js';

export class ConfigSaveError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConfigSaveError';
	}
}

export type SaveOptions = {
	/** The configuration file the settings came from; none: a new .playlistgenrc in `cwd`. */
	file?: string | undefined;
	cwd: string;
};

/** The file written when the configuration came from no file: YAML, so that it can carry comments. */
export const NEW_FILE_NAME = `.${MODULE_NAME}rc`;

const NEW_FILE_HEADER = `# ${MODULE_NAME} settings. Every option, its default and its range: \`${MODULE_NAME} config --example\`.
# The live view's save key rewrites the memory and chunk limits here; other keys and comments are kept.
`;

type Values = Array<[string, number | boolean]>;

/**
 * Which limits to write: every one the file already sets, and the others only where they differ from
 * the default, so that a saved file does not pin machine-dependent defaults (workers) it never chose.
 */
function valuesToWrite(limits: Limits, present: (key: string) => boolean): Values {
	const changed = LIMIT_KEYS.filter(key => present(key) || limits[key] !== OPTION_BY_KEY.get(key)!.default);
	// Limits at their defaults, saved into a file that holds none: write them anyway (all but the worker
	// count, which belongs to the machine), so that saving always leaves a record of what was saved.
	const keys = changed.length > 0 ? changed : LIMIT_KEYS.filter(key => key !== 'workers');
	return keys.map(key => [key, limits[key]]);
}

function updateYaml(filePath: string, text: string, limits: Limits): string {
	const document = YAML.parseDocument(text, {uniqueKeys: true});
	if (document.errors.length > 0) {
		throw new ConfigSaveError(`${filePath} no longer parses as YAML (${document.errors[0]!.message.split('\n')[0]}); fix it, then save again`);
	}
	// An empty or comment-only file has no contents yet: set() creates the mapping, keeping the comments.
	if (document.contents !== null && !isMap(document.contents)) throw new ConfigSaveError(`${filePath} does not hold a mapping of settings; not rewritten`);
	for (const [key, value] of valuesToWrite(limits, key => document.has(key))) document.set(key, value);
	return document.toString({lineWidth: 0, flowCollectionPadding: false});
}

function detectIndent(text: string): string | number {
	const match = /^([ \t]+)["}\]]/m.exec(text);
	if (!match) return 0;
	return match[1]!.includes('\t') ? '\t' : match[1]!.length;
}

function updateJson(filePath: string, text: string, limits: Limits, packageKey: boolean): string {
	const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
	const body = stripBom(text);
	const eol = body.includes('\r\n') ? '\r\n' : '\n';
	let data: unknown;
	try {
		data = body.trim() === '' ? {} : JSON.parse(body);
	} catch (error) {
		throw new ConfigSaveError(`${filePath} no longer parses as JSON (${errorMessage(error).split('\n')[0]}); fix it, then save again`);
	}
	const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
	if (!isObject(data)) throw new ConfigSaveError(`${filePath} does not hold a JSON object; not rewritten`);
	let target = data;
	if (packageKey) {
		data[MODULE_NAME] ??= {};
		if (!isObject(data[MODULE_NAME])) throw new ConfigSaveError(`${filePath}: "${MODULE_NAME}" is not an object; not rewritten`);
		target = data[MODULE_NAME];
	}
	for (const [key, value] of valuesToWrite(limits, key => Object.hasOwn(target, key))) target[key] = value;
	const trailing = body.endsWith('\n') || body.trim() === '' ? eol : '';
	return bom + JSON.stringify(data, null, detectIndent(body)).replaceAll('\n', eol) + trailing;
}

/** Writes the file in one step; a refusal by the file system becomes a ConfigSaveError in plain words. */
async function writeConfigFile(filePath: string, text: string): Promise<void> {
	try {
		await writeFileAtomic(filePath, text);
	} catch (error) {
		const code = errorCode(error);
		if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new ConfigSaveError(`cannot write ${filePath}: ${fileErrorReason(error)}`);
		throw error;
	}
}

/**
 * Writes the live limits back into the configuration file they came from, or into a new
 * .playlistgenrc (YAML) in the working directory, keeping every other key, the comments (YAML),
 * the format and indentation (JSON; package.json: only its "playlistgen" key changes) and the file
 * mode, atomically. A JavaScript config cannot be rewritten safely: that is refused with the values
 * to set by hand. Resolves with the path written.
 */
export async function saveLimits(limits: Limits, options: SaveOptions): Promise<string> {
	const check = applyLimitsChange(limits, limits);
	if (!check.ok) throw new ConfigSaveError(`these limits are not valid: ${check.errors.join('; ')}`);
	const target = options.file ? path.resolve(options.cwd, options.file) : path.join(options.cwd, NEW_FILE_NAME);
	let text: string | undefined;
	try {
		text = await fs.readFile(target, 'utf8');
	} catch (error) {
		if (errorCode(error) !== 'ENOENT') {
			throw new ConfigSaveError(`cannot read ${target}: ${errorMessage(error)}`);
		}
	}
	const format = fileFormat(target, text);
	let output: string;
	switch (format) {
		case 'js': {
			const values = valuesToWrite(limits, () => true)
				.map(([key, value]) => `${key}: ${value}`)
				.join(', ');
			throw new ConfigSaveError(`${target} is JavaScript and cannot be rewritten safely; edit it by hand to set ${values}`);
		}
		case 'yaml':
			output = updateYaml(target, text ?? NEW_FILE_HEADER, limits);
			break;
		case 'json':
		case 'package.json':
			output = updateJson(target, text ?? '', limits, format === 'package.json');
			break;
	}
	await writeConfigFile(target, output);
	return target;
}
