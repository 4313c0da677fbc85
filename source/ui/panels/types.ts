import type {ViewState} from '../state.js';
import type {Theme} from '../color.js';

/** What every panel receives: the view state, the moment it is drawn at, and its box. */
export type PanelProps = {
	state: ViewState;
	/** Wall-clock time of this frame (ms since the epoch). */
	now: number;
	/** Width and height of the panel, borders included. */
	width: number;
	height: number;
};

export type LineInput = PanelProps & {theme: Theme};

/** Lines inside a panel of this height (top and bottom border taken off). */
export function contentLines(height: number): number {
	return Math.max(0, height - 2);
}

/** Cells inside a panel of this width. */
export function contentWidth(width: number): number {
	return Math.max(0, width - 2);
}
