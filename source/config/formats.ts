import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import YAML, {isMap, isScalar, LineCounter, type Node as YamlNode} from 'yaml';
import {ConfigError} from './resolve.js';

/** How a config file is written, which decides how it is read and rewritten. */
export type FileFormat = 'json' | 'yaml' | 'js' | 'package.json';

/** The format of a config file from its name (and, for extensionless rc files, its text). */
export function fileFormat(filePath: string, text?: string): FileFormat {
	const base = path.basename(filePath);
	if (base === 'package.json') return 'package.json';
	const extension = path.extname(base).toLowerCase();
	if (extension === '.json') return 'json';
	if (['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'].includes(extension)) return 'js';
	// .playlistgenrc and config are read as YAML, which JSON is a part of: keep JSON written as JSON.
	if (text !== undefined && isJsonText(text)) return 'json';
	return 'yaml';
}

/** Text that means to be JSON: an object whose first key is quoted (YAML's own flow style does not quote them). */
export function isJsonText(text: string): boolean {
	return /^\s*\{\s*(?:"|\}\s*$)/.test(stripBom(text));
}

/** Reads an extensionless rc file (.playlistgenrc, config): strict JSON when it is written as JSON, else YAML. */
export function parseRcFile(filePath: string, content: string): unknown {
	return isJsonText(content) ? parseJsonFile(filePath, content) : parseYamlFile(filePath, content);
}

export function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfe_ff ? text.slice(1) : text;
}

/** Line and column (1-based) of an offset. */
export function linePosition(text: string, offset: number): {line: number; column: number} {
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	const column = offset - (before.lastIndexOf('\n') + 1) + 1;
	return {line, column};
}

/** The offending line with a caret under the column, indented for an error listing. */
export function codeFrame(text: string, line: number, column: number): string {
	const source = text.split(/\r?\n/)[line - 1] ?? '';
	const number = String(line);
	const caretPad = source.slice(0, Math.max(0, column - 1)).replaceAll(/[^\t]/g, ' ');
	return `    ${number} | ${source}\n    ${' '.repeat(number.length)} | ${caretPad}^`;
}

/**
 * Where JSON.parse gave up: Node 20 does not always say (`Unexpected token 'x', "…" is not valid
 * JSON`), so a small validating scan finds the offset of the first error. parse-json, which
 * cosmiconfig brings, reads the offset from that same message and so loses it too.
 */
export function jsonErrorOffset(text: string): number {
	let index = 0;
	const length = text.length;
	const fail = (): never => {
		throw index;
	};
	const whitespace = () => {
		while (index < length && ' \t\n\r'.includes(text[index]!)) index++;
	};
	const string = () => {
		index++;
		while (index < length) {
			const char = text[index]!;
			if (char === '"') {
				index++;
				return;
			}
			if (char === '\\') {
				index++;
				if (text[index] === 'u') {
					if (!/^[0-9a-f]{4}$/i.test(text.slice(index + 1, index + 5))) fail();
					index += 5;
				} else if (index < length && '"\\/bfnrt'.includes(text[index]!)) index++;
				else fail();
			} else if (char < ' ') fail();
			else index++;
		}
		fail();
	};
	const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
	const value = (): void => {
		whitespace();
		const char = text[index];
		if (char === '{') {
			index++;
			whitespace();
			if (text[index] === '}') {
				index++;
				return;
			}
			for (;;) {
				whitespace();
				if (text[index] !== '"') fail();
				string();
				whitespace();
				if (text[index] !== ':') fail();
				index++;
				value();
				whitespace();
				if (text[index] === ',') index++;
				else if (text[index] === '}') {
					index++;
					return;
				} else fail();
			}
		} else if (char === '[') {
			index++;
			whitespace();
			if (text[index] === ']') {
				index++;
				return;
			}
			for (;;) {
				value();
				whitespace();
				if (text[index] === ',') index++;
				else if (text[index] === ']') {
					index++;
					return;
				} else fail();
			}
		} else if (char === '"') string();
		else if (char === 't' || char === 'f' || char === 'n') {
			const word = char === 't' ? 'true' : char === 'f' ? 'false' : 'null';
			if (!text.startsWith(word, index)) fail();
			index += word.length;
		} else {
			NUMBER.lastIndex = index;
			const match = NUMBER.exec(text);
			if (!match || match[0] === '' || match[0] === '-') fail();
			index += match![0].length;
		}
	};
	try {
		value();
		whitespace();
		if (index < length) fail();
		return -1;
	} catch (offset) {
		if (typeof offset === 'number') return offset;
		throw offset;
	}
}

function jsonMessage(error: Error): string {
	return error.message.replace(/, "[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+[\s\S]*$/, '');
}

/** Parses JSON; a syntax error becomes a ConfigError naming the file, line and column. */
export function parseJsonFile(filePath: string, content: string): unknown {
	const text = stripBom(content);
	try {
		return JSON.parse(text);
	} catch (error) {
		const offset = jsonErrorOffset(text);
		const at = offset >= 0 ? offset : text.length;
		const {line, column} = linePosition(text, at);
		throw new ConfigError([`${filePath}:${line}:${column}: invalid JSON: ${jsonMessage(error as Error)}\n${codeFrame(text, line, column)}`]);
	}
}

/** Parses YAML (1.2, of which JSON is a part); an error becomes a ConfigError naming the file, line and column. */
export function parseYamlFile(filePath: string, content: string): unknown {
	const text = stripBom(content);
	const document = YAML.parseDocument(text, {prettyErrors: true, uniqueKeys: true});
	const error = document.errors[0];
	if (error) {
		const position = error.linePos?.[0] ?? linePosition(text, error.pos[0]);
		const line = position.line;
		const column = 'col' in position ? position.col : position.column;
		const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
		throw new ConfigError([`${filePath}:${line}:${column}: invalid YAML: ${message}\n${codeFrame(text, line, column)}`]);
	}
	return document.toJS({maxAliasCount: 1000}) as unknown;
}

/** The line of `file:line` in an error's stack, for the frame that is in the config file itself. */
function lineFromStack(filePath: string, error: Error): number | undefined {
	const stack = error.stack ?? '';
	const url = pathToFileURL(filePath).href;
	for (const name of [url, filePath]) {
		const escaped = name.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
		// The import URL carries a ?mtime= query.
		const match = new RegExp(`${escaped}(?:\\?[^:\\s]*)?:(\\d+)`).exec(stack);
		if (match) return Number(match[1]);
	}
	return undefined;
}

/** Node 20 drops the location of an ES module's syntax error: ask `node --check` for it. */
function syntaxErrorLine(content: string, extension: string): number | undefined {
	const types = extension === '.cjs' ? ['commonjs'] : extension === '.mjs' ? ['module'] : ['module', 'commonjs'];
	for (const type of types) {
		const result = spawnSync(process.execPath, ['--check', `--input-type=${type}`], {input: content, encoding: 'utf8', timeout: 10_000});
		const match = /^\[stdin\]:(\d+)/m.exec(result.stderr ?? '');
		if (result.status !== 0 && match) return Number(match[1]);
	}
	return undefined;
}

/** Loads a JavaScript config by importing it; a failure becomes a ConfigError naming the file, line and message. */
export async function loadJsFile(filePath: string, content: string): Promise<unknown> {
	const extension = path.extname(filePath).toLowerCase();
	if (['.ts', '.cts', '.mts'].includes(extension)) {
		throw new ConfigError([`${filePath}: TypeScript config files are not supported; write it as .js, .mjs, JSON or YAML`]);
	}
	const real = fs.realpathSync(filePath);
	const stats = fs.statSync(real);
	// The query makes an edited file load afresh in a process that has imported it before.
	const url = `${pathToFileURL(real).href}?mtime=${stats.mtimeMs}`;
	let module: {default?: unknown};
	try {
		module = (await import(url)) as {default?: unknown};
	} catch (error) {
		const failure = error instanceof Error ? error : new Error(String(error));
		const line =
			lineFromStack(real, failure) ?? lineFromStack(filePath, failure) ?? (failure instanceof SyntaxError ? syntaxErrorLine(content, extension) : undefined);
		const where = line === undefined ? filePath : `${filePath}:${line}`;
		const frame = line === undefined ? '' : `\n${codeFrame(content, line, 1).replace(/\n.*$/, '')}`;
		throw new ConfigError([`${where}: the file failed to load: ${failure.name}: ${failure.message}${frame}`]);
	}
	let value = module.default;
	if (value === undefined) throw new ConfigError([`${filePath}: has no default export (export default {…} or module.exports = {…})`]);
	if (typeof value === 'function') {
		throw new ConfigError([`${filePath}: exports a function; export the settings object itself`]);
	}
	value = await value;
	return value;
}

/**
 * Line numbers of the keys in a YAML or JSON file, by dotted path ("playlists.k", "playlistgen.memoryLimitPercent").
 * Empty for anything that does not parse.
 */
export function keyLines(content: string): Map<string, number> {
	const lines = new Map<string, number>();
	const counter = new LineCounter();
	let document: ReturnType<typeof YAML.parseDocument>;
	try {
		document = YAML.parseDocument(stripBom(content), {lineCounter: counter});
	} catch {
		return lines;
	}
	if (document.errors.length > 0) return lines;
	const walk = (node: YamlNode | null | undefined, prefix: string, depth: number) => {
		if (!isMap(node) || depth > 3) return;
		for (const pair of node.items) {
			if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) continue;
			const key = prefix + String(pair.key.value);
			lines.set(key, counter.linePos(pair.key.range[0]).line);
			walk(pair.value as YamlNode, `${key}.`, depth + 1);
		}
	};
	walk(document.contents as YamlNode, '', 0);
	return lines;
}
