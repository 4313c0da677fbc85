import {footerLines, type FooterItem} from '../keymap.js';
import {seg, type StyledLine} from '../text.js';

/** The keys, always on screen, from the keymap table; wraps onto a second line on narrow terminals. */
export function footerStyledLines(items: readonly FooterItem[], width: number): StyledLine[] {
	return footerLines(items, width).map(line =>
		line.flatMap((item, position) => [
			...(position > 0 ? [seg('  ')] : []),
			seg(item.keys, {bold: true, color: 'cyan'}),
			seg(` ${item.unavailable ? 'unavailable' : item.label}`, item.unavailable ? {dim: true} : undefined),
		]),
	);
}
