/**
 * Worker threads for playlistgen's own modules: where a worker's script is, and how to start it, the
 * same whether the code runs built (dist/, file by file or bundled) or as TypeScript under tsx (tests,
 * benches).
 */
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {Worker, type WorkerOptions} from 'node:worker_threads';
import {packageRoot} from './package-root.js';

/**
 * The script of a worker module named by its path under source/ without extension (e.g.
 * "analysis/worker"): the .ts file when the caller runs as .ts, else the .js file tsc wrote in dist/.
 * Built code may sit inside the bundled CLI, so the file is found from the package root, not beside the
 * caller.
 */
export function moduleWorkerUrl(name: string, callerUrl: string): URL {
	if (callerUrl.endsWith('.ts') || callerUrl.endsWith('.tsx')) return pathToFileURL(path.join(packageRoot(), 'source', `${name}.ts`));
	return pathToFileURL(path.join(packageRoot(), 'dist', `${name}.js`));
}

/**
 * Starts a worker on `url`. A .ts script registers tsx first: Node 20 ignores `--import tsx` in a
 * worker's execArgv ("Unknown file extension .ts"), so a small bootstrap registers tsx's loader, then
 * imports the script.
 */
export function startModuleWorker(url: URL, options: WorkerOptions = {}): Worker {
	if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
	const tsxApi = import.meta.resolve('tsx/esm/api');
	const bootstrap = `import(${JSON.stringify(tsxApi)}).then(api => { api.register(); return import(${JSON.stringify(url.href)}); });`;
	return new Worker(bootstrap, {...options, eval: true});
}
