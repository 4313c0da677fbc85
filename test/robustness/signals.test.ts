import {spawn} from 'node:child_process';
import path from 'node:path';
import test from 'ava';
import {cliPath, synth, tempDir} from '../helpers/fixtures.js';
import {childPids, isAlive, slowFfmpeg, waitFor} from '../helpers/slow-ffmpeg.js';

function startCli(t: Parameters<typeof tempDir>[0]) {
	const home = tempDir(t);
	const library = path.join(home, 'library');
	synth(path.join(library, 'a.wav'), 'sine=f=440:d=30');
	synth(path.join(library, 'b.wav'), 'sine=f=440:d=30');
	const child = spawn(process.execPath, [cliPath, 'analyze', library, '--json', '--ffmpeg', slowFfmpeg(home), '--chunk', '1', '--min-chunk', '1'], {
		cwd: home,
		env: {...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache')},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => child.on('close', (code, signal) => resolve({code, signal})));
	return {child, exited, output: () => stdout};
}

for (const [signal, status] of [
	['SIGINT', 130],
	['SIGTERM', 143],
] as const) {
	test(`${signal} stops gracefully: children stopped, exit ${status}, a summary written`, async t => {
		const {child, exited, output} = startCli(t);
		t.true(await waitFor(() => output().includes('"type":"chunk"')), 'analysis started');
		const decoders = childPids(child.pid!);
		t.true(decoders.length > 0, 'an ffmpeg child is running');
		child.kill(signal);
		const {code} = await exited;
		t.is(code, status);
		const lines = output().trim().split('\n');
		const summary = JSON.parse(lines.at(-1)!) as {type: string; stopped: boolean};
		t.is(summary.type, 'summary');
		t.true(summary.stopped);
		t.true(await waitFor(() => decoders.every(pid => !isAlive(pid)), 5000), 'no ffmpeg left behind');
	});
}

test('kill -9 of playlistgen leaves no ffmpeg running', async t => {
	const {child, exited, output} = startCli(t);
	t.true(await waitFor(() => output().includes('"type":"chunk"')));
	const decoders = childPids(child.pid!);
	t.true(decoders.length > 0);
	child.kill('SIGKILL');
	await exited;
	// The orphan's next write finds no reader on the pipe: it dies of SIGPIPE.
	t.true(await waitFor(() => decoders.every(pid => !isAlive(pid)), 5000), 'the orphaned ffmpeg ended');
});
