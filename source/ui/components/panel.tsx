import {Box} from 'ink';
import type {ReactNode} from 'react';
import {fitCells, seg, type StyledLine} from '../text.js';
import {useTheme} from '../theme.js';
import {Line, Lines} from './line.js';

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

/** The top border with the title in it: "┌─ Memory ───── note ─┐". */
export function titleBar(title: string, width: number, note?: string): StyledLine {
	const inner = Math.max(0, width - 2);
	const label = fitCells(` ${title} `, Math.max(0, inner - 1));
	const noteText = note && inner - 1 - label.length >= note.length + 4 ? ` ${note} ` : '';
	const fill = Math.max(0, inner - 1 - label.length - noteText.length - (noteText ? 1 : 0));
	return [
		seg('┌─', {dim: true}),
		seg(label, {bold: true, color: 'cyan'}),
		seg('─'.repeat(fill), {dim: true}),
		...(noteText ? [seg(noteText, {dim: true}), seg('─', {dim: true})] : []),
		seg('┐', {dim: true}),
	];
}

/** A box with its title in the top border, like htop's and btop's panels; content is clipped to the box. */
export function Panel({title, width, height, note, lines, children}: PanelProps) {
	const theme = useTheme();
	if (width < 4) return null;
	const inner = width - 2;
	const rows = height === undefined ? undefined : Math.max(0, height - 2);
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Line line={titleBar(title, width, note)} width={width} />
			<Box
				borderStyle="single"
				borderTop={false}
				borderDimColor={theme.color}
				flexDirection="column"
				width={width}
				flexGrow={1}
				overflow={children ? 'hidden' : undefined}
			>
				{lines ? <Lines lines={rows === undefined ? lines : lines.slice(0, rows)} width={inner} /> : null}
				{children}
			</Box>
		</Box>
	);
}
