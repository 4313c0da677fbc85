import {spawn} from 'node:child_process';
import {cliPath} from './fixtures.js';
import type {NdjsonRecord} from '../../source/report/ndjson.js';

export type CliResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

type RunOptions = {env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number};

/** Runs the built CLI as a user would (node dist/cli.js …), without a terminal. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
	return runCliAs(undefined, args, options);
}

/** Runs the built CLI as another user (when we are root), e.g. to test file permissions. */
export function runCliAs(uid: number | undefined, args: string[], options: RunOptions = {}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {
			...(uid === undefined ? {} : {uid, gid: uid}),
			cwd: options.cwd,
			env: {...process.env, NO_COLOR: '1', ...options.env},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
		child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr});
		});
	});
}

/** Parses `analyze --json` output into its records. */
export function records(stdout: string): NdjsonRecord[] {
	return stdout
		.split('\n')
		.filter(line => line.trim() !== '')
		.map(line => JSON.parse(line) as NdjsonRecord);
}

/** The records of one type, typed as that type's. */
export function recordsOf<Type extends NdjsonRecord['type']>(stdout: string, type: Type): Array<Extract<NdjsonRecord, {type: Type}>> {
	return records(stdout).filter((record): record is Extract<NdjsonRecord, {type: Type}> => record.type === type);
}
