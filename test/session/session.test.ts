import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {LevelAnalyzerPool} from '../helpers/level-analyzer.js';
import {ffmpegSampleCount, mediaDir, synth, tempDir} from '../helpers/fixtures.js';
import {createTestSession, ofType} from '../helpers/session.js';

test('chunks cover each track exactly once, in order, sample for sample', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.flac'), 'sine=f=440:d=12.3');
	synth(path.join(dir, 'b.ogg'), 'anoisesrc=d=7.1:c=brown', ['-c:a', 'libvorbis']);
	fs.writeFileSync(path.join(dir, 'cover.jpg'), 'not audio, not scanned');
	const pool = new LevelAnalyzerPool();
	const {session, events} = createTestSession(dir, {pool, limits: {monitoringEnabled: false, chunkSeconds: 5, minChunkSeconds: 1}});
	const summary = await session.run();
	t.is(summary.tracks, 2);
	t.is(summary.failed, 0);
	for (const name of ['a.flac', 'b.ogg']) {
		const file = path.join(dir, name);
		const chunks = ofType(events, 'chunk').filter(chunk => chunk.path === file);
		t.deepEqual(
			chunks.map(chunk => chunk.index),
			chunks.map((_, i) => i),
		);
		const samples = chunks.reduce((sum, chunk) => sum + chunk.bytes / 4, 0);
		t.is(samples, ffmpegSampleCount(file, 22_050), name);
		t.true(chunks.slice(0, -1).every(chunk => chunk.seconds === 5));
		const done = ofType(events, 'track-done').find(event => event.path === file)!;
		t.is(done.chunks, chunks.length);
		t.is(pool.samples.get(file), samples, 'the analyser received every sample');
	}
	t.is(ofType(events, 'track-done').length, 2, 'cover.jpg is not a track');
});

test('the bundled media library analyses without failures', async t => {
	const {session, events} = createTestSession(mediaDir);
	const summary = await session.run();
	const manifest = JSON.parse(fs.readFileSync(path.join(mediaDir, 'tracks.json'), 'utf8')) as unknown[];
	t.is(summary.tracks, manifest.length);
	t.is(summary.failed, 0);
	t.true(summary.peakRssBytes > 0);
	t.true(ofType(events, 'memory').length > 0);
	t.true(ofType(events, 'track-info').every(info => info.tags.title !== undefined));
});

test('a forced GC appears as a gc event marked forced', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=3');
	const {session, events} = createTestSession(dir, {pool: new LevelAnalyzerPool(50)});
	const run = session.run();
	await session.forceGc();
	await run;
	t.truthy(ofType(events, 'gc-forced').find(event => event.reason === 'command'));
	const forced = ofType(events, 'gc').filter(event => event.gc.forced);
	t.true(forced.length > 0, 'a forced collection is observed');
	t.true(forced.every(event => event.gc.durationMs >= 0 && ['major', 'minor', 'incremental', 'weakcb'].includes(event.gc.kind)));
});

test('above the GC threshold the next chunk is halved; a GC is forced only when the heap holds enough to matter', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'long.wav'), 'sine=f=440:d=40');
	// A 1 % threshold of a 2 GiB budget (20 MiB) is always exceeded, and 70 % (the warning level) never
	// is; this process's heap is far below 5 % of the budget (100 MiB), so no GC is worth forcing.
	const {session, events} = createTestSession(dir, {
		ram: 4 * 1024 * 1024 * 1024,
		limits: {gcThresholdPercent: 1, monitorIntervalChunks: 2, minChunkSeconds: 1, chunkSeconds: 4, maxChunkSeconds: 4},
	});
	await session.run();
	const chunks = ofType(events, 'chunk');
	t.true(chunks.length >= 10);
	t.is(ofType(events, 'gc-forced').length, 0, 'no forced GC that could not help');
	// Every second chunk is checked; the one after it is halved.
	const shrunk = chunks.filter(chunk => chunk.reason === 'shrunk');
	t.true(shrunk.length >= Math.floor(chunks.length / 3), `${shrunk.length} of ${chunks.length} chunks halved`);
	t.true(
		shrunk.every(chunk => chunk.seconds <= 2),
		'half of the 4 s chunk',
	);
	t.true(
		chunks.some(chunk => chunk.seconds === 4 && chunk.index > 0),
		'chunks grow back after the shrink',
	);
	const warnings = ofType(events, 'log').filter(event => event.level === 'warn');
	t.is(warnings.length, 1, 'one warning for the whole stretch above the threshold');
	t.regex(warnings[0]!.message, /^memory at \d+% of the budget: shorter chunks/);
});

test('a forced GC reports the heap before and after it', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=3');
	const {session, events} = createTestSession(dir);
	const run = session.run();
	// Garbage on the heap for the GC to free.
	let junk: unknown[] | undefined = Array.from({length: 200_000}, (_, i) => ({i, text: `item ${i}`}));
	t.true(junk.length > 0);
	junk = undefined;
	await session.forceGc();
	await run;
	const forced = ofType(events, 'gc-forced')[0]!;
	t.true(forced.heapBeforeBytes > forced.heapAfterBytes, `${forced.heapBeforeBytes} → ${forced.heapAfterBytes}`);
});

test('a budget under the floor: one message naming the floor and what was cut, one decoder and one worker', async t => {
	const dir = tempDir(t);
	for (const name of ['a', 'b', 'c', 'd']) synth(path.join(dir, `${name}.wav`), 'sine=f=440:d=20');
	// 64 MiB of RAM, 50 %: a 32 MiB budget, under what node alone needs.
	const {session, events} = createTestSession(dir, {ram: 64 * 1024 * 1024, limits: {workers: 2, minChunkSeconds: 1, chunkSeconds: 2, maxChunkSeconds: 4}});
	let mostInWork = 0;
	session.on(() => (mostInWork = Math.max(mostInWork, session.activeTracks.length)));
	const summary = await session.run();
	t.is(summary.tracks, 4);
	const warnings = ofType(events, 'log').filter(event => event.level === 'warn');
	t.is(warnings.length, 1, warnings.map(event => event.message).join('\n'));
	t.regex(warnings[0]!.message, /^budget 32\.0 MiB is under this machine's floor of \d+ MiB with 3 decoders: running 1 decoder, 1 worker, 1 s chunks; even so/);
	t.is(mostInWork, 1, 'one track in work at a time');
	t.is(session.workers, 1);
	const samples = ofType(events, 'memory');
	t.true(
		samples.some(event => event.sample.floorBytes > event.sample.budgetBytes),
		'the samples carry the floor',
	);
	t.true(samples.every(event => ['pss', 'cgroup', 'rss'].includes(event.sample.workingSetSource)));
});

test('lowering the limit live under the floor says so once; raising it again says the full run is back', async t => {
	const dir = tempDir(t);
	for (const name of ['a', 'b', 'c']) synth(path.join(dir, `${name}.wav`), 'sine=f=440:d=30');
	const {session, events} = createTestSession(dir, {
		ram: 4 * 1024 * 1024 * 1024,
		limits: {workers: 2, minChunkSeconds: 1, chunkSeconds: 2, maxChunkSeconds: 2},
	});
	let lowered = false;
	let floorSaid = false;
	let raised = false;
	session.on(event => {
		if (event.type === 'log' && event.message.includes('floor')) floorSaid = true;
		if (event.type !== 'chunk') return;
		if (!lowered && event.index === 2) {
			lowered = true;
			session.setLimits({memoryLimitPercent: 1});
			session.setLimits({memoryLimitPercent: 1});
		} else if (floorSaid && !raised) {
			// Raised once the floor has been said: the answer to the lowering must come while the run goes on.
			raised = true;
			session.setLimits({memoryLimitPercent: 50});
		}
	});
	await session.run();
	const messages = ofType(events, 'log').map(event => `${event.level}: ${event.message}`);
	t.is(messages.filter(message => message.includes('floor')).length, 1, messages.join('\n'));
	t.regex(
		messages.find(message => message.includes('floor'))!,
		/^warn: budget 41\.0 MiB is under this machine's floor/,
	);
	t.true(messages.some(message => /^info: budget carries the full run again: 3 decoders, 2 workers/.test(message)));
});

test('backpressure: a slow consumer holds the decoder back; decoded audio in flight stays bounded', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=12');
	const {session, events} = createTestSession(dir, {
		limits: {monitoringEnabled: false, chunkSeconds: 1, minChunkSeconds: 1},
		pool: new LevelAnalyzerPool(60),
	});
	const chunkBytes = 22_050 * 4;
	const readAhead: number[] = [];
	const inFlight: number[] = [];
	let consumed = 0;
	session.on(event => {
		if (event.type !== 'chunk') return;
		consumed += event.bytes;
		const [track] = session.activeTracks;
		if (track) readAhead.push(track.decoder.reader.totalBytes - consumed);
		inFlight.push(session.pcmInFlightBytes);
	});
	const summary = await session.run();
	const chunks = ofType(events, 'chunk');
	t.is(chunks.length, 12);
	// The consumer takes 60 ms a chunk, the decoder about 1 ms: reading mostly waits for the consumer.
	const waited = chunks.filter(chunk => chunk.waitedMs > 0).length;
	t.true(waited >= chunks.length / 2, `${waited} of ${chunks.length} chunks waited for the consumer`);
	t.true(summary.backpressureWaits >= chunks.length / 2, `${summary.backpressureWaits} waits`);
	// At most the chunk being consumed and the one just read are in memory.
	t.true(Math.max(...inFlight) <= 2 * chunkBytes, `in flight: ${Math.max(...inFlight)}`);
	// ffmpeg is not read far ahead: beyond the chunks handed out, at most what a pipe read or two brings.
	t.true(Math.max(...readAhead) <= 256 * 1024, `read ahead: ${Math.max(...readAhead)}`);
});

test('a limit change applies from the next chunk and is reported', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=10');
	const {session, events} = createTestSession(dir, {
		limits: {monitoringEnabled: false, chunkSeconds: 2, minChunkSeconds: 1},
		pool: new LevelAnalyzerPool(30),
	});
	let changed = false;
	session.on(event => {
		if (event.type === 'chunk' && event.index === 1 && !changed) {
			changed = true;
			t.true(session.setLimits({chunkSeconds: 3, memoryLimitPercent: 60}));
		}
	});
	await session.run();
	const chunks = ofType(events, 'chunk');
	t.deepEqual(
		chunks.map(chunk => [chunk.seconds, chunk.limitPercent]),
		[
			[2, 50],
			[2, 50],
			[3, 60],
			[3, 60],
		],
	);
	const [limits] = ofType(events, 'limits');
	t.deepEqual(limits!.changed.sort(), ['chunkSeconds', 'memoryLimitPercent']);
	t.false(session.setLimits({chunkSeconds: 100}), 'above max is refused');
	t.regex(ofType(events, 'limits-rejected')[0]!.errors[0]!, /min ≤ chunk ≤ max/);
});

test('a limit change ends a settings epoch: reported before the change, and in the summary with the last one', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=10');
	const {session, events} = createTestSession(dir, {
		limits: {monitoringEnabled: false, chunkSeconds: 2, minChunkSeconds: 1},
		pool: new LevelAnalyzerPool(30),
	});
	session.on(event => {
		if (event.type === 'chunk' && event.index === 1) session.setLimits({chunkSeconds: 3, memoryLimitPercent: 60});
	});
	const summary = await session.run();
	const types = events.map(event => event.type);
	const epochs = ofType(events, 'epoch').map(event => event.epoch);
	t.is(epochs.length, 2);
	t.is(types.indexOf('epoch'), types.indexOf('limits') - 1, 'the first epoch ends just before the change');
	t.is(types.lastIndexOf('epoch'), types.indexOf('finished') - 1, 'the last one just before the end');
	t.deepEqual(
		epochs.map(epoch => [epoch.index, epoch.limits.memoryLimitPercent, epoch.limits.chunkSeconds, epoch.chunks, epoch.audioSeconds, epoch.medianChunkSeconds]),
		[
			[1, 50, 2, 2, 4, 2],
			[2, 60, 3, 2, 6, 3],
		],
	);
	for (const epoch of epochs) {
		// Memory figures depend on samples landing while it ran (a loaded machine may delay them): consistent, not fixed.
		t.true(epoch.seconds > 0 && epoch.realtime > 0, JSON.stringify(epoch));
		// Both figures are rounded (to the millisecond, to a tenth): equal within that.
		const realtime = epoch.audioSeconds / epoch.seconds;
		t.true(Math.abs(epoch.realtime - realtime) <= 0.06 + realtime * (0.0006 / epoch.seconds), `${epoch.realtime} against ${realtime}`);
		t.true(epoch.medianBytes <= epoch.peakBytes);
		t.is(epoch.peakPercent, Math.round((epoch.peakBytes / epoch.budgetBytes) * 1000) / 10);
	}
	t.true(epochs[1]!.budgetBytes > epochs[0]!.budgetBytes);
	t.deepEqual(summary.epochs, epochs);
});

test('pause stops new chunks until resumed', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=6');
	const {session, events} = createTestSession(dir, {limits: {monitoringEnabled: false, chunkSeconds: 1, minChunkSeconds: 1}});
	session.on(event => {
		if (event.type === 'chunk' && event.index === 1) session.pause();
	});
	const paused = new Promise<void>(resolve => session.on(event => event.type === 'paused' && resolve()));
	const run = session.run();
	await paused;
	const whilePaused = ofType(events, 'chunk').length;
	t.true(session.paused);
	await new Promise(resolve => setTimeout(resolve, 300));
	t.is(ofType(events, 'chunk').length, whilePaused, 'no chunk while paused');
	session.resume();
	await run;
	t.is(ofType(events, 'chunk').length, 6);
	t.deepEqual(
		events.filter(event => event.type === 'paused' || event.type === 'resumed').map(event => event.type),
		['paused', 'resumed'],
	);
});

test('skip drops the current track and goes on with the next', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=20');
	synth(path.join(dir, 'b.wav'), 'sine=f=440:d=2');
	const {session, events} = createTestSession(dir, {
		limits: {monitoringEnabled: false, chunkSeconds: 1, minChunkSeconds: 1},
		pool: new LevelAnalyzerPool(20),
	});
	session.on(event => {
		if (event.type === 'chunk' && event.index === 2 && event.path.endsWith('a.wav')) session.skip();
	});
	const summary = await session.run();
	t.deepEqual(
		ofType(events, 'track-skipped').map(event => path.basename(event.path)),
		['a.wav'],
	);
	t.deepEqual(
		ofType(events, 'track-done').map(event => path.basename(event.path)),
		['b.wav'],
	);
	t.is(summary.failed, 0);
	t.true(ofType(events, 'chunk').filter(event => event.path.endsWith('a.wav')).length <= 4);
});

test('stop ends the run at once, kills the decoder, and reports a stopped summary', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=30');
	synth(path.join(dir, 'b.wav'), 'sine=f=440:d=30');
	const {session, events} = createTestSession(dir, {
		limits: {monitoringEnabled: false, chunkSeconds: 1, minChunkSeconds: 1},
		pool: new LevelAnalyzerPool(20),
	});
	let pids: number[] = [];
	session.on(event => {
		if (event.type === 'chunk' && event.index === 1) {
			pids = session.activeTracks.map(track => track.decoder.pid!);
			session.stop();
		}
	});
	const summary = await session.run();
	t.true(summary.stopped);
	t.is(summary.tracks, 0);
	t.is(summary.failed, 0, 'an interrupted track is not a failure');
	const stopping = events.findIndex(event => event.type === 'stopping');
	t.is(events.slice(stopping).filter(event => event.type === 'track-start').length, 0, 'nothing new starts after stop');
	t.true(pids.length > 0);
	for (const pid of pids) t.throws(() => process.kill(pid, 0), {code: 'ESRCH'}, 'the ffmpeg children are gone');
});

test('bad files fail one by one with a reason; the run goes on', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'good.wav'), 'sine=f=440:d=2');
	fs.writeFileSync(path.join(dir, 'empty.mp3'), '');
	fs.writeFileSync(path.join(dir, 'text.flac'), 'hello\n'.repeat(100));
	fs.symlinkSync(path.join(dir, 'nowhere.mp3'), path.join(dir, 'dangling.mp3'));
	const {session, events} = createTestSession(dir);
	const summary = await session.run();
	t.is(summary.tracks, 1);
	t.is(summary.failed, 3);
	const failures = Object.fromEntries(ofType(events, 'track-failed').map(event => [path.basename(event.path), event.message]));
	t.deepEqual(Object.keys(failures).sort(), ['dangling.mp3', 'empty.mp3', 'text.flac']);
	for (const message of Object.values(failures)) t.true(message.length > 5);
});

test('room for something beside the analysis: granted at once when the budget has it; else the analysis is held until it is given back', async t => {
	const dir = tempDir(t);
	synth(path.join(dir, 'a.wav'), 'sine=f=440:d=6');
	const {session, events} = createTestSession(dir, {limits: {monitoringEnabled: false, chunkSeconds: 1, minChunkSeconds: 1}});
	const small = new Promise<Awaited<ReturnType<typeof session.makeRoom>>>(resolve => {
		session.on(event => {
			if (event.type === 'chunk' && event.index === 1) resolve(session.makeRoom(1024, 'a small thing'));
		});
	});
	const large = new Promise<Awaited<ReturnType<typeof session.makeRoom>>>(resolve => {
		session.on(event => {
			if (event.type === 'chunk' && event.index === 2) resolve(session.makeRoom(2 ** 50, 'the playlists preview'));
		});
	});
	const run = session.run();
	t.false((await small).held, 'a kilobyte fits');
	const grant = await large;
	t.true(grant.held);
	const whileHeld = ofType(events, 'chunk').length;
	await new Promise(resolve => setTimeout(resolve, 400));
	t.is(ofType(events, 'chunk').length, whileHeld, 'no chunk while held');
	t.false(session.paused, 'a hold is not the user pause');
	const said = ofType(events, 'log').map(event => `${event.level}: ${event.message}`);
	t.true(said.some(line => line.startsWith('info: analysis held at its next chunk: the playlists preview needs about')));
	t.true(said.some(line => /^warn: the playlists preview needs about .*, more than the budget leaves with the analysis held/.test(line)));
	grant.release();
	const summary = await run;
	t.is(summary.failed, 0);
	t.is(ofType(events, 'chunk').length, 6, 'every chunk analysed once resumed');
	t.true(ofType(events, 'log').some(event => event.message === 'analysis resumes: the playlists preview closed'));
	t.deepEqual(
		events.filter(event => event.type === 'held' || event.type === 'unheld').map(event => event.type),
		['held', 'unheld'],
		'the hold is an event (the epoch clock stops)',
	);
});

test('a process watched beside the analysis (the preview’s) counts in the memory readings while it is watched', async t => {
	// No tracks: no decoder comes or goes between the readings.
	const {session} = createTestSession(tempDir(t));
	// A process of 32 MiB of touched memory, beside the session.
	const holder = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(32 * 2 ** 20, 1); setInterval(() => b[0]++, 1000);'], {stdio: 'ignore'});
	t.teardown(() => holder.kill());
	await new Promise(resolve => setTimeout(resolve, 500));
	const alone = await session.monitor.sample();
	const unwatch = session.watchProcess(holder.pid!);
	const watched = await session.monitor.sample();
	t.true(watched.childRssBytes - alone.childRssBytes > 30 * 2 ** 20, `children ${alone.childRssBytes} → ${watched.childRssBytes} bytes`);
	t.true(watched.workingSetBytes - alone.workingSetBytes > 30 * 2 ** 20, 'in the working set the budget is read against');
	unwatch();
	const after = await session.monitor.sample();
	t.is(after.childRssBytes, alone.childRssBytes);
});
