import test from 'ava';
import {limitChange, runCommand} from '../../source/ui/key-actions.js';
import {actionFor, footerItems, footerLines, footerText, isCtrlC, KEYMAP} from '../../source/ui/keymap.js';
import type {SessionPort} from '../../source/ui/session-port.js';
import type {UiEvent} from '../../source/ui/state.js';
import {limits} from '../helpers/view.js';

const noKey = {ctrl: false, meta: false};

test('every documented key maps to its action, and only those', t => {
	t.is(actionFor('+', noKey), 'limit-up');
	t.is(actionFor('=', noKey), 'limit-up');
	t.is(actionFor('-', noKey), 'limit-down');
	t.is(actionFor(']', noKey), 'chunk-up');
	t.is(actionFor('[', noKey), 'chunk-down');
	t.is(actionFor('}', noKey), 'max-up');
	t.is(actionFor('{', noKey), 'max-down');
	t.is(actionFor('g', noKey), 'gc');
	t.is(actionFor('p', noKey), 'pause');
	t.is(actionFor('s', noKey), 'skip');
	t.is(actionFor('S', noKey), 'save');
	t.is(actionFor('w', noKey), 'playlists');
	t.is(actionFor('?', noKey), 'help');
	t.is(actionFor('q', noKey), 'quit');
	t.is(actionFor('x', noKey), undefined);
	t.is(actionFor('q', {ctrl: true, meta: false}), undefined);
	t.true(isCtrlC('c', {ctrl: true}));
	t.false(isCtrlC('c', {ctrl: false}));
	const inputs = KEYMAP.flatMap(group => group.bindings.map(binding => binding.input));
	t.is(new Set(inputs).size, inputs.length, 'no key bound twice');
});

test('limit steps: memory on multiples of 5 within 1–100, chunks by 1 s, max by 5 s pulling the chunk down', t => {
	t.deepEqual(limitChange('limit-up', limits), {memoryLimitPercent: 55});
	t.deepEqual(limitChange('limit-up', {...limits, memoryLimitPercent: 47}), {memoryLimitPercent: 50});
	t.deepEqual(limitChange('limit-up', {...limits, memoryLimitPercent: 100}), {memoryLimitPercent: 100});
	t.deepEqual(limitChange('limit-down', {...limits, memoryLimitPercent: 47}), {memoryLimitPercent: 45});
	t.deepEqual(limitChange('limit-down', {...limits, memoryLimitPercent: 5}), {memoryLimitPercent: 1});
	t.deepEqual(limitChange('chunk-up', limits), {chunkSeconds: 16});
	t.deepEqual(limitChange('chunk-down', limits), {chunkSeconds: 14});
	t.deepEqual(limitChange('max-up', limits), {maxChunkSeconds: 35});
	t.deepEqual(limitChange('max-down', limits), {maxChunkSeconds: 25});
	t.deepEqual(limitChange('max-down', {...limits, maxChunkSeconds: 18}), {maxChunkSeconds: 13, chunkSeconds: 13});
	t.is(limitChange('gc', limits), undefined);
});

function fakeSession() {
	const calls: string[] = [];
	const session: SessionPort = {
		on: () => () => {},
		limits,
		paused: false,
		setLimits(change) {
			calls.push(`setLimits ${JSON.stringify(change)}`);
			return true;
		},
		togglePause: () => calls.push('togglePause'),
		skip: () => calls.push('skip'),
		forceGc: async () => {
			calls.push('forceGc');
		},
		stop: () => calls.push('stop'),
	};
	return {session, calls};
}

test('commands reach the session', t => {
	const {session, calls} = fakeSession();
	const log = (_event: UiEvent) => {};
	for (const action of ['limit-up', 'pause', 'skip', 'gc'] as const) t.true(runCommand(action, {session, log}));
	t.false(runCommand('quit', {session, log}));
	t.deepEqual(calls, ['setLimits {"memoryLimitPercent":55}', 'togglePause', 'skip', 'forceGc']);
});

test('S saves through the injected function and logs where, or why not', async t => {
	const {session} = fakeSession();
	const lines: string[] = [];
	const log = (event: UiEvent) => lines.push(`${event.level}: ${event.text}`);
	runCommand('save', {session, log});
	runCommand('save', {session, log, saveLimits: async saved => `/home/me/.config/playlistgen/config.yaml (${saved.memoryLimitPercent}%)`});
	runCommand('save', {
		session,
		log,
		saveLimits: async () => {
			throw new Error('read-only file system');
		},
	});
	await new Promise(resolve => setTimeout(resolve, 10));
	t.deepEqual(lines, [
		'warn: S unavailable: this build cannot save settings',
		'info: limits saved to /home/me/.config/playlistgen/config.yaml (50%)',
		'error: cannot save: read-only file system',
	]);
});

test('the footer comes from the keymap: unavailable keys say so, finished runs hide analysis keys, lines wrap', t => {
	const all = footerItems({playlists: false, save: false, running: true});
	t.deepEqual(all.map(footerText), [
		'+/- limit',
		']/[ chunk',
		'}/{ max',
		'g GC',
		'p pause',
		's skip',
		'w unavailable',
		't epochs',
		'l log',
		'S unavailable',
		'? help',
		'q quit',
	]);
	const done = footerItems({playlists: true, save: true, running: false});
	t.deepEqual(done.map(footerText), ['w playlists', 't epochs', 'l log', 'S save', '? help', 'q quit']);
	const lines = footerLines(all, 80);
	t.is(lines.length, 2);
	for (const line of lines) t.true(line.map(footerText).join('  ').length <= 80);
	t.is(footerLines(all, 120).length, 1);
});
