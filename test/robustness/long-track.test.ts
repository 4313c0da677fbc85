import {spawn} from 'node:child_process';
import path from 'node:path';
import test from 'ava';
import {repoRoot, synth, tempDir} from '../helpers/fixtures.js';

type EngineSummary = {tracks: number; audioSeconds: number; nodeMaxRssBytes: number; maxChunkBytes: number; executableRssBytes: number};

/** The streaming engine alone (the built code), in a fresh process, so that its peak memory is its own. */
function runEngine(dir: string): Promise<EngineSummary> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(repoRoot, 'bench', 'engine-child.mjs'), dir], {stdio: ['ignore', 'pipe', 'inherit']});
		let out = '';
		child.stdout.on('data', (data: Buffer) => (out += data.toString()));
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as EngineSummary) : reject(new Error(`engine exited ${code}`))));
	});
}

test('a 3-hour mix peaks at the same memory as a 3-minute track', async t => {
	const home = tempDir(t);
	// Quiet noise compresses well in FLAC and still makes the decoder and the chunker do the full work.
	const source = (seconds: number) => `anoisesrc=c=pink:a=0.001:r=22050:d=${seconds}`;
	synth(path.join(home, 'short', 'three-minutes.flac'), source(180), ['-ac', '1', '-compression_level', '0']);
	synth(path.join(home, 'long', 'three-hours.flac'), source(3 * 3600), ['-ac', '1', '-compression_level', '0']);
	const short = await runEngine(path.join(home, 'short'));
	const long = await runEngine(path.join(home, 'long'));
	t.is(long.tracks, 1);
	t.true(Math.abs(long.audioSeconds - 3 * 3600) < 1);
	t.is(long.maxChunkBytes, short.maxChunkBytes, 'chunks are no larger for the long track');
	// Node's own executable is left out on both sides: its code pages grow once, when V8's optimising
	// compiler first runs (a minute in, on Node 24 some 6 MiB), whatever the track's length.
	const own = (run: EngineSummary) => run.nodeMaxRssBytes - run.executableRssBytes;
	const growth = (own(long) - own(short)) / short.nodeMaxRssBytes;
	const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
	t.log(
		`peak RSS ${mib(short.nodeMaxRssBytes)} MiB for 3 min, ${mib(long.nodeMaxRssBytes)} MiB for 3 h; node's executable ${mib(short.executableRssBytes)} and ${mib(long.executableRssBytes)} MiB of it`,
	);
	t.true(growth < 0.15, `peak memory grew ${(growth * 100).toFixed(1)} % from 3 minutes to 3 hours (node's executable left out)`);
});
