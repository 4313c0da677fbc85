/** The shape of source/: folders import each other without cycles, and the engine never imports the view. */
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

test('no cycle of value imports between the folders of source/', t => {
	const graph = folderGraph(imports.filter(entry => entry.value));
	const cycle = findCycle(graph);
	const witnesses = cycle
		? cycle.slice(1).map((to, index) => {
				const from = cycle[index]!;
				const example = imports.find(entry => entry.value && folderOf(entry.from) === from && folderOf(entry.to) === to);
				return `${example?.from} → ${example?.to}`;
			})
		: [];
	t.is(cycle, undefined, `cycle ${cycle?.join(' → ')}: ${witnesses.join(', ')}`);
});

test('the engine never imports the view, the CLI or the reporters, not even their types', t => {
	const engine = new Set(['audio', 'memory', 'analysis', 'session', 'store', 'config', 'playlists', 'util']);
	const front = new Set(['ui', 'commands', 'report']);
	const offending = imports.filter(entry => engine.has(folderOf(entry.from)) && front.has(folderOf(entry.to)));
	t.deepEqual(
		offending.map(entry => `${entry.from} → ${entry.to}`),
		[],
	);
});
