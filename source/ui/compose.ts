/**
 * The live view's frame as rows of text, from the view state and the layout: header, panels side by
 * side (or an overlay), footer. Pure; the App hands the rows to the terminal writer, or to Ink in tests.
 */
import {besideEachOther, frameRows, panelRows, type PanelContent} from './box.js';
import {footerStyledLines} from './components/footer.js';
import {headerLine} from './components/header.js';
import {helpContent} from './components/help.js';
import {footerItems, footerLines, type Availability, type FooterItem} from './keymap.js';
import {computeLayout, type Layout, type PanelName} from './panel-layout.js';
import {chunksContent} from './panels/chunks.js';
import {epochsContent} from './panels/epochs.js';
import {gcContent} from './panels/gc.js';
import {logContent} from './panels/log.js';
import {logOverlayContent} from './panels/log-overlay.js';
import {memoryContent} from './panels/memory.js';
import {progressContent} from './panels/progress.js';
import {settingsContent} from './panels/settings.js';
import type {LineInput, PanelProps} from './panels/types.js';
import type {ViewState} from './state.js';
import {renderLine, seg} from './text.js';

const PANELS: Record<PanelName, (input: LineInput) => PanelContent> = {
	memory: memoryContent,
	progress: progressContent,
	chunks: chunksContent,
	gc: gcContent,
	settings: settingsContent,
	log: logContent,
};

export type FrameInput = {
	state: ViewState;
	now: number;
	layout: Layout;
	/** What covers the panels, if anything (the playlists preview is drawn by Ink instead, between headerRows and footerRows). */
	overlay: 'none' | 'help' | 'epochs' | 'log';
	/** Lines the log overlay is scrolled back from its newest. */
	logScroll?: number;
	availability: {playlists: boolean; save: boolean};
	footer: readonly FooterItem[];
	/** A line above the footer (what q did). */
	footerNote?: string;
	color: boolean;
	/** Rows of the frame (the terminal's, less any kept spare). */
	height: number;
};

/**
 * The keys the footer shows and where the panels go around them at a terminal size: the view's frames
 * and the starting frame (drawn before the view loads) are laid out by this one function.
 */
export function frameLayout(
	columns: number,
	rows: number,
	{availability, footerNote, activeTracks}: {availability: Availability; footerNote?: string; activeTracks: number},
): {layout: Layout; footer: FooterItem[]} {
	const footer = footerItems(availability);
	const footerCount = footerLines(footer, columns).length + (footerNote ? 1 : 0);
	return {layout: computeLayout(columns, rows, {footerLines: footerCount, activeTracks}), footer};
}

/** The rows of one frame, at most `height`, each cut to the terminal's width. */
export function composeFrame({state, now, layout, overlay, logScroll = 0, availability, footer, footerNote, color, height}: FrameInput): string[] {
	const {columns, bodyHeight} = layout;
	let body: string[];
	if (overlay === 'help') body = panelRows(helpContent(availability), columns, bodyHeight, color);
	else if (overlay === 'epochs') body = panelRows(epochsContent({state, now, height: bodyHeight}), columns, bodyHeight, color);
	else if (overlay === 'log')
		body = panelRows(logOverlayContent({state, now, width: columns, height: bodyHeight, theme: {color}}, logScroll), columns, bodyHeight, color);
	else {
		const stacks = layout.stacks.map(stack =>
			stack.flatMap(placed => panelBox(PANELS[placed.panel], {state, now, width: placed.width, height: placed.height}, color)),
		);
		body = besideEachOther(
			stacks,
			layout.stacks.map(stack => Math.max(0, ...stack.map(placed => placed.width))),
			bodyHeight,
		);
	}
	return frameRows(
		[headerRows(state, now, columns, color), body.slice(0, bodyHeight), padRows(body.length, bodyHeight), footerRows(footer, footerNote, columns, color)],
		height,
	);
}

/** The frame's top row: the program, what it does, the library, the clock. The playlists preview draws it too. */
export function headerRows(state: ViewState, now: number, columns: number, color: boolean): string[] {
	return [renderLine(headerLine(state, now, columns), columns, color)];
}

/** The frame's bottom rows: what q did, if anything, then the keys. The playlists preview draws them too. */
export function footerRows(footer: readonly FooterItem[], footerNote: string | undefined, columns: number, color: boolean): string[] {
	const note = footerNote ? [renderLine([seg(footerNote, {color: 'yellow', bold: true})], columns, color)] : [];
	return [...note, ...footerStyledLines(footer, columns).map(line => renderLine(line, columns, color))];
}

/** One panel as the frame shows it: its content, drawn with or without colour, in its box. */
export function panelBox(content: (input: LineInput) => PanelContent, {state, now, width, height}: PanelProps, color: boolean): string[] {
	return panelRows(content({state, now, width, height, theme: {color}}), width, height, color);
}

function padRows(have: number, want: number): string[] {
	return Array.from({length: Math.max(0, want - have)}, () => '');
}
