/**
 * One recording, one entry, on real music: the dev corpus plus copies of six of its tracks in seven other
 * files each (FLAC, MP3 128k, Ogg q3, Opus 96k, AAC 128k, WAV, a mono WAV) and one with 2 s of silence
 * before it, and four other versions of four tracks (an extended one, a remix 8 % faster and higher, a
 * one-minute edit, a "live" one with echo and a band cut). Reports how many copies are found (the
 * positives) and how many different recordings are taken for one (the false merges), then whether a
 * playlist holds two copies of one recording.
 *
 * `node --import=tsx bench/duplicates.ts [WORKDIR]` (WORKDIR kept between runs: the library and store
 * are made once).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {FEATURES_VERSION} from '../source/analysis/vector.js';
import {DEFAULT_WEIGHTS} from '../source/config/options.js';
import {buildPlaylists} from '../source/playlists/build.js';
import {recordingSets} from '../source/playlists/similarity/recordings.js';
import {vectorGroups} from '../source/playlists/similarity/vector-groups.js';
import {LibraryStore} from '../source/store/library-store.js';
import {DEV_CORPUS} from './similarity.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SOURCES = [
	'Flare/07 - overworld_theme.ogg',
	'Hedgewars/01 - Art.ogg',
	'Warmux/05 - Olivier_Militon.-.Like_a_rock.mp3',
	'X-Moto/03 - foxrun.flac',
	'Battle Tanks/02 - boss-1.mp3',
	'Extreme Tux Racer/03 - freezingpoint.flac',
];
const COPIES: Array<[string, string[]]> = [
	['.flac', ['-c:a', 'flac']],
	['.mp3', ['-c:a', 'libmp3lame', '-b:a', '128k']],
	['.ogg', ['-c:a', 'libvorbis', '-q:a', '3']],
	['.opus', ['-c:a', 'libopus', '-b:a', '96k']],
	['.m4a', ['-c:a', 'aac', '-b:a', '128k']],
	['.wav', ['-c:a', 'pcm_s16le']],
	[' (mono).wav', ['-ac', '1', '-c:a', 'pcm_s16le']],
];
/**
 * Files of the corpus that are one recording: Warmux ships "Apnee" twice (Apnee2 correlates with Apnee at
 * 0.98 or more in every 2 s window of the decoded audio, at the same length).
 */
const SAME_IN_CORPUS: Array<[string, string]> = [['Warmux/03 - Olivier_Militon.-.Apnee2.flac', 'Warmux/02 - Olivier_Militon.-.Apnee.mp3']];
/** Other versions: not the same recording. */
const VERSIONS: Array<[string, string, string[]]> = [
	[
		'Flare/07 - overworld_theme.ogg',
		'overworld_theme (extended).flac',
		['-filter_complex', '[0:a]asplit[a][b];[b]atrim=0:60,asetpts=N/SR/TB[c];[a][c]concat=n=2:v=0:a=1'],
	],
	['Hedgewars/01 - Art.ogg', 'Art (remix).flac', ['-af', 'atempo=1.08,asetrate=44100*1.03,aresample=44100']],
	['X-Moto/03 - foxrun.flac', 'foxrun (edit).flac', ['-t', '60', '-af', 'afade=t=out:st=55:d=5']],
	['Warmux/05 - Olivier_Militon.-.Like_a_rock.mp3', 'Like_a_rock (live).flac', ['-af', 'aecho=0.8:0.88:60:0.4,highpass=f=200']],
];

function ffmpeg(args: string[]): void {
	const result = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args], {encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${result.stderr}`);
}

/** The library: the corpus's albums (linked), Copies/<n>/…, Versions/…; the recording each file is. */
function makeLibrary(work: string): {library: string; recordingOf: Map<string, string>} {
	const corpus = path.join(DEV_CORPUS, 'library');
	const library = path.join(work, 'library');
	const recordingOf = new Map<string, string>();
	fs.mkdirSync(library, {recursive: true});
	for (const album of fs.readdirSync(corpus)) {
		const link = path.join(library, album);
		if (!fs.existsSync(link)) fs.symlinkSync(path.join(corpus, album), link);
		for (const file of fs.readdirSync(path.join(corpus, album))) recordingOf.set(path.join(link, file), `${album}/${file}`);
	}
	for (const [file, same] of SAME_IN_CORPUS) recordingOf.set(path.join(library, file), same);
	SOURCES.forEach((source, index) => {
		const folder = path.join(library, 'Copies', String(index + 1));
		fs.mkdirSync(folder, {recursive: true});
		const stem = path.basename(source).replace(/\.[^.]+$/, '');
		for (const [suffix, codec] of COPIES) {
			const out = path.join(folder, stem + suffix);
			if (!fs.existsSync(out)) ffmpeg(['-i', path.join(corpus, source), '-map', '0:a', ...codec, out]);
			recordingOf.set(out, source);
		}
		const padded = path.join(folder, `${stem} (padded).flac`);
		if (!fs.existsSync(padded)) {
			ffmpeg([
				'-f',
				'lavfi',
				'-t',
				'2',
				'-i',
				'anullsrc=r=44100:cl=stereo',
				'-i',
				path.join(corpus, source),
				'-filter_complex',
				'[0:a][1:a]concat=n=2:v=0:a=1',
				'-c:a',
				'flac',
				padded,
			]);
		}
		recordingOf.set(padded, source);
	});
	const versions = path.join(library, 'Versions');
	fs.mkdirSync(versions, {recursive: true});
	for (const [source, name, filter] of VERSIONS) {
		const out = path.join(versions, name);
		if (!fs.existsSync(out)) ffmpeg(['-i', path.join(corpus, source), ...filter, '-c:a', 'flac', out]);
		recordingOf.set(out, `version:${name}`);
	}
	return {library, recordingOf};
}

export async function runDuplicatesBench(work = path.join(here, 'tmp', 'duplicates')): Promise<string> {
	if (!fs.existsSync(path.join(DEV_CORPUS, 'labels.tsv'))) return `## Duplicates\n\nSkipped: no dev corpus at ${DEV_CORPUS}.\n`;
	const {library, recordingOf} = makeLibrary(work);
	const db = path.join(work, `library-v${FEATURES_VERSION}.db`);
	const analysed = spawnSync(process.execPath, [path.join(here, '..', 'dist', 'cli.js'), 'analyze', library, '--db', db, '--no-tui'], {
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	if (analysed.status !== 0) throw new Error(`analysis exited with ${analysed.status}`);
	const store = await LibraryStore.open(db, {mode: 'read', featuresVersion: FEATURES_VERSION});
	const tracks = store.allTracks({root: library});
	store.close();

	const start = performance.now();
	const sets = recordingSets(tracks);
	const ms = performance.now() - start;
	const setOf = new Map<string, number>();
	sets.forEach((set, index) => [set.best, ...set.copies].forEach(track => setOf.set(track.path, index)));
	const same = (a: string, b: string) => setOf.has(a) && setOf.get(a) === setOf.get(b);
	let truePairs = 0;
	let found = 0;
	let falseMerges = 0;
	const merged: string[] = [];
	const paths = tracks.map(track => track.path);
	for (let i = 0; i < paths.length; i++) {
		for (let j = i + 1; j < paths.length; j++) {
			const one = recordingOf.get(paths[i]!) === recordingOf.get(paths[j]!);
			if (one) truePairs++;
			if (one && same(paths[i]!, paths[j]!)) found++;
			if (!one && same(paths[i]!, paths[j]!)) {
				falseMerges++;
				merged.push(`${recordingOf.get(paths[i]!)} = ${recordingOf.get(paths[j]!)}`);
			}
		}
	}
	const distinct = new Set(paths.map(file => recordingOf.get(file))).size;
	const built = buildPlaylists(tracks, {groups: vectorGroups(), weights: {...DEFAULT_WEIGHTS}});
	// The seven copies of the issue (and the original); the padded copy is counted apart.
	const mostCopies = (include: (file: string) => boolean) =>
		Math.max(
			...built.playlists.map(playlist => {
				const counts = new Map<string, number>();
				for (const track of playlist.tracks.filter(track => include(track.path)))
					counts.set(recordingOf.get(track.path)!, (counts.get(recordingOf.get(track.path)!) ?? 0) + 1);
				return Math.max(0, ...counts.values());
			}),
		);
	const byRecording = SOURCES.map(source => {
		const files = paths.filter(file => recordingOf.get(file) === source);
		const grouped = new Set(files.map(file => setOf.get(file) ?? `alone:${file}`)).size;
		return `${source}: ${files.length} files in ${grouped === 1 ? 'one set' : `${grouped} sets`}`;
	});
	return [
		'## Duplicates: one recording, one entry (dev corpus + copies)',
		'',
		`${tracks.length} files, ${distinct} different recordings (the corpus, ${SOURCES.length} of its tracks in 8 more files each, ${VERSIONS.length} other versions).`,
		'',
		`- copies found: ${found} of ${truePairs} pairs of files that are one recording (${((100 * found) / truePairs).toFixed(1)} %); ${byRecording.join('; ')}`,
		`- false merges: ${falseMerges} pairs of different recordings taken for one${merged.length > 0 ? `: ${[...new Set(merged)].join('; ')}` : ''}`,
		`- ${sets.length} sets found in ${ms.toFixed(0)} ms; playlists hold at most ${mostCopies(file => !file.includes('(padded)'))} of the original and its seven copies, at most ${mostCopies(() => true)} file(s) of one recording counting the padded copies`,
		'',
	].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	console.log(await runDuplicatesBench(process.argv[2] ? path.resolve(process.argv[2]) : undefined));
}
