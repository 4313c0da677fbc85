import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** An import of one module by another: `value` false for imports the compiler erases (`import type`). */
export type ModuleImport = {from: string; to: string; value: boolean};

function sourceFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, {withFileTypes: true})
		.flatMap(entry => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [path.join(dir, entry.name)] : []));
}

/** The relative imports of every .ts/.tsx file under `root` (static, re-exports and dynamic import()), as paths relative to it (targets without their .js). */
export function moduleImports(root: string): ModuleImport[] {
	const imports: ModuleImport[] = [];
	for (const file of sourceFiles(root)) {
		const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
		const add = (specifier: string, value: boolean) => {
			if (!specifier.startsWith('.')) return;
			imports.push({from: path.relative(root, file), to: path.relative(root, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, ''), value});
		};
		const visit = (node: ts.Node) => {
			if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
				const clause = node.importClause;
				const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
				// `import {type A, type B}` is erased as well as `import type {A, B}`.
				const typeOnly =
					clause !== undefined &&
					(clause.isTypeOnly || (!clause.name && named !== undefined && named.length > 0 && named.every(element => element.isTypeOnly)));
				add(node.moduleSpecifier.text, !typeOnly);
			} else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
				add(node.moduleSpecifier.text, !node.isTypeOnly);
			} else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
				const [argument] = node.arguments;
				if (argument && ts.isStringLiteral(argument)) add(argument.text, true);
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return imports;
}

/** The top folder of a path relative to the root ("." for files at the root). */
export function folderOf(file: string): string {
	const parts = file.split(path.sep);
	return parts.length > 1 ? parts[0]! : '.';
}

/** Folder → folders it imports from. */
export function folderGraph(imports: readonly ModuleImport[]): Map<string, Set<string>> {
	const graph = new Map<string, Set<string>>();
	for (const {from, to} of imports) {
		const [a, b] = [folderOf(from), folderOf(to)];
		if (a === b) continue;
		if (!graph.has(a)) graph.set(a, new Set());
		graph.get(a)!.add(b);
	}
	return graph;
}

/** A cycle in the graph as the list of its nodes (first = last), or undefined if there is none. */
export function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
	const state = new Map<string, 'open' | 'done'>();
	const trail: string[] = [];
	const visit = (node: string): string[] | undefined => {
		if (state.get(node) === 'done') return undefined;
		if (state.get(node) === 'open') return [...trail.slice(trail.indexOf(node)), node];
		state.set(node, 'open');
		trail.push(node);
		for (const next of graph.get(node) ?? []) {
			const cycle = visit(next);
			if (cycle) return cycle;
		}
		trail.pop();
		state.set(node, 'done');
		return undefined;
	};
	for (const node of graph.keys()) {
		const cycle = visit(node);
		if (cycle) return cycle;
	}
	return undefined;
}
