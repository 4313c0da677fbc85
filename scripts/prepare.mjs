// npm runs `prepare` after `npm install` and `npm ci` in a clone, and before `npm pack`. It builds
// dist/ when the build tools are installed (they are devDependencies: TypeScript, its Node types,
// esbuild). `npm ci --omit=dev` leaves them out, and tsc would fail without its types: then a dist/
// already built is kept, and with none this says how a clone installs for running only, and fails.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const buildTools = ['typescript', '@types/node', 'esbuild'];

const missing = buildTools.filter(name => {
	try {
		require.resolve(`${name}/package.json`);
		return false;
	} catch {
		return true;
	}
});

if (missing.length === 0) {
	// The npm that runs this script (npm_execpath), else the one on PATH.
	const npm = process.env.npm_execpath;
	const build = npm
		? spawnSync(process.execPath, [npm, 'run', 'build'], {cwd: root, stdio: 'inherit'})
		: spawnSync('npm', ['run', 'build'], {cwd: root, stdio: 'inherit', shell: process.platform === 'win32'});
	process.exit(build.status ?? 1);
}

const tools = `the build tools (${missing.join(', ')}) are not installed`;
if (fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
	console.warn(`playlistgen: ${tools}: dist/ is kept as it was built (npm install && npm run build rebuilds it)`);
	process.exit(0);
}
console.error(
	[
		`playlistgen: ${tools}, and dist/ has not been built.`,
		'To install a clone for running only, build it and then drop the build tools:',
		'  npm ci && npm prune --omit=dev',
		'or make a package where the tools are, and install that on the machine that runs playlistgen:',
		'  npm pack        # → playlistgen-VERSION.tgz, then: npm install -g ./playlistgen-VERSION.tgz',
	].join('\n'),
);
process.exit(1);
