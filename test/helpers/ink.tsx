import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';
import {cellWidth} from '../../source/ui/text.js';
import {ThemeContext} from '../../source/ui/theme.js';
import {stripAnsi} from './view.js';

/** Renders an element once, with or without colour, and returns the frame (raw and as plain lines). */
export function frameOf(element: ReactElement, options: {color?: boolean} = {}): {raw: string; text: string; lines: string[]} {
	const instance = render(<ThemeContext.Provider value={{color: options.color ?? true}}>{element}</ThemeContext.Provider>);
	const raw = instance.lastFrame() ?? '';
	instance.unmount();
	const text = stripAnsi(raw);
	return {raw, text, lines: text.split('\n')};
}

/** The widest line of a frame, in terminal cells. */
export function widest(lines: readonly string[]): number {
	return Math.max(0, ...lines.map(line => cellWidth(line)));
}

/** Waits until the event loop has run pending timers and promises. */
export async function settle(ms = 40): Promise<void> {
	await new Promise(resolve => setTimeout(resolve, ms));
}
