import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import Database from 'better-sqlite3';
import {CURRENT_FEATURES_VERSION} from '../../source/commands/store.js';
import {LibraryStore, readHolder} from '../../source/store/library-store.js';
import {records, runCli, runCliAs} from '../helpers/cli.js';
import {cliPath, synth, tempDir} from '../helpers/fixtures.js';
import {analysed, scanned} from '../store/helpers.js';

/** Keeps the CLI away from the user's own configuration and store. */
function isolated(t: ExecutionContext) {
	const home = tempDir(t);
	return {
		home,
		cwd: home,
		env: {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), HOME: home},
	};
}

function summaryOf(stdout: string) {
	const summary = records(stdout).at(-1)!;
	if (summary.type !== 'summary') throw new Error(`no summary in ${stdout}`);
	return summary;
}

function storedPaths(file: string): string[] {
	const db = new Database(file, {readonly: true});
	try {
		return (db.prepare('SELECT path FROM tracks ORDER BY path').all() as Array<{path: string}>).map(row => row.path);
	} finally {
		db.close();
	}
}

function integrity(file: string): string {
	const db = new Database(file);
	try {
		return db.pragma('integrity_check', {simple: true}) as string;
	} finally {
		db.close();
	}
}

test('kill -9 in the middle of a run loses nothing finished; the next run analyses only the rest', async t => {
	const {cwd, env} = isolated(t);
	const library = tempDir(t);
	// Long enough tracks that the kill lands well before the end, even on a busy machine.
	const total = 10;
	for (let i = 0; i < total; i++) synth(path.join(library, `track-${i}.flac`), `sine=f=${220 + i * 55}:d=120`);
	const db = path.join(tempDir(t), 'library.db');

	// First run: killed with SIGKILL as soon as the first track is reported.
	const child = spawn(process.execPath, [cliPath, 'analyze', library, '--json', '--db', db, '--workers', '1'], {
		cwd,
		env: {...process.env, ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const reported: string[] = [];
	let buffered = '';
	child.stdout.on('data', (data: Buffer) => {
		buffered += data.toString();
		const lines = buffered.split('\n');
		buffered = lines.pop()!;
		for (const line of lines) {
			const record = JSON.parse(line) as {type: string; path?: string};
			if (record.type === 'track') {
				reported.push(record.path!);
				child.kill('SIGKILL');
			}
		}
	});
	const signal = await new Promise<NodeJS.Signals | null>(resolve => child.on('close', (_code, killed) => resolve(killed)));
	t.is(signal, 'SIGKILL');
	t.true(reported.length >= 1);

	t.is(integrity(db), 'ok');
	const kept = storedPaths(db);
	for (const file of reported) t.true(kept.includes(file), `${file} was reported done, so it is in the store`);
	t.log(`${kept.length} of ${total} tracks stored when killed`);
	t.true(kept.length < total, `the kill came before the end (${kept.length} of ${total} stored)`);

	// Second run: resumes by itself.
	const second = await runCli(['analyze', library, '--json', '--db', db, '--workers', '1'], {cwd, env});
	t.is(second.code, 0, second.stderr);
	const summary = summaryOf(second.stdout);
	t.is(summary['unchanged'], kept.length);
	t.is(summary['tracks'], total - kept.length);
	t.is(summary['failed'], 0);
	const analysedAgain = records(second.stdout)
		.filter(record => record.type === 'track-start')
		.map(record => record['path']);
	for (const file of kept) t.false(analysedAgain.includes(file), `${file} is not analysed twice`);
	t.is(storedPaths(db).length, total);
	t.is(integrity(db), 'ok');

	// Third run: nothing left, no decoder started.
	const third = await runCli(['analyze', library, '--json', '--db', db], {cwd, env});
	t.is(summaryOf(third.stdout)['unchanged'], total);
	t.is(summaryOf(third.stdout)['tracks'], 0);
	t.false(records(third.stdout).some(record => record.type === 'track-start' || record.type === 'chunk'));
});

test('incremental runs: failures recorded and not retried, --retry-failed, changed and deleted files', async t => {
	const {cwd, env, home} = isolated(t);
	const library = tempDir(t);
	const good = synth(path.join(library, 'good.ogg'), 'sine=f=440:d=2', ['-c:a', 'libvorbis']);
	const other = synth(path.join(library, 'other.wav'), 'sine=f=660:d=2');
	const broken = path.join(library, 'broken.mp3');
	fs.writeFileSync(broken, 'not audio at all\n'.repeat(64));
	const run = async (...extra: string[]) => {
		const result = await runCli(['analyze', library, '--json', ...extra], {cwd, env});
		t.is(result.code, 0, result.stderr);
		return {summary: summaryOf(result.stdout), events: records(result.stdout)};
	};

	const first = await run();
	t.like(first.summary, {tracks: 2, failed: 1, unchanged: 0});
	// The default store: $XDG_CACHE_HOME/playlistgen/library.db.
	const db = path.join(home, 'cache', 'playlistgen', 'library.db');
	t.true(fs.existsSync(db));

	const second = await run();
	t.like(second.summary, {tracks: 0, failed: 0, unchanged: 2, failedBefore: 1});
	t.false(
		second.events.some(event => event.type === 'error'),
		'the broken file is not tried again',
	);

	const retried = await run('--retry-failed');
	t.like(retried.summary, {tracks: 0, failed: 1, unchanged: 2, failedBefore: 0});

	// A changed file is analysed again; a deleted one is forgotten; a repaired one is retried.
	const later = new Date(Date.now() + 60_000);
	fs.utimesSync(good, later, later);
	fs.rmSync(other);
	fs.copyFileSync(good, broken);
	const third = await run();
	t.like(third.summary, {tracks: 2, failed: 0, unchanged: 0, pruned: 1});
	t.deepEqual(storedPaths(db), [broken, good]);

	const stats = await runCli(['stats', '--json'], {cwd, env});
	t.like(JSON.parse(stats.stdout), {tracks: 2, failures: []});
});

test('a busy store: the second playlistgen waits, then says who holds it, exit 1', async t => {
	const {cwd, env} = isolated(t);
	const library = tempDir(t);
	synth(path.join(library, 'a.wav'), 'sine=f=440:d=1');
	const db = path.join(tempDir(t), 'library.db');
	const holder = await LibraryStore.open(db, {command: 'analyze'});
	t.teardown(() => holder.close());

	const result = await runCli(['analyze', library, '--json', '--db', db], {cwd, env});
	t.is(result.code, 1);
	t.regex(result.stderr, new RegExp(`waiting for the store: another playlistgen \\(pid ${process.pid}.*\\) is using ${db}`));
	t.regex(result.stderr, new RegExp(`store is busy: another playlistgen \\(pid ${process.pid}.*"analyze".*\\) is using ${db}; gave up after 5 s`));
	t.regex(result.stderr, /use --db PATH for a separate store/);
	t.is(result.stdout, '');

	// stats reads alongside the writer.
	const stats = await runCli(['stats', '--db', db], {cwd, env});
	t.is(stats.code, 0, stats.stderr);

	holder.close();
	const after = await runCli(['analyze', library, '--json', '--db', db], {cwd, env});
	t.is(after.code, 0, after.stderr);
	t.is(summaryOf(after.stdout)['tracks'], 1);
});

test('an unwritable store path: a clear error naming the path, exit 1, no partial files', async t => {
	const {cwd, env} = isolated(t);
	const library = tempDir(t);
	synth(path.join(library, 'a.wav'), 'sine=f=440:d=1');
	const dir = tempDir(t);
	fs.writeFileSync(path.join(dir, 'file'), '');
	const db = path.join(dir, 'file', 'cache', 'library.db');
	const result = await runCli(['analyze', library, '--db', db], {cwd, env});
	t.is(result.code, 1);
	t.is(result.stderr, `playlistgen: cannot create the store ${db}: a part of the path is a file, not a folder\n`);
	t.deepEqual(fs.readdirSync(dir), ['file']);
});

test('stats: tracks, failures with their errors, duration, tempo bands and keys; --json is one object', async t => {
	const {cwd, env} = isolated(t);
	const db = path.join(tempDir(t), 'library.db');
	const store = await LibraryStore.open(db, {featuresVersion: CURRENT_FEATURES_VERSION});
	const save = (name: string, bpm: number, key: string, version = CURRENT_FEATURES_VERSION) =>
		store.saveTrack({...analysed(scanned(`/music/${name}`), {featuresVersion: version, bpm, key, vector: [1, 2]}), durationSeconds: 600});
	save('a.mp3', 121.3, 'A minor');
	save('b.mp3', 128, 'A minor');
	save('c.mp3', 95, 'C major');
	save('d.mp3', 140, 'F# minor', CURRENT_FEATURES_VERSION + 1);
	store.saveFailure(scanned('/music/broken.ogg'), 'Invalid data found when processing input');
	store.close();

	const text = await runCli(['stats', '--db', db], {cwd, env});
	t.is(text.code, 0, text.stderr);
	t.regex(text.stdout, new RegExp(`Store {5}${db} \\(.+, schema \\d+\\)`));
	t.regex(text.stdout, /Tracks {4}4 analysed, 40:00 of audio/);
	t.regex(text.stdout, /3 with the current features \(version \d+\), 1 older: analysed again on the next run/);
	t.regex(text.stdout, /Failures {2}1 \(not retried until the file changes; "playlistgen analyze --retry-failed" retries them\)/);
	t.regex(text.stdout, /\/music\/broken\.ogg: Invalid data found when processing input \(1 attempt, last .+ UTC\)/);
	t.regex(text.stdout, /Tempo \(BPM\)\n {3}90–99 +1 {2}#{15}\n {2}100–109 +0\n {2}110–119 +0\n {2}120–129 +2 {2}#{30}\n/);
	t.regex(text.stdout, /Keys\n {2}A minor \(8A\) +2 {2}#{30}\n {2}C major \(8B\) +1 {2}#{15}\n/);

	const json = await runCli(['stats', '--json', '--db', db], {cwd, env});
	t.is(json.code, 0, json.stderr);
	t.is(json.stdout.trim().split('\n').length, 1);
	const report = JSON.parse(json.stdout) as Record<string, unknown>;
	t.like(report, {store: db, exists: true, tracks: 4, current: 3, outdated: 1, durationSeconds: 2400, root: null});
	t.deepEqual(report['bpm'], [
		{from: 90, to: 100, count: 1},
		{from: 100, to: 110, count: 0},
		{from: 110, to: 120, count: 0},
		{from: 120, to: 130, count: 2},
	]);
	t.deepEqual(report['keys'], [
		{key: 'A minor', camelot: '8A', count: 2},
		{key: 'C major', camelot: '8B', count: 1},
	]);
	t.like((report['failures'] as unknown[])[0], {path: '/music/broken.ogg', error: 'Invalid data found when processing input', attempts: 1});
});

test('stats before anything was analysed: says so, creates nothing, exit 0', async t => {
	const {cwd, env, home} = isolated(t);
	const text = await runCli(['stats'], {cwd, env});
	t.is(text.code, 0, text.stderr);
	t.regex(text.stdout, /No library store at .*cache\/playlistgen\/library\.db yet: nothing analysed/);
	const json = await runCli(['stats', '--json'], {cwd, env});
	t.like(JSON.parse(json.stdout), {exists: false, tracks: 0, failures: []});
	t.false(fs.existsSync(path.join(home, 'cache')));
});

test('Ctrl-C / SIGTERM: the store is closed cleanly (WAL folded in, lock released), and the run resumes', async t => {
	const {cwd, env} = isolated(t);
	const library = tempDir(t);
	const total = 6;
	for (let i = 0; i < total; i++) synth(path.join(library, `track-${i}.flac`), `sine=f=${330 + i * 40}:d=60`);
	const db = path.join(tempDir(t), 'library.db');
	const child = spawn(process.execPath, [cliPath, 'analyze', library, '--json', '--db', db, '--workers', '1'], {
		cwd,
		env: {...process.env, ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let signalled = false;
	child.stdout.on('data', (data: Buffer) => {
		stdout += data.toString();
		if (!signalled && stdout.includes('"type":"track"')) {
			signalled = true;
			child.kill('SIGTERM');
		}
	});
	const code = await new Promise<number | null>(resolve => child.on('close', exitCode => resolve(exitCode)));
	t.is(code, 143);
	const summary = summaryOf(stdout);
	t.true(summary['stopped'] as boolean);
	t.false(fs.existsSync(`${db}-wal`), 'closed: the WAL was checkpointed and removed');
	const kept = storedPaths(db);
	t.is(kept.length, summary['tracks'] as number);
	// Nobody is recorded as holding the store, and the lock is free at once.
	t.is(readHolder(db), undefined);
	const store = await LibraryStore.open(db, {waitMs: 0, featuresVersion: CURRENT_FEATURES_VERSION});
	t.is(store.allTracks().length, kept.length);
	store.close();

	const resumed = await runCli(['analyze', library, '--json', '--db', db], {cwd, env});
	t.like(summaryOf(resumed.stdout), {unchanged: kept.length, tracks: total - kept.length, failed: 0});
});

// Root writes anywhere whatever the modes: as root, the run is made as the unprivileged "nobody",
// who must be able to run the CLI at all (a checkout under a private home folder is not reachable).
const asRoot = process.getuid?.() === 0;
const nobody = 65_534;
const canRunAsNobody = !asRoot || spawnSync(process.execPath, [cliPath, '--version'], {uid: nobody, gid: nobody}).status === 0;
const readOnlyTitle = 'a read-only folder: a clear error naming the path, exit 1, nothing created';
(canRunAsNobody ? test : test.skip)(canRunAsNobody ? readOnlyTitle : `${readOnlyTitle} (skipped: the checkout is not readable by "nobody")`, async t => {
	const dir = tempDir(t);
	fs.chmodSync(dir, 0o755);
	const readOnly = path.join(dir, 'ro');
	fs.mkdirSync(readOnly);
	fs.chmodSync(readOnly, 0o555);
	t.teardown(() => fs.chmodSync(readOnly, 0o755));
	const db = path.join(readOnly, 'playlistgen', 'library.db');
	const result = await runCliAs(asRoot ? nobody : undefined, ['analyze', '--db', db, '--no-tui'], {
		cwd: dir,
		env: {HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config')},
	});
	t.is(result.code, 1, result.stderr);
	t.is(result.stderr, `playlistgen: cannot create the store ${db}: permission denied\n`);
	t.deepEqual(fs.readdirSync(readOnly), []);
});

test('a headless run that finishes leaves what similar and path read made; a run with nothing new leaves it as it was', async t => {
	const {home, cwd, env} = isolated(t);
	const library = path.join(home, 'library');
	fs.mkdirSync(library);
	synth(path.join(library, 'a.wav'), 'sine=f=440:d=3');
	synth(path.join(library, 'b.wav'), 'sine=f=660:d=3');
	const db = path.join(home, 'library.db');
	const kept = () => {
		const store = new Database(db, {readonly: true});
		try {
			return store.prepare('SELECT name, generation FROM derived WHERE part = 0 ORDER BY name').all() as Array<{name: string; generation: number}>;
		} finally {
			store.close();
		}
	};
	const first = await runCli(['analyze', library, '--json', '--db', db], {cwd, env});
	t.is(first.code, 0, first.stderr);
	const made = kept();
	t.true(
		made.some(row => row.name.startsWith('recordings:') && row.name.endsWith(library)),
		JSON.stringify(made),
	);
	t.true(made.length >= 2, 'the search snapshot beside the copies of a recording');
	const again = await runCli(['analyze', library, '--json', '--db', db], {cwd, env});
	t.is(again.code, 0, again.stderr);
	t.deepEqual(kept(), made, 'nothing changed: nothing made again');
});
