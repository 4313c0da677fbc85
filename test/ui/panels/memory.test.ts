import test from 'ava';
import {memoryContent} from '../../../source/ui/panels/memory.js';
import {panelFrame, widest} from '../../helpers/panel.js';
import {memory, midRun, started, T0, viewOf} from '../../helpers/view.js';

function atPercent(percent: number, color = true) {
	const state = viewOf([started(), memory(T0 + 1000, percent)]);
	return panelFrame(memoryContent, {state, now: T0 + 2000, width: 44, height: 7}, {color});
}

/** The SGR codes right before the percentage figure of the budget gauge, joined: "1;31". */
function figureCode(raw: string, percent: string): string | undefined {
	const match = new RegExp(`((?:\\u001B\\[[0-9;]+m)+)\\s*${percent}%`).exec(raw);
	return match?.[1]!.match(/[0-9;]+(?=m)/g)!.join(';');
}

test('shows budget and machine gauges, where the total comes from, the working set, RSS, heap and the last minute', t => {
	const {state, now} = midRun();
	const {text, lines} = panelFrame(memoryContent, {state, now, width: 60, height: 7});
	t.regex(lines[0]!, /^┌─ Memory ─+ working set, last 60 s ─┐$/);
	t.regex(text, /budget {2}█+.*░+ {2}42% of 4\.0 GiB/);
	t.regex(text, /machine █+.*░+ {2}30% of 8\.0 GiB/);
	t.regex(text, /limit 50% of 8\.0 GiB RAM, from machine/);
	t.regex(text, /PSS 1\.7G · RSS 1\.7G \(ffmpeg 12\.0M\) · heap 30\.0M/);
	t.regex(text, /[▁▂▃▄▅▆▇█] 1\.7G–1\.7G 0s/);
	t.is(lines.length, 7);
	t.is(widest(lines), 60);
});

test('gauge colours change at 50, 70 and 90 % (49 % is still green)', t => {
	t.is(figureCode(atPercent(49).raw, '49'), '32');
	t.is(figureCode(atPercent(50).raw, '50'), '33');
	t.is(figureCode(atPercent(70).raw, '70'), '38;5;208');
	t.is(figureCode(atPercent(90).raw, '90'), '1;31');
});

test('without colour the gauge is characters and a figure; critical is bold reverse', t => {
	const plain = atPercent(62, false);
	t.false(/\u001B\[(?:\d+;)*3\d[;m]/.test(plain.raw), 'no colour codes');
	t.regex(plain.text, /budget {2}█+[▏▎▍▌▋▊▉]?░+ {2}62%/);
	t.is(figureCode(atPercent(95, false).raw, '95'), '1;7');
	t.is(figureCode(atPercent(75, false).raw, '75'), '1');
});

test('cgroup limits name their file', t => {
	const state = viewOf([
		{...started(), total: {totalBytes: 2 * 1024 ** 3, source: 'cgroup v2', detail: '/sys/fs/cgroup/nas.slice/memory.max'}} as never,
		memory(T0 + 1000, 20, {totalBytes: 2 * 1024 ** 3, totalSource: 'cgroup v2'}),
	]);
	const wide = panelFrame(memoryContent, {state, now: T0 + 2000, width: 100, height: 7});
	t.regex(wide.text, /from cgroup v2 \/sys\/fs\/cgroup\/nas\.slice\/memory\.max/);
	const narrow = panelFrame(memoryContent, {state, now: T0 + 2000, width: 40, height: 7});
	t.regex(narrow.text, /limit 50% of RAM \(cgroup v2\)/);
});

test('the floor: a mark on the budget gauge where it lies, and its size beside the limit', t => {
	const GiB = 1024 ** 3;
	const state = viewOf([started(), memory(T0 + 1000, 60, {floorBytes: 1 * GiB})]);
	const {text, lines} = panelFrame(memoryContent, {state, now: T0 + 2000, width: 60, height: 7}, {color: false});
	// 1 GiB of a 4 GiB budget: a quarter of the way along the bar.
	const bar = /budget {2}(\S+)/.exec(lines[1]!)![1]!;
	t.is(bar.indexOf('┃'), Math.floor(bar.length / 4));
	t.regex(text, /floor 1\.0 GiB/);
	const under = viewOf([started(), memory(T0 + 1000, 160, {floorBytes: 6 * GiB})]);
	const over = panelFrame(memoryContent, {state: under, now: T0 + 2000, width: 60, height: 7}, {color: false});
	t.regex(over.text, /floor 6\.0 GiB > budget/);
	t.false(over.text.includes('┃'), 'a floor above the budget has no place on the bar');
});

test('the working set is named for where it comes from; RSS stays beside it', t => {
	const MiB = 1024 ** 2;
	const state = viewOf([started(), memory(T0 + 1000, 3, {workingSetSource: 'cgroup', workingSetBytes: 120 * MiB, rssBytes: 230 * MiB})]);
	const {text} = panelFrame(memoryContent, {state, now: T0 + 2000, width: 80, height: 7});
	t.regex(text, /cgroup 120 MiB · RSS 230 MiB/);
});

test('narrow and empty', t => {
	const {state, now} = midRun();
	const narrow = panelFrame(memoryContent, {state, now, width: 28, height: 7});
	t.is(widest(narrow.lines), 28);
	t.regex(narrow.text, /42%/);
	const empty = panelFrame(memoryContent, {state: viewOf([started()]), now: T0, width: 40, height: 7});
	t.regex(empty.text, /waiting for the first sample…/);
});

test('a taller panel draws the last minute as a chart with its range', t => {
	const events = [started(), ...Array.from({length: 40}, (_, i) => memory(T0 + i * 1000, 10 + (i % 10)))];
	const state = viewOf(events);
	const {lines} = panelFrame(memoryContent, {state, now: T0 + 40_000, width: 60, height: 12});
	t.is(lines.length, 12);
	t.regex(lines[5]!, /█.* \d+(\.\d)?M\s*│$/);
	t.regex(lines[10]!, /\d+(\.\d)?M 39s\s*│$/);
});
