import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCliAs} from '../helpers/cli.js';
import {cliPath, synth, tempDir} from '../helpers/fixtures.js';

// Root reads files whatever their mode: as root, the run is made as the unprivileged "nobody".
const asRoot = process.getuid?.() === 0;
const nobody = 65_534;
// "nobody" must be able to run the CLI at all (a checkout under a private home folder is not reachable).
const canRunAsNobody = !asRoot || spawnSync(process.execPath, [cliPath, '--version'], {uid: nobody, gid: nobody}).status === 0;
const runnable = canRunAsNobody ? test : test.skip;
if (!canRunAsNobody) console.warn('permissions test skipped: the checkout is not readable by the user "nobody"');

runnable('an unreadable file fails with "permission denied"; the others are analysed', async t => {
	const home = tempDir(t);
	fs.chmodSync(home, 0o777);
	const library = path.join(home, 'library');
	synth(path.join(library, 'a-open.wav'), 'sine=f=440:d=1');
	synth(path.join(library, 'b-secret.wav'), 'sine=f=440:d=1');
	synth(path.join(library, 'c-open.wav'), 'sine=f=440:d=1');
	fs.chmodSync(library, 0o755);
	for (const file of fs.readdirSync(library)) fs.chmodSync(path.join(library, file), 0o644);
	fs.chmodSync(path.join(library, 'b-secret.wav'), 0o000);
	const result = await runCliAs(asRoot ? nobody : undefined, ['analyze', library, '--no-tui'], {
		cwd: home,
		env: {HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache')},
	});
	t.is(result.code, 0, result.stderr);
	t.regex(result.stderr, /FAILED b-secret\.wav: Permission denied/i);
	t.regex(result.stdout, /a-open\.wav/);
	t.regex(result.stdout, /c-open\.wav/);
	t.regex(result.stdout, /2 analysed, 1 failed/);
});
