// Bundles the live view (source/ui and the libraries it draws with: React, Ink, Yoga, ink-table) into
// one file, dist/ui/run-tui.js, replacing the one tsc wrote. Node loads ESM packages file by file:
// Ink and its dependencies are some 400 modules, half a second of CPU at every start; one bundled file
// loads in a tenth of that. The engine stays outside the bundle: the view imports the same compiled
// modules as the rest of the CLI.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const source = path.join(root, 'source');
const ui = path.join(source, 'ui');
const outfile = path.join(root, 'dist', 'ui', 'run-tui.js');

/** Project modules outside source/ui (the engine) stay external, pointing at their compiled files. */
const engineExternal = {
	name: 'engine-external',
	setup(builder) {
		builder.onResolve({filter: /^\.\.?\//}, args => {
			const target = path.resolve(args.resolveDir, args.path);
			if (!target.startsWith(source) || target.startsWith(ui + path.sep)) return undefined;
			const compiled = path.join(root, 'dist', path.relative(source, target));
			let relative = path.relative(path.dirname(outfile), compiled).split(path.sep).join('/');
			if (!relative.startsWith('.')) relative = `./${relative}`;
			return {path: relative, external: true};
		});
	},
};

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

await build({
	entryPoints: [path.join(ui, 'run-tui.tsx')],
	outfile,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	// React's production build, chosen at bundle time; the view sets NODE_ENV too for the unbundled path.
	define: {'process.env.NODE_ENV': '"production"'},
	// Some bundled CommonJS packages call require(); give the ES module one.
	banner: {js: "import {createRequire as __playlistgenRequire} from 'node:module'; const require = __playlistgenRequire(import.meta.url);"},
	plugins: [engineExternal, noDevtools],
	sourcemap: true,
	logLevel: 'warning',
	tsconfig: path.join(root, 'tsconfig.build.json'),
});
