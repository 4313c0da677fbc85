import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import YAML from 'yaml';
import {renderExample} from '../../source/config/example.js';
import {OPTIONS} from '../../source/config/options.js';
import {fileLayer, resolveConfig} from '../../source/config/resolve.js';
import {repoRoot} from '../helpers/fixtures.js';

const examplePath = path.join(repoRoot, '.playlistgenrc.example');

test('.playlistgenrc.example is in sync with the option registry', t => {
	t.is(fs.readFileSync(examplePath, 'utf8'), renderExample(), 'regenerate it: npm run build && node dist/cli.js config --example > .playlistgenrc.example');
});

test('every option is documented with its default, variable and flag, within 80 columns', t => {
	const text = renderExample();
	for (const spec of OPTIONS) {
		const name = spec.key.replace(/^playlists\./, '');
		t.regex(text, new RegExp(`^#( {2})? ?${name}:`, 'm'), spec.key);
		t.true(text.includes(`Variable: ${spec.env}.`), `${spec.key} names ${spec.env}`);
		if (spec.flag) t.true(text.includes(`--${spec.flag}`), `${spec.key} names --${spec.flag}`);
		if (spec.min !== undefined) t.true(text.includes(`Range: ${spec.min} to ${spec.max}`), `${spec.key} range`);
	}
	for (const line of text.split('\n')) t.true([...line].length <= 80, line);
});

/** Uncomments the value lines (not the prose) of the example, as a user would. */
function uncomment(text: string): string {
	const topLevel = new Set([...OPTIONS.filter(spec => !spec.key.includes('.')).map(spec => spec.key), 'playlists']);
	const nested = new Set(OPTIONS.filter(spec => spec.key.startsWith('playlists.')).map(spec => spec.key.slice('playlists.'.length)));
	const out: string[] = [];
	let previousIndent = -1;
	for (const line of text.split('\n')) {
		const body = line.startsWith('# ') ? line.slice(2) : undefined;
		const indent = body === undefined ? -1 : body.length - body.trimStart().length;
		const name = body?.trimStart().split(':')[0] ?? '';
		const isValue =
			body !== undefined &&
			!body.trimStart().startsWith('#') &&
			((indent === 0 && topLevel.has(name) && body.includes(':')) ||
				(indent === 2 && nested.has(name) && body.includes(':')) ||
				(previousIndent >= 0 && indent > previousIndent));
		if (isValue) {
			out.push(body);
			if (indent === 0 || indent === 2) previousIndent = indent;
		} else {
			out.push(line);
			previousIndent = -1;
		}
	}
	return out.join('\n');
}

test('uncommented, the example is a valid configuration that sets every option', t => {
	const text = uncomment(renderExample());
	const contents = YAML.parse(text) as Record<string, unknown>;
	const warnings: string[] = [];
	const layer = fileLayer(examplePath, contents, warnings);
	t.deepEqual(warnings, []);
	t.deepEqual([...layer.keys()].sort(), OPTIONS.map(spec => spec.key).sort());
	const {config} = resolveConfig([layer], {env: {HOME: '/home/someone'}, cwd: '/'});
	t.is(config.library, '/home/someone/Music');
	t.is(config.ram, 2 * 1024 ** 3);
	t.deepEqual(config.exclude, ['Podcasts', 'Audiobooks/**', '**/*.part']);
	t.is(config.extensions.length, 13);
	t.deepEqual(Object.keys(config.playlists.weights).length, 6);
});
