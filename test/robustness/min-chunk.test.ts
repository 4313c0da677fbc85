/**
 * The minimum chunk in a real run: a track is read in chunks no shorter than minChunkSeconds, its last
 * one included, when the room for chunks allows; where it does not (a 64 MiB machine, whose chunks are
 * cut to the minimum), the short rest of a track is reported as its `end`, not as a length the
 * scheduler chose.
 */
import path from 'node:path';
import test from 'ava';
import type {NdjsonRecord} from '../../source/report/ndjson.js';
import {recordsOf, runCli} from '../helpers/cli.js';
import {synth, tempDir} from '../helpers/fixtures.js';

type Chunk = Extract<NdjsonRecord, {type: 'chunk'}>;

async function chunksOf(t: Parameters<typeof tempDir>[0], extra: string[]): Promise<Chunk[]> {
	const home = tempDir(t);
	const library = path.join(home, 'library');
	// 23.5 s: after 10 s chunks, 3.5 s would be left.
	synth(path.join(library, 'a.wav'), 'sine=f=440:d=23.5');
	synth(path.join(library, 'b.flac'), 'sine=f=330:d=18.5');
	const result = await runCli(['analyze', library, '--json', '--db', path.join(home, 'library.db'), ...extra], {
		cwd: home,
		env: {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache')},
	});
	t.is(result.code, 0, result.stderr);
	return recordsOf(result.stdout, 'chunk');
}

test('every chunk of a track is at least --min-chunk, its last one included', async t => {
	const chunks = await chunksOf(t, ['--chunk', '10', '--max-chunk', '10', '--min-chunk', '5']);
	t.true(chunks.length >= 5);
	t.deepEqual(
		chunks.filter(chunk => chunk.seconds < 5 - 0.01).map(chunk => `${path.basename(chunk.path)} #${chunk.index}: ${chunk.seconds} s (${chunk.reason})`),
		[],
	);
	const a = chunks.filter(chunk => chunk.path.endsWith('a.wav')).map(chunk => chunk.seconds);
	t.is(Math.round(a.reduce((sum, seconds) => sum + seconds, 0) * 100) / 100, 23.5, a.join(' '));
});

test('--ram 64M: a chunk shorter than the minimum is only ever the end of a track, and says so', async t => {
	const chunks = await chunksOf(t, ['--ram', '64M', '--min-chunk', '5']);
	const last = new Map(chunks.map(chunk => [chunk.path, chunk.index]));
	for (const chunk of chunks.filter(chunk => chunk.seconds < 5 - 0.01)) {
		t.is(chunk.reason, 'end', `${path.basename(chunk.path)} #${chunk.index}: ${chunk.seconds} s`);
		t.is(chunk.index, last.get(chunk.path)!);
	}
	t.true(
		chunks.every(chunk => chunk.reason !== 'end' || chunk.index === last.get(chunk.path)),
		'only a last chunk is an end',
	);
});
