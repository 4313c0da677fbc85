// Bundles the CLI (source/cli.tsx and everything it imports: the engine, the live view, React, Ink,
// Yoga, cosmiconfig…) into dist/cli.js, replacing the file tsc wrote. Node loads ES modules file by
// file: the CLI and its libraries are some 600 modules, most of a second of CPU before the first frame
// on a small machine; one file loads in a fraction of that. The entry itself stays a few hundred bytes
// (it decides from the command line whether the live view opens, and draws its first line, before it
// loads the rest: a chunk of its own); the live view is another chunk, loaded only when there is a
// terminal to draw on, so headless runs never load React.
// The worker threads' and child processes' scripts (dist/analysis/worker.js, dist/audio/fallback-child.js,
// dist/commands/preview-worker.js, found from the package root: util/module-worker.ts) and Meyda (loaded on
// demand) stay as tsc wrote them.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');

/**
 * Ink imports React's devtools (not a dependency of ours) from a module it loads only when DEV=true.
 * In one bundled file that import would be resolved at start-up: stand it in with an inert object.
 */
const noDevtools = {
	name: 'no-devtools',
	setup(builder) {
		builder.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
		builder.onLoad({filter: /.*/, namespace: 'stub'}, () => ({
			contents: 'export default {initialize() {}, connectToDevTools() {}};',
			loader: 'js',
		}));
	},
};

fs.rmSync(path.join(dist, 'chunks'), {recursive: true, force: true});
await build({
	entryPoints: [path.join(root, 'source', 'cli.tsx')],
	outdir: dist,
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	splitting: true,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	// React's production build, chosen at bundle time (several times cheaper per frame).
	// Yoga's WebAssembly loader asks `typeof fetch` before it falls back to its inlined bytes; in Node
	// that one question loads the whole HTTP client (undici), a tenth of a second at start. Nothing in
	// playlistgen fetches anything.
	define: {'process.env.NODE_ENV': '"production"', fetch: 'undefined'},
	// Less source to parse at every start; names are kept so that stack traces still read.
	minifyWhitespace: true,
	minifySyntax: true,
	// A native addon, and a compiler that cosmiconfig loads only for TypeScript config files.
	external: ['better-sqlite3', 'typescript'],
	// Some bundled CommonJS packages call require(); give the ES module one.
	banner: {js: "import {createRequire as __playlistgenRequire} from 'node:module'; const require = __playlistgenRequire(import.meta.url);"},
	plugins: [noDevtools],
	sourcemap: true,
	logLevel: 'warning',
	tsconfig: path.join(root, 'tsconfig.build.json'),
});
