import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {makeMemoryCgroup, runNodeIn, type MemoryCgroup} from '../../bench/cgroup.js';
import type {NdjsonRecord} from '../../source/report/ndjson.js';
import {records, recordsOf} from '../helpers/cli.js';
import {cliPath, mediaDir, synth, tempDir} from '../helpers/fixtures.js';

const limit = 256 * 1024 * 1024;

async function analyse(t: Parameters<typeof tempDir>[0], library: string, cgroup: MemoryCgroup | undefined, extra: string[] = []) {
	const home = tempDir(t);
	const result = await runNodeIn(cgroup, [cliPath, 'analyze', library, '--json', '--db', path.join(home, 'library.db'), ...extra], {
		cwd: home,
		env: {...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache')},
	});
	const events = records(result.stdout);
	const chunks = recordsOf(result.stdout, 'chunk').map(event => event.seconds);
	const median = [...chunks].sort((a, b) => a - b)[Math.floor(chunks.length / 2)]!;
	return {result, events, median, summary: recordsOf(result.stdout, 'summary')[0]!, started: recordsOf(result.stdout, 'started')[0]!};
}

/** The budget each chunk was planned from. */
const chunkBudgets = (run: {events: NdjsonRecord[]}) => run.events.flatMap(event => (event.type === 'chunk' ? [event.budgetBytes] : []));

test('on a 256 MB machine the library and a long track complete, planned from the smaller budget', async t => {
	const library = tempDir(t);
	for (const file of fs.readdirSync(mediaDir)) {
		if (/\.(mp3|ogg|opus|flac|wav)$/.test(file)) fs.copyFileSync(path.join(mediaDir, file), path.join(library, file));
	}
	synth(path.join(library, 'long-mix.ogg'), 'sine=f=220:d=300:sample_rate=22050', ['-c:a', 'libvorbis', '-q:a', '0']);

	const cgroup = makeMemoryCgroup(limit, `playlistgen-test-${process.pid}`);
	let small;
	if (typeof cgroup === 'string') {
		t.log(`no cgroup here (${cgroup}): --ram 256M instead`);
		small = await analyse(t, library, undefined, ['--ram', '256M']);
		t.is(small.started.totalSource, '--ram');
	} else {
		try {
			small = await analyse(t, library, cgroup);
			t.is(cgroup.oomKills(), 0, 'the OOM killer never struck');
		} finally {
			cgroup.remove();
		}
		t.regex(small.started.totalSource, /^cgroup v[12]$/, 'playlistgen sees the cgroup limit as its total RAM');
		t.is(small.started.totalBytes, limit);
	}
	t.is(small.result.code, 0, small.result.stderr);
	t.is(small.summary.failed, 0);
	t.is(small.summary.tracks, 10);

	const large = await analyse(t, library, undefined);
	t.is(large.result.code, 0);
	// A small budget is met with fewer decoders first, then shorter chunks: the plan shows the smaller machine.
	t.true(Math.max(...chunkBudgets(small)) < Math.min(...chunkBudgets(large)), 'chunks are planned from the smaller budget');
	t.true(small.median <= large.median, `median chunk ${small.median} s at 256 MB, ${large.median} s with no limit`);
});

test('--ram 256M behaves like a small machine without a cgroup', async t => {
	const pretend = await analyse(t, mediaDir, undefined, ['--ram', '256M']);
	const real = await analyse(t, mediaDir, undefined);
	t.is(pretend.result.code, 0);
	t.is(pretend.started.totalBytes, limit);
	t.true(Math.max(...chunkBudgets(pretend)) < Math.min(...chunkBudgets(real)), 'chunks are planned from the smaller budget');
	t.true(pretend.median <= real.median, `median chunk ${pretend.median} s with --ram 256M, ${real.median} s without`);
});
