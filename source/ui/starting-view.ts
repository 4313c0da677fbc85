/**
 * The live view's first frame, drawn before the rest of the CLI loads (the configuration, the store,
 * the engine, React and Ink): every panel in its place, with what is known before anything is measured
 * (the library, the keys) and "starting…", "waiting for the first sample…" where figures will come.
 * The view's own first frame is this same frame, so nothing changes place when it takes over; it then
 * fills the figures in as they arrive. No React here: the CLI's entry loads this.
 */
import {colorWanted} from './color.js';
import {composeFrame, frameLayout} from './compose.js';
import type {Availability} from './keymap.js';
import {SPARE_LINES} from './panel-layout.js';
import {frameWriterOf, type FrameWriter} from './screen.js';
import {initialState} from './state.js';
import {altScreenOf} from './terminal.js';

/** The keys of a live analysis: it always has a playlist builder and a way to save its limits (analyze.ts gives both). */
export const LIVE_ANALYSIS: Availability = {playlists: true, save: true, running: true};

/** The starting frame's rows for a library at a terminal size. */
export function startingFrame(root: string, columns: number, rows: number, color: boolean): string[] {
	const {layout, footer} = frameLayout(columns, rows, {availability: LIVE_ANALYSIS, activeTracks: 0});
	return composeFrame({
		state: initialState(root),
		now: Date.now(),
		layout,
		overlay: 'none',
		availability: LIVE_ANALYSIS,
		footer,
		color,
		height: Math.max(1, rows - SPARE_LINES),
	});
}

/** What stops the starting frame from redrawing itself on a resize, per frame writer. */
const handOvers = new WeakMap<FrameWriter, () => void>();

/**
 * Enters the alternate screen with the starting frame, once, and keeps it drawn at the terminal's size
 * until the view takes the frame writer over; keys typed meanwhile are kept for the view.
 */
export function showStartingView(io: {stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream; env: NodeJS.ProcessEnv}, root: string): void {
	const screen = altScreenOf(io.stdout, io.stdin);
	if (screen.active || !io.stdout.isTTY) return;
	screen.enter();
	screen.holdKeys();
	const writer = frameWriterOf(io.stdout);
	const color = colorWanted(io.env);
	const draw = () => writer.frame(startingFrame(root, writer.columns, writer.rows, color));
	draw();
	writer.on('resize', draw);
	handOvers.set(writer, () => writer.off('resize', draw));
}

/** The terminal's frame writer for the view, which draws from now on (the starting frame no longer does). */
export function takeOverFrames(stdout: NodeJS.WriteStream): FrameWriter {
	const writer = frameWriterOf(stdout);
	handOvers.get(writer)?.();
	handOvers.delete(writer);
	return writer;
}
