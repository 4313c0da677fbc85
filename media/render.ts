import {spawn} from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {keyName, renderArgs, type Recipe} from './recipes.js';

export type ManifestEntry = {file: string; family: string; bpm: number; key: string; seconds: number; format: string};

function run(ffmpeg: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(ffmpeg, args, {stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (data: Buffer) => {
			stderr += data.toString();
		});
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${code}): ${stderr.trim()}`))));
	});
}

/** Renders recipes into `dir` (two at a time) and returns their manifest. */
export async function renderLibrary(recipes: Recipe[], dir: string, ffmpeg = 'ffmpeg'): Promise<ManifestEntry[]> {
	await fs.mkdir(dir, {recursive: true});
	const queue = [...recipes];
	const manifest: ManifestEntry[] = [];
	const worker = async () => {
		for (let recipe = queue.shift(); recipe; recipe = queue.shift()) {
			const file = `${recipe.name}.${recipe.format}`;
			await run(ffmpeg, renderArgs(recipe, path.join(dir, file)));
			manifest.push({file, family: recipe.family, bpm: recipe.bpm, key: keyName(recipe.tonic, recipe.mode), seconds: recipe.seconds, format: recipe.format});
		}
	};
	await Promise.all([worker(), worker()]);
	return manifest.sort((a, b) => a.file.localeCompare(b.file));
}
