import {Box} from 'ink';
import type {ReactNode} from 'react';
import {titleBar} from '../box.js';
import {useTheme} from '../theme.js';
import {Line} from './line.js';

export type PanelProps = {
	title: string;
	/** Total width in cells, borders included. */
	width: number;
	/** Total height in lines, borders included; content beyond it is cut. */
	height?: number;
	children?: ReactNode;
};

/**
 * A box with its title in the top border, its children laid out and clipped by Ink: only the playlists
 * preview is drawn this way (the other panels are rows of text, see box.ts).
 */
export function Panel({title, width, height, children}: PanelProps) {
	const theme = useTheme();
	if (width < 4) return null;
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Line line={titleBar(title, width)} width={width} />
			<Box borderStyle="single" borderTop={false} borderDimColor={theme.color} flexDirection="column" width={width} flexGrow={1} overflow="hidden">
				{children}
			</Box>
		</Box>
	);
}
