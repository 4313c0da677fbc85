/** Where the panels go for a terminal size: pure, so every size can be checked without a terminal. */

export type PanelName = 'memory' | 'progress' | 'chunks' | 'gc' | 'settings' | 'log';

export type Placed = {panel: PanelName; width: number; height: number};

export type Layout = {
	columns: number;
	rows: number;
	/** Lines for the panels (or an overlay) between the header and the footer. */
	bodyHeight: number;
	/** Panel stacks side by side, left to right. */
	stacks: Placed[][];
	/** Panels left out for lack of room. */
	hidden: PanelName[];
};

/** Below this width the panels stack in one column. */
export const TWO_COLUMNS_FROM = 70;
/** Lines of the terminal left unused (none: frames are written line by line at absolute positions). */
export const SPARE_LINES = 0;

/** Natural heights, borders included. */
const HEIGHT: Record<PanelName, number> = {memory: 7, progress: 7, chunks: 6, gc: 6, settings: 9, log: 4};
const MIN_HEIGHT: Record<PanelName, number> = {memory: 7, progress: 6, chunks: 5, gc: 5, settings: 7, log: 3};

export function computeLayout(columns: number, rows: number, options: {headerLines?: number; footerLines: number; activeTracks?: number}): Layout {
	const bodyHeight = Math.max(0, rows - SPARE_LINES - (options.headerLines ?? 1) - options.footerLines);
	const extraTracks = Math.max(0, (options.activeTracks ?? 1) - 1);
	if (columns >= TWO_COLUMNS_FROM) {
		const left = Math.ceil(columns / 2);
		const right = columns - left;
		return {columns, rows, bodyHeight, ...twoColumns(left, right, bodyHeight, extraTracks)};
	}
	return {columns, rows, bodyHeight, ...oneColumn(columns, bodyHeight)};
}

function twoColumns(leftWidth: number, rightWidth: number, body: number, extraTracks: number): Pick<Layout, 'stacks' | 'hidden'> {
	const hidden: PanelName[] = [];
	// Left: Memory, Chunks, Settings; room beyond their natural heights makes the charts taller.
	// Right: Progress (a line per track in work), GC, and the Log, which takes the rest.
	const left: Placed[] = [];
	const right: Placed[] = [];
	const compact = body < HEIGHT.memory + HEIGHT.chunks + MIN_HEIGHT.settings;
	const chunks = compact ? MIN_HEIGHT.chunks : HEIGHT.chunks;
	if (body >= HEIGHT.memory + chunks + MIN_HEIGHT.settings) {
		const settings = Math.min(HEIGHT.settings, body - HEIGHT.memory - chunks);
		const extra = body - HEIGHT.memory - chunks - settings;
		const memoryExtra = Math.ceil(extra / 2);
		left.push({panel: 'memory', width: leftWidth, height: HEIGHT.memory + memoryExtra});
		left.push({panel: 'chunks', width: leftWidth, height: chunks + extra - memoryExtra});
		left.push({panel: 'settings', width: leftWidth, height: settings});
	} else if (body >= HEIGHT.memory + MIN_HEIGHT.settings) {
		left.push({panel: 'memory', width: leftWidth, height: HEIGHT.memory});
		left.push({panel: 'settings', width: leftWidth, height: body - HEIGHT.memory});
		hidden.push('chunks');
	} else {
		left.push({panel: 'memory', width: leftWidth, height: Math.min(body, HEIGHT.memory)});
		hidden.push('chunks', 'settings');
	}
	const gc = compact ? MIN_HEIGHT.gc : Math.min(HEIGHT.gc + 4, Math.max(HEIGHT.gc, Math.floor((body - HEIGHT.progress) / 3)));
	const progress = Math.min(HEIGHT.progress + extraTracks, Math.max(HEIGHT.progress, body - gc - 10));
	if (body >= progress + gc + MIN_HEIGHT.log) {
		right.push({panel: 'progress', width: rightWidth, height: progress});
		right.push({panel: 'gc', width: rightWidth, height: gc});
		right.push({panel: 'log', width: rightWidth, height: body - progress - gc});
	} else if (body >= HEIGHT.progress + MIN_HEIGHT.log) {
		right.push({panel: 'progress', width: rightWidth, height: HEIGHT.progress});
		right.push({panel: 'log', width: rightWidth, height: body - HEIGHT.progress});
		hidden.push('gc');
	} else {
		right.push({panel: 'progress', width: rightWidth, height: Math.min(body, HEIGHT.progress)});
		hidden.push('gc', 'log');
	}
	return {stacks: [left, right], hidden};
}

function oneColumn(width: number, body: number): Pick<Layout, 'stacks' | 'hidden'> {
	// Most wanted first; the log takes what is left (at least its minimum) and goes last on screen.
	const priority: PanelName[] = ['progress', 'memory', 'settings', 'chunks', 'gc'];
	const chosen = new Set<PanelName>();
	let used = 0;
	for (const panel of priority) {
		const height = panel === 'settings' ? MIN_HEIGHT.settings : HEIGHT[panel];
		if (used + height + MIN_HEIGHT.log <= body || (chosen.size === 0 && height <= body)) {
			chosen.add(panel);
			used += height;
		}
	}
	const order: PanelName[] = ['progress', 'memory', 'chunks', 'gc', 'settings'];
	const stack: Placed[] = order
		.filter(panel => chosen.has(panel))
		.map(panel => ({panel, width, height: panel === 'settings' ? MIN_HEIGHT.settings : HEIGHT[panel]}));
	const hidden: PanelName[] = order.filter(panel => !chosen.has(panel));
	if (body - used >= MIN_HEIGHT.log) stack.push({panel: 'log', width, height: body - used});
	else hidden.push('log');
	return {stacks: [stack], hidden};
}
