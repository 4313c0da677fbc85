/**
 * Output into a pipe whose reader has gone (`playlistgen … | head -2`): every command ends quietly with
 * exit status 0, and an analysis stops as on Ctrl-C, keeping what it stored, its ffmpeg children gone.
 */
import {spawn, spawnSync} from 'node:child_process';
import path from 'node:path';
import test from 'ava';
import {FEATURES_VERSION} from '../../source/analysis/vector.js';
import {LibraryStore} from '../../source/store/library-store.js';
import {cliPath, synth, tempDir} from '../helpers/fixtures.js';
import {childPids, isAlive, slowFfmpeg, waitFor} from '../helpers/slow-ffmpeg.js';
import {vectorStore} from '../helpers/vector-store.js';

type Ended = {code: number | null; signal: NodeJS.Signals | null; stderr: string};

/** Runs the CLI with its stdout a pipe whose reading end is closed before the first line: every write fails with EPIPE. */
function runIntoClosedPipe(args: string[], cwd: string): Promise<Ended> {
	const child = spawn(process.execPath, [cliPath, ...args], {
		cwd,
		env: {...process.env, NO_COLOR: '1', HOME: cwd, XDG_CONFIG_HOME: path.join(cwd, '.config')},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout.destroy();
	let stderr = '';
	child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
	return new Promise(resolve => child.on('close', (code, signal) => resolve({code, signal, stderr})));
}

test('every command whose reader has gone ends quietly with exit status 0', async t => {
	const root = tempDir(t);
	const db = await vectorStore(path.join(root, 'library.db'), root, 60);
	const track = path.join(root, 'Music', 'track 3.flac');
	const commands = [
		['playlists', '--dry-run'],
		['playlists', '--dry-run', '--json'],
		['playlists', '--out', path.join(root, 'lists')],
		['radio', track, '--dry-run'],
		['similar', '--all', '--limit', '3', '--json'],
		['similar', track],
		['stats'],
		['stats', '--json'],
	].map(args => [...args, '--db', db]);
	commands.push(['config'], ['config', '--json'], ['config', '--example'], ['--help'], ['--version']);
	for (const args of commands) {
		const ended = await runIntoClosedPipe(args, root);
		t.deepEqual(ended, {code: 0, signal: null, stderr: ''}, args.join(' '));
	}
});

test('similar --all | head -1 in a shell: the first line, then exit status 0 and not a word on stderr', t => {
	const root = tempDir(t);
	return vectorStore(path.join(root, 'library.db'), root, 400).then(db => {
		// 400 lines of 40 neighbours: far more than a pipe holds, so the writer meets the closed pipe.
		const script = `set -o pipefail; "${process.execPath}" "${cliPath}" similar --all --limit 40 --json --db "${db}" | head -1; echo "status \${PIPESTATUS[0]}" >&2`;
		const result = spawnSync('bash', ['-c', script], {
			cwd: root,
			encoding: 'utf8',
			env: {...process.env, HOME: root, XDG_CONFIG_HOME: path.join(root, '.config')},
		});
		t.is(result.stdout.split('\n').filter(Boolean).length, 1);
		t.true((JSON.parse(result.stdout) as {neighbours: unknown[]}).neighbours.length === 40);
		t.is(result.stderr, 'status 0\n');
	});
});

for (const mode of ['--json', '--no-tui'] as const) {
	test(`an analysis (${mode}) whose reader has gone stops cleanly and quietly: stored tracks kept, ffmpeg children gone, exit 0`, async t => {
		const home = tempDir(t);
		const library = path.join(home, 'library');
		synth(path.join(library, 'a.wav'), 'sine=f=440:d=2');
		synth(path.join(library, 'b.wav'), 'sine=f=550:d=5');
		synth(path.join(library, 'c.wav'), 'sine=f=330:d=60');
		const db = path.join(home, 'library.db');
		const args = [cliPath, 'analyze', library, mode, '--db', db, '--ffmpeg', slowFfmpeg(home), '--workers', '1', '--chunk', '1', '--min-chunk', '1'];
		const child = spawn(process.execPath, args, {
			cwd: home,
			env: {...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache')},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
		child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
		const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => child.on('close', (code, signal) => resolve({code, signal})));
		// The first track stored, the others decoding: then the reader goes. The run notices at its next
		// line: a memory record within a second (NDJSON), the next track done (plain lines).
		const stored = mode === '--json' ? /"type":"track","path":"[^"]*a\.wav"/ : /^done .*a\.wav/m;
		t.true(await waitFor(() => stored.test(stdout) && childPids(child.pid!).length > 0, 60_000), stdout);
		const decoders = childPids(child.pid!);
		child.stdout.destroy();
		t.deepEqual(await exited, {code: 0, signal: null});
		t.is(stderr, '');
		t.true(await waitFor(() => decoders.every(pid => !isAlive(pid)), 5000), 'no ffmpeg left behind');
		const store = await LibraryStore.open(db, {featuresVersion: FEATURES_VERSION, mode: 'read'});
		t.teardown(() => store.close());
		const kept = store.allTracks().map(track => path.basename(track.path));
		t.true(kept.includes('a.wav'), 'the track analysed before the pipe closed is kept');
		t.false(kept.includes('c.wav'), 'the run stopped, not finished');
	});
}
