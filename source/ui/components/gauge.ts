import {bar, levelOf, percentText} from '../format.js';
import {seg, type Segment} from '../text.js';
import {levelStyleFor, type Theme} from '../color.js';

/** The mark drawn in a bar where its floor lies. */
export const FLOOR_MARK = '┃';

/** The bar with a mark at `markPercent` (when that lies inside it). */
export function markedBar(percent: number, width: number, markPercent?: number): string {
	const text = bar(percent, width);
	if (markPercent === undefined || !(markPercent >= 0 && markPercent < 100) || width <= 0) return text;
	const at = Math.min(width - 1, Math.floor((markPercent / 100) * width));
	return text.slice(0, at) + FLOOR_MARK + text.slice(at + 1);
}

/**
 * A labelled bar with its percentage: "budget  ████▌┃░░░░  45% of 12 GiB", the mark where the floor
 * lies. Bar and figure take the threshold colour (50 / 70 / 90 %); without colour the figure and the
 * bar still say it all.
 */
export function gauge(options: {
	label: string;
	labelWidth?: number;
	percent: number;
	barWidth: number;
	suffix?: string;
	markPercent?: number;
	theme: Theme;
}): Segment[] {
	const {label, percent, barWidth, suffix, theme} = options;
	const style = levelStyleFor(levelOf(percent), theme);
	return [
		seg(`${label.padEnd(options.labelWidth ?? label.length)} `),
		seg(markedBar(percent, barWidth, options.markPercent), {color: style.color}),
		seg(' '),
		seg(percentText(percent), style),
		...(suffix ? [seg(` ${suffix}`)] : []),
	];
}
