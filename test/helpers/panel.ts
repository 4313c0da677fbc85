import type {PanelContent} from '../../source/ui/box.js';
import {panelBox} from '../../source/ui/compose.js';
import type {LineInput, PanelProps} from '../../source/ui/panels/types.js';
import {cellWidth} from '../../source/ui/text.js';
import {stripAnsi} from './view.js';

/** Rows as the terminal gets them (raw, escape codes and all), as plain text and as plain lines. */
export type Drawn = {raw: string; text: string; lines: string[]};

export function drawn(rows: readonly string[]): Drawn {
	const raw = rows.join('\n');
	const text = stripAnsi(raw);
	return {raw, text, lines: text.split('\n')};
}

/** A panel as the live view draws it into its frame (compose.ts), with colour unless told otherwise. */
export function panelFrame(content: (input: LineInput) => PanelContent, input: PanelProps, options: {color?: boolean} = {}): Drawn {
	return drawn(panelBox(content, input, options.color ?? true));
}

/** The widest line, in terminal cells. */
export function widest(lines: readonly string[]): number {
	return Math.max(0, ...lines.map(line => cellWidth(line)));
}
