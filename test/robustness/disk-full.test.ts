import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import Database from 'better-sqlite3';
import {records, recordsOf, runCli} from '../helpers/cli.js';
import {cliPath, mediaDir, tempDir} from '../helpers/fixtures.js';

/** Runs the CLI with a cap on the size of files it may write: past it, writes fail as on a full disk. */
function runWithFileSizeLimit(kib: number, args: string[], cwd: string) {
	return new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
		const child = spawn('bash', ['-c', `trap '' XFSZ; ulimit -f ${kib}; exec "$0" "$@"`, process.execPath, cliPath, ...args], {
			cwd,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
		child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}

test('a full disk stops the run with a clear error; what was saved stays, and the next run resumes', async t => {
	const home = tempDir(t);
	const library = path.join(home, 'library');
	fs.mkdirSync(library);
	for (let i = 0; i < 20; i++) fs.copyFileSync(path.join(mediaDir, 'neon-03.wav'), path.join(library, `track-${String(i).padStart(2, '0')}.wav`));
	const db = path.join(home, 'library.db');
	// Room for the new store's schema (its tables, indexes and triggers pass through the WAL: about 100 KiB)
	// and a track or two: the disk fills while tracks are saved.
	const full = await runWithFileSizeLimit(128, ['analyze', library, '--json', '--db', db], home);
	t.is(full.code, 1, 'exit 1: the run could not finish');
	const events = records(full.stdout);
	t.is(events.at(-1)!.type, 'summary');
	const [summary] = recordsOf(full.stdout, 'summary');
	t.regex(summary!.error ?? '', /cannot write to the library store/);
	const saved = events.filter(event => event.type === 'track').length;
	t.true(saved < 20, `${saved} tracks saved before the disk filled`);

	const store = new Database(db, {readonly: true});
	t.is(store.pragma('integrity_check', {simple: true}), 'ok');
	store.close();

	const again = await runCli(['analyze', library, '--json', '--db', db], {cwd: home});
	t.is(again.code, 0, again.stderr);
	const [resumed] = recordsOf(again.stdout, 'summary');
	t.is(resumed!.unchanged, saved, 'every track reported as saved was kept');
	t.is(resumed!.tracks + saved, 20);
});
