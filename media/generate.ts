/** Regenerates the bundled sample library: `npm run media`. */
import fs from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {BUNDLED} from './recipes.js';
import {renderLibrary} from './render.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
for (const entry of await fs.readdir(dir)) {
	if (/\.(mp3|ogg|opus|flac|wav)$/.test(entry)) await fs.rm(path.join(dir, entry));
}
const manifest = await renderLibrary(BUNDLED, dir, process.env['FFMPEG_PATH'] ?? 'ffmpeg');
await fs.writeFile(path.join(dir, 'tracks.json'), JSON.stringify(manifest, null, '\t') + '\n');
let bytes = 0;
for (const entry of manifest) bytes += (await fs.stat(path.join(dir, entry.file))).size;
console.log(`${manifest.length} tracks, ${(bytes / 1024).toFixed(0)} KiB in ${dir}`);
