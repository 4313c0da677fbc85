import test from 'ava';
import {computeLayout, type PanelName} from '../../source/ui/panel-layout.js';

const ALL: PanelName[] = ['memory', 'progress', 'chunks', 'gc', 'settings', 'log'];

function check(t: import('ava').ExecutionContext, columns: number, rows: number, footerLines: number) {
	const layout = computeLayout(columns, rows, {footerLines});
	t.is(layout.bodyHeight, rows - 1 - footerLines);
	for (const stack of layout.stacks) {
		t.true(stack.reduce((sum, placed) => sum + placed.height, 0) <= layout.bodyHeight, `${columns}×${rows}: a stack fits the height`);
	}
	t.true(layout.stacks.reduce((sum, stack) => sum + (stack[0]?.width ?? 0), 0) <= columns, `${columns}×${rows}: stacks fit the width`);
	return layout;
}

test('80×24 shows every panel in two columns', t => {
	const layout = check(t, 80, 24, 2);
	t.deepEqual(layout.hidden, []);
	t.is(layout.stacks.length, 2);
	t.deepEqual(
		layout.stacks
			.flat()
			.map(placed => placed.panel)
			.sort(),
		[...ALL].sort(),
	);
	t.deepEqual(
		layout.stacks.map(stack => stack.map(placed => placed.width)),
		[
			[40, 40, 40],
			[40, 40, 40],
		],
	);
});

test('bigger terminals give the charts and the log the room', t => {
	const layout = check(t, 120, 40, 1);
	t.deepEqual(layout.hidden, []);
	const height = (panel: PanelName) => layout.stacks.flat().find(placed => placed.panel === panel)!.height;
	t.true(height('memory') > 7);
	t.true(height('log') > 10);
	t.is(height('settings'), 9);
});

test('short terminals drop the least needed panels, never overflow', t => {
	for (const rows of [6, 10, 14, 18, 20]) check(t, 80, rows, 2);
	const layout = check(t, 80, 14, 2);
	t.true(layout.hidden.includes('chunks'));
	t.false(layout.hidden.includes('memory'));
});

test('narrow terminals stack one column, most wanted panels first', t => {
	const layout = check(t, 60, 40, 3);
	t.is(layout.stacks.length, 1);
	t.deepEqual(layout.stacks[0]!.map(placed => placed.panel).slice(0, 2), ['progress', 'memory']);
	const small = check(t, 50, 24, 3);
	t.true(small.stacks[0]!.some(placed => placed.panel === 'progress'));
	t.true(small.hidden.length > 0);
	t.true(small.stacks[0]!.some(placed => placed.panel === 'log'));
});
