import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

let cached: string | undefined;

/**
 * The folder of playlistgen's package.json. Found by walking up from this module rather than by a
 * fixed `../..`, because the same code runs from source/ (tests), from dist/ file by file, and from
 * the bundled dist/cli.js, each at a different depth.
 */
export function packageRoot(): string {
	if (cached) return cached;
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const manifest = path.join(dir, 'package.json');
		if (fs.existsSync(manifest) && readName(manifest) === 'playlistgen') return (cached = dir);
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`playlistgen's package.json not found above ${fileURLToPath(import.meta.url)}`);
		dir = parent;
	}
}

function readName(manifest: string): string | undefined {
	try {
		return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as {name?: string}).name;
	} catch {
		return undefined;
	}
}
