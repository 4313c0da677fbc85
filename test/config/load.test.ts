import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {GLOBAL_SEARCH_PLACES, loadConfig, SEARCH_PLACES, searchDirs} from '../../source/config/load.js';
import {ConfigError} from '../../source/config/resolve.js';
import {sandbox} from '../helpers/config.js';

const YAML_BODY = 'memoryLimitPercent: 31\nplaylists:\n  k: 7\n';
const JSON_BODY = '{\n  "memoryLimitPercent": 31,\n  "playlists": {"k": 7}\n}\n';
const ESM_BODY = 'export default {memoryLimitPercent: 31, playlists: {k: 7}};\n';
const CJS_BODY = 'module.exports = {memoryLimitPercent: 31, playlists: {k: 7}};\n';

const bodies: Record<string, string> = {
	'.playlistgenrc': YAML_BODY,
	'.playlistgenrc.json': JSON_BODY,
	'.playlistgenrc.yaml': YAML_BODY,
	'.playlistgenrc.yml': YAML_BODY,
	'.playlistgenrc.js': ESM_BODY,
	'.playlistgenrc.cjs': CJS_BODY,
	'.playlistgenrc.mjs': ESM_BODY,
	'playlistgen.config.js': ESM_BODY,
	'playlistgen.config.cjs': CJS_BODY,
	'playlistgen.config.mjs': ESM_BODY,
	'package.json': '{"name": "x", "playlistgen": {"memoryLimitPercent": 31, "playlists": {"k": 7}}}\n',
};

test('every file name and format is found in the working directory', async t => {
	t.deepEqual([...SEARCH_PLACES].sort(), Object.keys(bodies).sort());
	for (const [name, body] of Object.entries(bodies)) {
		const box = sandbox(t);
		const file = box.write(`project/sub/${name}`, body);
		const loaded = await loadConfig({cwd: box.cwd, env: box.env});
		t.is(loaded.file?.filepath, file, name);
		t.is(loaded.config.memoryLimitPercent, 31, name);
		t.is(loaded.config.playlists.k, 7, name);
		t.is(loaded.sources['memoryLimitPercent'], file, name);
		t.is(loaded.sources['playlists.k'], file, name);
		t.is(loaded.sources['chunkSeconds'], 'default', name);
		t.deepEqual(loaded.warnings, [], name);
	}
});

test('an extensionless .playlistgenrc may be JSON', async t => {
	const box = sandbox(t);
	box.write('project/sub/.playlistgenrc', JSON_BODY);
	const loaded = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(loaded.config.memoryLimitPercent, 31);
});

test('a package.json without the playlistgen key is passed over', async t => {
	const box = sandbox(t);
	box.write('project/sub/package.json', '{"name": "x"}');
	const file = box.write('project/.playlistgenrc', 'chunkSeconds: 9\n');
	const loaded = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(loaded.file?.filepath, file);
	t.is(loaded.config.chunkSeconds, 9);
});

test('the search goes up from the working directory and the nearest file wins', async t => {
	const box = sandbox(t);
	box.write('.playlistgenrc', 'chunkSeconds: 8\n');
	const near = box.write('project/.playlistgenrc.yaml', 'chunkSeconds: 9\n');
	const loaded = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(loaded.file?.filepath, near);
	t.is(loaded.config.chunkSeconds, 9);
	t.is(loaded.file?.origin, 'search');
});

test('the home folder itself is searched, and the search stops there', async t => {
	const box = sandbox(t);
	const file = box.write('.playlistgenrc', 'chunkSeconds: 8\n');
	const loaded = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(loaded.file?.filepath, file);
	t.deepEqual(loaded.search.dirs, [box.cwd, path.dirname(box.cwd), box.home]);
	t.deepEqual(searchDirs('/a/b', '/elsewhere'), ['/a/b', '/a', '/'], 'outside home: up to the root');
});

test('then the user folder: $XDG_CONFIG_HOME/playlistgen', async t => {
	const box = sandbox(t);
	t.true(GLOBAL_SEARCH_PLACES.includes('config.yaml'));
	const file = box.write('xdg-config/playlistgen/config.yaml', 'chunkSeconds: 11\n');
	const loaded = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(loaded.file?.filepath, file);
	t.is(loaded.file?.origin, 'global');
	t.is(loaded.config.chunkSeconds, 11);
	t.is(loaded.search.globalDir, path.join(box.xdg, 'playlistgen'));
});

test('the user folder accepts the rc names too, and a project file hides it', async t => {
	const box = sandbox(t);
	const global = box.write('xdg-config/playlistgen/.playlistgenrc', 'chunkSeconds: 11\n');
	t.is((await loadConfig({cwd: box.cwd, env: box.env})).file?.filepath, global);
	const project = box.write('project/.playlistgenrc', 'chunkSeconds: 12\n');
	const loaded = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(loaded.file?.filepath, project);
	t.is(loaded.config.chunkSeconds, 12);
});

test('without XDG_CONFIG_HOME (or with a relative one), ~/.config/playlistgen on every platform', async t => {
	const box = sandbox(t);
	const file = box.write('.config/playlistgen/config.json', '{"chunkSeconds": 13}');
	for (const xdg of [undefined, '', 'relative/dir']) {
		const env = {...box.env, XDG_CONFIG_HOME: xdg};
		const loaded = await loadConfig({cwd: box.cwd, env, stopDir: box.cwd});
		t.is(loaded.file?.filepath, file, String(xdg));
		t.is(loaded.config.chunkSeconds, 13);
	}
});

test('--config names one file, relative to the working directory, and nothing else is read', async t => {
	const box = sandbox(t);
	box.write('project/sub/.playlistgenrc', 'chunkSeconds: 8\n');
	const file = box.write('elsewhere/my-settings.yml', 'chunkSeconds: 14\n');
	const loaded = await loadConfig({explicitFile: '../../elsewhere/my-settings.yml', cwd: box.cwd, env: box.env});
	t.is(loaded.file?.filepath, file);
	t.is(loaded.file?.origin, 'flag');
	t.is(loaded.config.chunkSeconds, 14);
	// Any name: read as JSON or YAML.
	const odd = box.write('elsewhere/settings.conf', '{"chunkSeconds": 16}');
	t.is((await loadConfig({explicitFile: odd, cwd: box.cwd, env: box.env})).config.chunkSeconds, 16);
	const missing = await t.throwsAsync(loadConfig({explicitFile: 'nope.yaml', cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.is(missing.message, '--config nope.yaml: no such file');
	const folder = await t.throwsAsync(loadConfig({explicitFile: '..', cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.is(folder.message, '--config ..: not a file');
});

test('an empty file is passed over in the search, as cosmiconfig does', async t => {
	const box = sandbox(t);
	box.write('project/sub/.playlistgenrc', '');
	const file = box.write('project/.playlistgenrc', 'chunkSeconds: 9\n');
	t.is((await loadConfig({cwd: box.cwd, env: box.env})).file?.filepath, file);
});

test('two config files in one folder: the first is read, the other named in a warning', async t => {
	const box = sandbox(t);
	box.write('project/sub/package.json', '{"playlistgen": {"chunkSeconds": 9}}');
	box.write('project/sub/.playlistgenrc.yaml', 'chunkSeconds: 10\n');
	const loaded = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(loaded.config.chunkSeconds, 9);
	t.is(loaded.warnings.length, 1);
	t.regex(loaded.warnings[0]!, /package\.json is used; \.playlistgenrc\.yaml in the same folder is ignored/);
});

test('relative paths in a file are relative to its folder; ~ is home; flags and variables are relative to the working directory', async t => {
	const box = sandbox(t);
	box.write('project/.playlistgenrc', 'library: ../music\noutputDir: lists\ndb: ~/store/library.db\nffmpegPath: ./bin/ffmpeg\n');
	const loaded = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(loaded.config.library, path.join(box.home, 'music'));
	t.is(loaded.config.outputDir, path.join(box.home, 'project', 'lists'));
	t.is(loaded.config.db, path.join(box.home, 'store', 'library.db'));
	t.is(loaded.config.ffmpegPath, path.join(box.home, 'project', 'bin', 'ffmpeg'));

	const flags = new Map([['outputDir', {raw: 'out', source: 'flag:--out', label: '--out'}]]);
	const overridden = await loadConfig({cwd: box.cwd, env: {...box.env, PLAYLISTGEN_DB: 'here.db', FFMPEG_PATH: 'ffmpeg7'}, flags});
	t.is(overridden.config.outputDir, path.join(box.cwd, 'out'));
	t.is(overridden.config.db, path.join(box.cwd, 'here.db'));
	t.is(overridden.config.ffmpegPath, 'ffmpeg7', 'a bare command name is left for the PATH lookup');
});

test('defaults: outputDir in the working directory, the store under $XDG_CACHE_HOME', async t => {
	const box = sandbox(t);
	const loaded = await loadConfig({cwd: box.cwd, env: box.env});
	t.is(loaded.config.outputDir, path.join(box.cwd, 'playlists'));
	t.is(loaded.config.db, path.join(box.home, 'cache', 'playlistgen', 'library.db'));
	t.is(loaded.config.ffmpegPath, undefined);
	t.is(loaded.file, undefined);
});

test('a JSON file that does not parse: the file, line, column and the parser message', async t => {
	const box = sandbox(t);
	const file = box.write('project/sub/.playlistgenrc.json', '{\n  "chunkSeconds": 9,\n  "workers": ,\n}\n');
	const error = await t.throwsAsync(loadConfig({cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.is(error.problems.length, 1);
	t.true(error.problems[0]!.startsWith(`${file}:3:14: invalid JSON: Unexpected token ','`), error.problems[0]);
	t.regex(error.problems[0]!, /3 \|\s+"workers": ,\n\s+\|\s+\^/);
});

test('JSON errors without a position from V8 are still located', async t => {
	const box = sandbox(t);
	for (const [text, line, column] of [
		['{"a": 1,\n"b": tru}', 2, 6],
		['{"a": 1\n"b": 2}', 2, 1],
		['{"a": 1', 1, 8],
		['{"a": "x\ny"}', 1, 9],
		['{"a": 01}', 1, 8],
	] as const) {
		const file = box.write('project/sub/settings.json', text);
		const error = await t.throwsAsync(loadConfig({explicitFile: file, cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
		t.true(error.message.startsWith(`${file}:${line}:${column}: invalid JSON`), `${JSON.stringify(text)}: ${error.message}`);
	}
});

test('a YAML file that does not parse: the file, line and the parser message', async t => {
	const box = sandbox(t);
	const file = box.write('project/sub/.playlistgenrc', 'chunkSeconds: 9\nexclude: [a, b\nworkers: 2\n');
	const error = await t.throwsAsync(loadConfig({cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.regex(error.message, new RegExp(`^${file.replaceAll('.', '\\.')}:3:1: invalid YAML: Flow sequence .+must be sufficiently indented`));
	const duplicate = box.write('project/sub/.playlistgenrc', 'chunkSeconds: 9\nchunkSeconds: 10\n');
	const twice = await t.throwsAsync(loadConfig({cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.true(twice.message.startsWith(`${duplicate}:2:1: invalid YAML: Map keys must be unique`), twice.message);
});

test('a JavaScript config that throws: the file, line and message', async t => {
	const box = sandbox(t);
	const file = box.write('project/sub/playlistgen.config.mjs', 'const a = 1;\nthrow new Error("no settings today");\n');
	const error = await t.throwsAsync(loadConfig({cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.true(error.message.startsWith(`${file}:2: the file failed to load: Error: no settings today`), error.message);

	const cjs = box.write('project/sub/playlistgen.config.mjs', '');
	fs.rmSync(cjs);
	const cjsFile = box.write('project/sub/.playlistgenrc.cjs', '\n\nthrow new TypeError("bad");\n');
	const cjsError = await t.throwsAsync(loadConfig({cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.true(cjsError.message.startsWith(`${cjsFile}:3: the file failed to load: TypeError: bad`), cjsError.message);
});

test('a JavaScript config with a syntax error: the file and line, ES module or CommonJS', async t => {
	const box = sandbox(t);
	for (const [name, text] of [
		['playlistgen.config.mjs', 'const a = 1;\nexport default {a: 1,,};\n'],
		['playlistgen.config.cjs', 'const a = 1;\nmodule.exports = {a: 1,,};\n'],
		['playlistgen.config.js', 'const a = 1;\nexport default {a: 1,,};\n'],
	] as const) {
		const file = box.write(`project/sub/${name}`, text);
		const error = await t.throwsAsync(loadConfig({cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
		// (Under the test runner's TypeScript loader the parser that complains is esbuild's.)
		t.true(error.message.startsWith(`${file}:2: the file failed to load: `), error.message);
		t.regex(error.message, /SyntaxError: Unexpected token ','|Expected identifier but found ","/);
		fs.rmSync(file);
	}
});

test('a JavaScript config without a default export, or exporting a function, is refused', async t => {
	const box = sandbox(t);
	const file = box.write('project/sub/playlistgen.config.mjs', 'export const chunkSeconds = 3;\n');
	const error = await t.throwsAsync(loadConfig({cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.regex(error.message, /has no default export/);
	fs.writeFileSync(file, 'export default () => ({});\n');
	const fn = await t.throwsAsync(loadConfig({explicitFile: file, cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.regex(fn.message, /exports a function/);
});

test('a file that is not a mapping is refused', async t => {
	const box = sandbox(t);
	const file = box.write('project/sub/.playlistgenrc.yaml', '- a\n- b\n');
	const error = await t.throwsAsync(loadConfig({cwd: box.cwd, env: box.env}), {instanceOf: ConfigError});
	t.is(error.message, `${file}: must be a mapping of option names to values, got ["a","b"]`);
});
