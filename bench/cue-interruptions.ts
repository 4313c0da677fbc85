/**
 * Interruptions of an album image's analysis: a 13-track FLAC image made of dev-corpus tracks, with a
 * sheet beside it, analysed by the built CLI and killed with SIGKILL at a random moment ten times (after
 * its first CUE track starts, by up to 0.6 of a whole run's analysis, so that most kills land while it
 * analyses and before the image is whole), each
 * kill followed by a rerun, then a last run left to finish. Reports the CUE tracks stored after each
 * run (they must never decrease) and that the end holds each of the 13 once. Not a test: a stress run
 * whose figures go to bench/results.md.
 *
 * `node --import=tsx bench/cue-interruptions.ts [SEED]` after `npm run build`; needs the dev corpus
 * (/tmp/playlistgen-dev-corpus/library, or PLAYLISTGEN_DEV_CORPUS).
 */
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Database from 'better-sqlite3';
import {createRng} from '../source/playlists/random.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Another build's CLI may be named, to compare (PLAYLISTGEN_BENCH_CLI=/other/checkout/dist/cli.js). */
const cli = process.env['PLAYLISTGEN_BENCH_CLI'] ?? path.join(root, 'dist', 'cli.js');
const corpus = process.env['PLAYLISTGEN_DEV_CORPUS'] ?? '/tmp/playlistgen-dev-corpus/library';
const TRACKS = 13;
const INTERRUPTIONS = 10;

function audioFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, {withFileTypes: true, recursive: true})
		.filter(entry => entry.isFile() && /\.(flac|ogg|mp3|wav)$/i.test(entry.name))
		.map(entry => path.join(entry.parentPath, entry.name))
		.sort();
}

function seconds(file: string): number {
	const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], {encoding: 'utf8'});
	return Number(probe.stdout.trim());
}

/** "MM:SS:FF" for a sheet. */
function clock(at: number): string {
	const frames = Math.round(at * 75);
	const [minutes, rest] = [Math.floor(frames / 4500), frames % 4500];
	return `${String(minutes).padStart(2, '0')}:${String(Math.floor(rest / 75)).padStart(2, '0')}:${String(rest % 75).padStart(2, '0')}`;
}

/** Joins the tracks into album.flac (44.1 kHz stereo, each track padded to whole CD frames) and writes album.cue. */
function makeImage(library: string, files: readonly string[]): number {
	fs.mkdirSync(library, {recursive: true});
	const lengths = files.map(file => Math.ceil(seconds(file) * 75) / 75);
	const inputs = files.flatMap(file => ['-i', file]);
	const shaped = files.map(
		(_, index) => `[${index}:a:0]aresample=44100,aformat=sample_fmts=s16:channel_layouts=stereo,apad=whole_dur=${lengths[index]}[a${index}]`,
	);
	const filter = `${shaped.join(';')};${files.map((_, index) => `[a${index}]`).join('')}concat=n=${files.length}:v=0:a=1`;
	const made = spawnSync(
		'ffmpeg',
		['-hide_banner', '-loglevel', 'error', '-y', ...inputs, '-filter_complex', filter, '-c:a', 'flac', path.join(library, 'album.flac')],
		{
			encoding: 'utf8',
		},
	);
	if (made.status !== 0) throw new Error(made.stderr);
	const lines = ['PERFORMER "Various"', 'TITLE "Interrupted"', 'FILE "album.flac" WAVE'];
	let start = 0;
	for (const [index, length] of lengths.entries()) {
		lines.push(`  TRACK ${String(index + 1).padStart(2, '0')} AUDIO`, `    TITLE "Track ${index + 1}"`, `    INDEX 01 ${clock(start)}`);
		start += length;
	}
	fs.writeFileSync(path.join(library, 'album.cue'), lines.join('\r\n') + '\r\n');
	return start;
}

/**
 * One run of the CLI, killed `killAfterMs` after its first CUE track starts (never, without it); resolves
 * with how long it ran, how long it analysed (from that first start) and how it ended.
 */
function run(
	library: string,
	db: string,
	killAfterMs?: number,
): Promise<{ms: number; analysingMs: number; signal: string | null; code: number | null; analysed: number}> {
	return new Promise(resolve => {
		const started = performance.now();
		let analysing: number | undefined;
		const child = spawn(process.execPath, [cli, 'analyze', library, '--db', db, '--json'], {stdio: ['ignore', 'pipe', 'ignore']});
		let analysed = 0;
		let buffered = '';
		let timer: NodeJS.Timeout | undefined;
		child.stdout.on('data', (data: Buffer) => {
			const lines = (buffered + data.toString()).split('\n');
			buffered = lines.pop()!;
			for (const line of lines) {
				const record = JSON.parse(line) as {type: string; cue?: unknown};
				if (record.type === 'track') analysed++;
				if (record.type === 'track-start' && record.cue && analysing === undefined) {
					analysing = performance.now();
					if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
				}
			}
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const ended = performance.now();
			resolve({ms: ended - started, analysingMs: analysing === undefined ? 0 : ended - analysing, signal, code, analysed});
		});
	});
}

function stored(db: string): string[] {
	if (!fs.existsSync(db)) return [];
	const handle = new Database(db, {readonly: true});
	try {
		return (handle.prepare('SELECT path FROM tracks ORDER BY path').all() as Array<{path: string}>).map(row => path.basename(row.path));
	} finally {
		handle.close();
	}
}

const seed = Number(process.argv[2] ?? 27);
const rng = createRng(seed);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-cue-interruptions-'));
try {
	const library = path.join(dir, 'library');
	const db = path.join(dir, 'library.db');
	const total = makeImage(library, audioFiles(corpus).slice(0, TRACKS));
	// A whole run, in a store of its own, says how long the moments to choose from are.
	const whole = await run(library, path.join(dir, 'whole.db'));
	console.log(
		`image: ${TRACKS} tracks, ${(total / 60).toFixed(1)} min; a whole run ${(whole.ms / 1000).toFixed(1)} s (analysing ${(whole.analysingMs / 1000).toFixed(1)} s); seed ${seed}; load ${os.loadavg()[0]!.toFixed(2)}`,
	);
	console.log('| run | killed, after its first track started | tracks analysed | stored after |');
	console.log('| --- | --- | --- | --- |');
	const counts: number[] = [];
	for (let index = 1; index <= INTERRUPTIONS + 1; index++) {
		const last = index > INTERRUPTIONS;
		const killAfterMs = last ? undefined : Math.round(rng.next() * whole.analysingMs * 0.6);
		const result = await run(library, db, killAfterMs);
		counts.push(stored(db).length);
		const how = last ? `not killed (exit ${result.code})` : `${(killAfterMs! / 1000).toFixed(2)} s`;
		console.log(`| ${index} | ${how} | ${result.analysed} | ${counts.at(-1)} |`);
	}
	const never = counts.every((count, index) => index === 0 || count >= counts[index - 1]!);
	const final = stored(db);
	const once =
		final.length === TRACKS && new Set(final).size === TRACKS && final.every((name, index) => name === `album.flac#${String(index + 1).padStart(2, '0')}`);
	console.log(`\nstored count never fell: ${never ? 'yes' : 'NO'}; all ${TRACKS} stored once at the end: ${once ? 'yes' : `NO (${final.join(', ')})`}`);
	if (!never || !once) process.exitCode = 1;
} finally {
	fs.rmSync(dir, {recursive: true, force: true});
}
