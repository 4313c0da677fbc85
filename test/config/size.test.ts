/**
 * Configuration files too big to be one are refused before they are parsed, and no message echoes a
 * huge value whole.
 */
import fs from 'node:fs';
import test from 'ava';
import {loadConfig, MAX_CONFIG_BYTES} from '../../source/config/load.js';
import {ConfigError} from '../../source/config/resolve.js';
import {runCli} from '../helpers/cli.js';
import {sandbox} from '../helpers/config.js';

/** A YAML exclude list of `count` patterns, about 15 bytes each. */
function excludeList(count: number): string {
	const lines = ['exclude:'];
	for (let index = 0; index < count; index++) lines.push(`  - "**/x${index}"`);
	return lines.join('\n') + '\n';
}

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ConfigError) return error.problems;
		throw error;
	}
	return [];
}

test('a 10 MB configuration (600,000 exclude patterns) is refused with exit status 2, its size said, nothing parsed', async t => {
	const box = sandbox(t);
	const file = box.write('project/big.yaml', excludeList(600_000));
	t.true(fs.statSync(file).size > 9 * MAX_CONFIG_BYTES);
	for (const args of [
		['config', '--config', file],
		['analyze', box.cwd, '--no-tui', '--config', file],
	]) {
		const result = await runCli(args, {cwd: box.cwd, env: box.env});
		t.is(result.code, 2, args[0]);
		t.regex(result.stderr, /big\.yaml: the file holds \d+\.\d MiB, more than the 1\.0 MiB a configuration may hold; not read/, args[0]);
		t.true(result.stderr.length < 500, result.stderr.slice(0, 500));
	}
});

test('a file found by the search is refused the same way; package.json is judged by its playlistgen settings', async t => {
	const box = sandbox(t);
	box.write('project/.playlistgenrc', excludeList(100_000));
	t.regex((await problemsOf(loadConfig({cwd: box.cwd, env: box.env})))[0] ?? '', /\.playlistgenrc: the file holds 1\.\d MiB, more than/);

	// A big package.json of its own, with small settings: read.
	const other = sandbox(t);
	const padding = 'x'.repeat(2 * MAX_CONFIG_BYTES);
	other.write('project/sub/package.json', JSON.stringify({name: 'x', description: padding, playlistgen: {chunkSeconds: 9}}));
	t.is((await loadConfig({cwd: other.cwd, env: other.env})).config.chunkSeconds, 9);

	// Settings that are too big themselves: refused, also from JavaScript that builds them.
	const packaged = sandbox(t);
	packaged.write('project/sub/package.json', JSON.stringify({name: 'x', playlistgen: {exclude: Array.from({length: 100_000}, (_, index) => `**/x${index}`)}}));
	t.regex((await problemsOf(loadConfig({cwd: packaged.cwd, env: packaged.env})))[0] ?? '', /package\.json: its settings take 1\.\d MiB, more than/);
	const script = sandbox(t);
	script.write('project/sub/.playlistgenrc.mjs', 'export default {exclude: Array.from({length: 100000}, (_, i) => `**/x${i}`)};\n');
	t.regex((await problemsOf(loadConfig({cwd: script.cwd, env: script.env})))[0] ?? '', /\.playlistgenrc\.mjs: its settings take 1\.\d MiB, more than/);
});

test('a huge value is never echoed whole: a list of 300,000 numbers for a number setting, a pattern of 500,000 characters', async t => {
	const box = sandbox(t);
	const list = box.write('project/list.json', JSON.stringify({chunkSeconds: Array.from({length: 300_000}, () => 1)}));
	const [listProblem] = await problemsOf(loadConfig({explicitFile: list, cwd: box.cwd, env: box.env}));
	t.regex(listProblem ?? '', /chunkSeconds = \[1,1,1,.*… \(300,000 items, 600,001 characters\): must be a number from 1 to 600$/);
	t.true(listProblem!.length < 300, listProblem!.slice(0, 300));

	const pattern = box.write('project/pattern.json', JSON.stringify({exclude: [`[${'a'.repeat(500_000)}`]}));
	const [patternProblem] = await problemsOf(loadConfig({explicitFile: pattern, cwd: box.cwd, env: box.env}));
	t.regex(
		patternProblem ?? '',
		/exclude = \["\[aaa.*… \(1 item, 500,005 characters\): the pattern "\[aaa.*… \(500,001 characters\)" has a "\[" without its "\]"$/,
	);
	t.true(patternProblem!.length < 400, patternProblem!.slice(0, 400));
});
