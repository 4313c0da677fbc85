import {Box} from 'ink';
import {footerLines, type FooterItem} from '../keymap.js';
import {seg, type StyledLine} from '../text.js';
import {Line} from './line.js';

export function footerStyledLines(items: readonly FooterItem[], width: number): StyledLine[] {
	return footerLines(items, width).map(line =>
		line.flatMap((item, position) => [
			...(position > 0 ? [seg('  ')] : []),
			seg(item.keys, {bold: true, color: 'cyan'}),
			seg(` ${item.unavailable ? 'unavailable' : item.label}`, item.unavailable ? {dim: true} : undefined),
		]),
	);
}

/** The keys, always on screen, from the keymap table; wraps onto a second line on narrow terminals. */
export function Footer({items, width, extra}: {items: readonly FooterItem[]; width: number; extra?: string}) {
	return (
		<Box flexDirection="column" width={width}>
			{extra ? <Line line={[seg(extra, {color: 'yellow', bold: true})]} width={width} /> : null}
			{footerStyledLines(items, width).map((line, index) => (
				<Line key={index} line={line} width={width} />
			))}
		</Box>
	);
}
