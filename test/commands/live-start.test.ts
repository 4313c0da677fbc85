import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {liveLibraryOf} from '../../source/commands/live-start.js';
import {tempDir} from '../helpers/fixtures.js';

/** A terminal, or a pipe, as the CLI's entry sees them. */
function io(cwd: string, options: {tty?: boolean; env?: NodeJS.ProcessEnv} = {}) {
	const tty = options.tty ?? true;
	return {
		stdout: {isTTY: tty} as NodeJS.WriteStream,
		stdin: {isTTY: tty} as NodeJS.ReadStream,
		env: options.env ?? {TERM: 'xterm-256color'},
		cwd,
	};
}

test('a library folder on a terminal opens the live view at once, named or implied, with flags', t => {
	const cwd = tempDir(t);
	fs.mkdirSync(path.join(cwd, 'music'));
	const library = path.join(cwd, 'music');
	t.is(liveLibraryOf(['music'], io(cwd)), library);
	t.is(liveLibraryOf(['analyze', 'music', '--memory-limit', '40'], io(cwd)), library);
	t.is(liveLibraryOf([library, '--tui'], io(cwd, {tty: false})), library);
});

test('everything else is left to the CLI proper', t => {
	const cwd = tempDir(t);
	fs.mkdirSync(path.join(cwd, 'music'));
	fs.writeFileSync(path.join(cwd, 'file.mp3'), '');
	const cases: Array<[string[], ReturnType<typeof io>]> = [
		[['music'], io(cwd, {tty: false})],
		[['music', '--json'], io(cwd)],
		[['music', '--no-tui'], io(cwd)],
		[['music'], io(cwd, {env: {TERM: 'dumb'}})],
		[['music', '--help'], io(cwd)],
		[['music', '--bogus'], io(cwd)],
		[['stats', 'music'], io(cwd)],
		[['missing'], io(cwd)],
		[['file.mp3'], io(cwd)],
		[[], io(cwd)],
	];
	for (const [argv, terminal] of cases) t.is(liveLibraryOf(argv, terminal), undefined, argv.join(' '));
});
