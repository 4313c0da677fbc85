import {bar, levelOf, percentText} from '../format.js';
import {seg, type Segment} from '../text.js';
import {levelStyleFor, type Theme} from '../theme.js';

/**
 * A labelled bar with its percentage: "budget  ████▌░░░░░  45% of 12 GiB". Bar and figure take the
 * threshold colour (50 / 70 / 90 %); without colour the figure and the bar still say it all.
 */
export function gauge(options: {label: string; labelWidth?: number; percent: number; barWidth: number; suffix?: string; theme: Theme}): Segment[] {
	const {label, percent, barWidth, suffix, theme} = options;
	const style = levelStyleFor(levelOf(percent), theme);
	return [
		seg(`${label.padEnd(options.labelWidth ?? label.length)} `),
		seg(bar(percent, barWidth), {color: style.color}),
		seg(' '),
		seg(percentText(percent), style),
		...(suffix ? [seg(` ${suffix}`)] : []),
	];
}
