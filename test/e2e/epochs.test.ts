import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {synth} from '../helpers/fixtures.js';
import {ptyMissing, spawnTui} from '../helpers/pty.js';
import {slowFfmpeg} from '../helpers/slow-ffmpeg.js';

type Record_ = Record<string, unknown> & {type: string};

const terminalTest = ptyMissing ? test.skip : test;

terminalTest('two changes of the limit during a run: three epochs with their figures, on screen and in the NDJSON', async t => {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-e2e-epochs-'));
	t.teardown(() => fs.rmSync(home, {recursive: true, force: true}));
	const library = path.join(home, 'library');
	fs.mkdirSync(library);
	for (const [index, hz] of [220, 330].entries()) synth(path.join(library, `tone-${index + 1}.wav`), `sine=f=${hz}:d=120`, ['-ar', '22050', '-ac', '1']);
	// ffmpeg at the pace of the music, one-second chunks: a run that lasts while the keys go in.
	const args = [library, '--db', path.join(home, 'library.db'), '--ffmpeg', slowFfmpeg(home), '--no-monitoring', '--chunk', '1', '--min-chunk', '1'];
	const tui = spawnTui(args, {home});
	t.teardown(async () => {
		tui.kill('SIGKILL');
		await tui.exited;
	});
	const ofType = (type: string) => tui.events().filter(event => event.type === type);
	const chunksAt = (percent: number) => ofType('chunk').filter(event => event['limitPercent'] === percent).length;

	await tui.waitFor('two chunks at 50 %', () => chunksAt(50) >= 2, 60_000);
	tui.type('-');
	await tui.waitFor('two chunks at 45 %', () => chunksAt(45) >= 2, 30_000);
	t.is(ofType('epoch').length, 1, 'the first epoch ended with the change');
	tui.type('-');
	await tui.waitFor('two chunks at 40 %', () => chunksAt(40) >= 2, 30_000);
	t.is(ofType('epoch').length, 2);

	tui.type('t');
	const screen = await tui.waitForScreen(/▸ 3 +40%/);
	t.regex(screen, /┌─ Settings epochs /);
	const row = (index: number, percent: number, running = false) =>
		new RegExp(
			`^│${running ? '▸' : ' '} +${index} +${percent}% +1 s +30 s +\\d+:\\d\\d +[\\d.]+×\\*? +[\\d.]+ [MG]iB +(?:\\d+%|-) +(?:\\d+%|-) +1 s +\\d+ +\\d+ +│$`,
			'm',
		);
	t.regex(screen, row(1, 50));
	t.regex(screen, row(2, 45));
	t.regex(screen, row(3, 40, true));
	t.regex(screen, /fastest within budget: #\d|no setting has kept within its budget/);
	t.regex(screen, /S saves/);

	// Esc closes the table (q would too), then q stops the run.
	tui.type('\u001B');
	await tui.waitForScreen(/┌─ Memory /);
	tui.type('q');
	t.is((await tui.exited).exitCode, 0);
	const epochs = ofType('epoch');
	t.deepEqual(
		epochs.map(epoch => [epoch['index'], (epoch['limits'] as {memoryLimitPercent: number}).memoryLimitPercent]),
		[
			[1, 50],
			[2, 45],
			[3, 40],
		],
	);
	const budgets = epochs.map(epoch => epoch['budgetBytes'] as number);
	t.true(budgets[0]! > budgets[1]! && budgets[1]! > budgets[2]!, `budgets ${budgets.join(', ')}`);
	for (const epoch of epochs) {
		t.true((epoch['chunks'] as number) >= 2, JSON.stringify(epoch));
		t.is(epoch['medianChunkSeconds'], 1);
		t.true((epoch['seconds'] as number) > 0 && (epoch['audioSeconds'] as number) >= 2 && (epoch['realtime'] as number) > 0, JSON.stringify(epoch));
		for (const key of ['peakBytes', 'medianBytes', 'peakPercent', 'medianPercent', 'forcedGcs', 'backpressureWaits', 'startSeconds']) {
			t.is(typeof epoch[key], 'number', key);
		}
	}
	t.true((epochs[0]!['peakBytes'] as number) > 0, 'memory sampled while the first setting ran');
	const summary = ofType('summary')[0] as Record_ | undefined;
	t.is((summary?.['epochs'] as unknown[] | undefined)?.length, 3);
	// Back on the main screen, the summary with the table.
	const after = tui.screen.text();
	t.regex(after, /stopped: \d+ analysed/);
	t.regex(after, /settings epochs/);
	t.regex(after, /^ +3 +40% +1 s +30 s /m);
});
