import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {writeFileAtomic} from '../../source/util/atomic-write.js';

function tempDir(t: {teardown: (fn: () => void) => void}): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'playlistgen-atomic-'));
	t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
	return dir;
}

test('replaces the content in one step and leaves no temporary file', async t => {
	const dir = tempDir(t);
	const file = path.join(dir, 'list.m3u8');
	fs.writeFileSync(file, 'old');
	await writeFileAtomic(file, 'new');
	t.is(fs.readFileSync(file, 'utf8'), 'new');
	t.deepEqual(fs.readdirSync(dir), ['list.m3u8']);
});

test('a failed rename leaves the target as it was and no temporary file', async t => {
	const dir = tempDir(t);
	// A folder where the file should be: everything succeeds but the final rename.
	const target = path.join(dir, 'occupied');
	fs.mkdirSync(path.join(target, 'inside'), {recursive: true});
	await t.throwsAsync(writeFileAtomic(target, 'x'));
	t.deepEqual(fs.readdirSync(dir), ['occupied']);
	t.true(fs.statSync(target).isDirectory());
});

test('keeps the mode of the file it replaces, and a symlink stays a symlink', async t => {
	const dir = tempDir(t);
	const real = path.join(dir, 'real.yaml');
	const link = path.join(dir, 'link.yaml');
	fs.writeFileSync(real, 'a: 1\n', {mode: 0o600});
	fs.chmodSync(real, 0o600);
	fs.symlinkSync(real, link);
	await writeFileAtomic(link, 'a: 2\n');
	t.true(fs.lstatSync(link).isSymbolicLink());
	t.is(fs.readFileSync(real, 'utf8'), 'a: 2\n');
	t.is(fs.statSync(real).mode & 0o777, 0o600);
});
