/** The shape of source/: folders import each other without cycles, files stay short, and the engine never imports the view. */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {findCycle, folderGraph, folderOf, moduleImports} from './helpers/imports.js';

const sourceRoot = fileURLToPath(new URL('../source/', import.meta.url));
const imports = moduleImports(sourceRoot);

test('the import reader sees value, type-only and dynamic imports', t => {
	const of = (file: string) => imports.filter(entry => entry.from === path.join(...file.split('/')));
	t.true(
		of('commands/analyze.ts').some(entry => entry.to === path.join('ui', 'run-tui') && entry.value),
		'the dynamic import of the live view',
	);
	t.true(
		of('ui/state.ts').some(entry => folderOf(entry.to) === 'session' && !entry.value),
		'import type',
	);
	t.true(imports.length > 200);
});

test('the cycle finder finds a cycle through three folders, and none where there is none', t => {
	const graph = new Map([
		['a', new Set(['b'])],
		['b', new Set(['c'])],
		['c', new Set(['a'])],
	]);
	t.deepEqual(findCycle(graph), ['a', 'b', 'c', 'a']);
	graph.get('c')!.clear();
	t.is(findCycle(graph), undefined);
});

test('no cycle between the folders of source/, counting every import (type-only ones too)', t => {
	const graph = folderGraph(imports);
	const cycle = findCycle(graph);
	const witnesses = cycle
		? cycle.slice(1).map((to, index) => {
				const from = cycle[index]!;
				const example = imports.find(entry => folderOf(entry.from) === from && folderOf(entry.to) === to);
				return `${example?.from} → ${example?.to}`;
			})
		: [];
	t.is(cycle, undefined, `cycle ${cycle?.join(' → ')}: ${witnesses.join(', ')}`);
});

/** A file may run longer only when the comment it opens with says why, in these words. */
const MAX_LINES = 400;
const LONG_FILE_REASON = /over 400 lines because/i;

/** The comments a file opens with, before its first line of code. */
function leadingComments(text: string): string {
	return /^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*/.exec(text)![0];
}

test('the long-file rule reads a reason only in the comment a file opens with', t => {
	t.regex(leadingComments('/**\n * Over 400 lines because one table.\n */\nimport x from "y";'), LONG_FILE_REASON);
	t.regex(leadingComments('// Over 400 lines because one table.\nconst a = 1;'), LONG_FILE_REASON);
	t.notRegex(leadingComments('const a = 1;\n// over 400 lines because of this\n'), LONG_FILE_REASON);
});

test(`no source file is over ${MAX_LINES} lines unless the comment at its top says why`, t => {
	const files = [...new Set(imports.map(entry => entry.from))];
	t.true(files.length > 100, 'the files of source/ are read');
	const long = files.filter(file => {
		const text = fs.readFileSync(path.join(sourceRoot, file), 'utf8');
		return text.split('\n').length - (text.endsWith('\n') ? 1 : 0) > MAX_LINES && !LONG_FILE_REASON.test(leadingComments(text));
	});
	t.deepEqual(long, [], `over ${MAX_LINES} lines with no "Over ${MAX_LINES} lines because …" at the top: split them, or say why not`);
});

test('the engine never imports the view, the CLI or the reporters, not even their types', t => {
	const engine = new Set(['audio', 'memory', 'analysis', 'session', 'store', 'config', 'playlists', 'library', 'util']);
	const front = new Set(['ui', 'commands', 'report']);
	const offending = imports.filter(entry => engine.has(folderOf(entry.from)) && front.has(folderOf(entry.to)));
	t.deepEqual(
		offending.map(entry => `${entry.from} → ${entry.to}`),
		[],
	);
});
