import {Box} from 'ink';
import type {ReactNode} from 'react';
import {panelRows, titleBar} from '../box.js';
import type {StyledLine} from '../text.js';
import {useTheme} from '../theme.js';
import {Line, RawLines} from './line.js';

export type PanelProps = {
	title: string;
	/** Total width in cells, borders included. */
	width: number;
	/** Total height in lines, borders included; content beyond it is cut. */
	height?: number;
	/** Short text at the right of the title bar. */
	note?: string;
	/** The content as lines (cut to the box); or children, clipped by Ink (slower: only for overlays). */
	lines?: readonly StyledLine[];
	children?: ReactNode;
};

/**
 * A box with its title in the top border, like htop's and btop's panels; content is clipped to the box.
 * Lines are drawn as rows of text (see box.ts); children are laid out and clipped by Ink (slower: only
 * for the playlists overlay).
 */
export function Panel({title, width, height, note, lines, children}: PanelProps) {
	const theme = useTheme();
	if (width < 4) return null;
	if (!children) return <RawLines rows={panelRows({title, note, lines: lines ?? []}, width, height, theme.color)} width={width} />;
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Line line={titleBar(title, width, note)} width={width} />
			<Box borderStyle="single" borderTop={false} borderDimColor={theme.color} flexDirection="column" width={width} flexGrow={1} overflow="hidden">
				{children}
			</Box>
		</Box>
	);
}
