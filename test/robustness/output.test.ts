import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {mediaDir, tempDir} from '../helpers/fixtures.js';

test('playlists into a folder that cannot be made: a clear error naming it, exit 1, nothing written', async t => {
	const home = tempDir(t);
	const env = {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache')};
	const db = path.join(home, 'library.db');
	const analysed = await runCli(['analyze', mediaDir, '--no-tui', '--db', db], {cwd: home, env});
	t.is(analysed.code, 0, analysed.stderr);
	const blocker = path.join(home, 'not-a-folder');
	fs.writeFileSync(blocker, 'a file where the output folder would go\n');
	const out = path.join(blocker, 'playlists');
	const result = await runCli(['playlists', '--db', db, '--out', out], {cwd: home, env});
	t.is(result.code, 1);
	t.is(result.stderr.trim(), `playlistgen: cannot write playlists to ${out}: a part of the path is a file, not a folder`);
	const written = (fs.readdirSync(home, {recursive: true}) as string[]).filter(name => /\.(m3u8|tmp)$|\.tmp-/.test(name));
	t.deepEqual(written, [], 'no playlist and no temporary file anywhere');
});
