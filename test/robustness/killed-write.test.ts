/**
 * A writer killed between writing its temporary file and renaming it leaves `.NAME.PID.HEX.tmp`
 * behind; the next write into that folder (playlists, or the saved configuration) removes it, and
 * leaves alone the temporary files of writers still running.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import test from 'ava';
import {pickLimits} from '../../source/config/limits.js';
import {loadConfig} from '../../source/config/load.js';
import {saveLimits} from '../../source/config/save.js';
import {runCli} from '../helpers/cli.js';
import {repoRoot, tempDir} from '../helpers/fixtures.js';
import {vectorStore} from '../helpers/vector-store.js';

const TEMPORARY = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Runs writeFileAtomic(file) in a child process whose rename never returns, kills it with SIGKILL once
 * the rename is under way, and gives back the temporary file it left.
 */
async function killedWrite(t: Parameters<typeof tempDir>[0], file: string): Promise<string> {
	const script = path.join(tempDir(t), 'killed-write.mjs');
	const module = pathToFileURL(path.join(repoRoot, 'source/util/atomic-write.ts')).href;
	fs.writeFileSync(
		script,
		[
			"import fs from 'node:fs/promises';",
			`const {writeFileAtomic} = await import(${JSON.stringify(module)});`,
			"fs.rename = () => { process.stdout.write('renaming\\n'); return new Promise(() => {}); };",
			`await writeFileAtomic(${JSON.stringify(file)}, '#EXTM3U\\n');`,
		].join('\n'),
	);
	const child = spawn(process.execPath, ['--import', 'tsx', script], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit']});
	const closed = new Promise(resolve => child.on('close', resolve));
	await new Promise<void>((resolve, reject) => {
		child.stdout.on('data', (data: Buffer) => {
			if (data.toString().includes('renaming')) resolve();
		});
		child.on('close', () => reject(new Error('the writer ended before its rename')));
	});
	child.kill('SIGKILL');
	await closed;
	const left = fs.readdirSync(path.dirname(file)).filter(name => TEMPORARY.exec(name)?.[1] === String(child.pid));
	t.is(left.length, 1, 'the killed writer left its temporary file');
	return path.join(path.dirname(file), left[0]!);
}

test('playlists: the next write removes the temporary file of a killed write, not a running one', async t => {
	const root = tempDir(t);
	const out = path.join(root, 'lists');
	fs.mkdirSync(out);
	const stale = await killedWrite(t, path.join(out, 'Mix.m3u8'));
	// A writer still running: this test's own process.
	const running = path.join(out, `.Other.m3u8.${process.pid}.0123456789ab.tmp`);
	fs.writeFileSync(running, '#EXTM3U\n');
	const db = await vectorStore(path.join(root, 'library.db'), root, 12);

	const result = await runCli(['playlists', '--db', db, '--out', out], {cwd: root});
	t.is(result.code, 0, result.stderr);
	t.false(fs.existsSync(stale), 'the killed write is swept');
	t.true(fs.existsSync(running), 'a running writer keeps its file');
	t.true(
		fs.readdirSync(out).some(name => name.endsWith('.m3u8') && !name.startsWith('.')),
		'playlists written',
	);
});

test('configuration: saving the limits removes the temporary file of a killed save', async t => {
	const root = tempDir(t);
	const file = path.join(root, '.playlistgenrc');
	fs.writeFileSync(file, 'chunkSeconds: 20\n');
	const stale = await killedWrite(t, file);
	const {config} = await loadConfig({cwd: root, env: {HOME: root, XDG_CONFIG_HOME: path.join(root, '.config')}});
	await saveLimits({...pickLimits(config), chunkSeconds: 12}, {file, cwd: root});
	t.false(fs.existsSync(stale));
	t.regex(fs.readFileSync(file, 'utf8'), /chunkSeconds: 12/);
});
