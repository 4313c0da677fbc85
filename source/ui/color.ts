/**
 * How the view is coloured, without React: the frames are composed from these before React and Ink
 * load (the starting frame), and the React context in theme.tsx carries the same Theme.
 */
import type {Level} from './format.js';
import type {Color, Style} from './text.js';

/** How the terminal may be drawn on: with colour or not (NO_COLOR, TERM=dumb, monochrome terminals). */
export type Theme = {color: boolean};

/** Whether colour is wanted: https://no-color.org (any non-empty NO_COLOR), FORCE_COLOR=0 and TERM=dumb turn it off. */
export function colorWanted(env: NodeJS.ProcessEnv): boolean {
	if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
	if (env['FORCE_COLOR'] === '0' || env['FORCE_COLOR'] === 'false') return false;
	return env['TERM'] !== 'dumb';
}

export const LEVEL_COLORS: Record<Level, Color> = {ok: 'green', careful: 'yellow', warning: 'orange', critical: 'red'};

/**
 * The style of a figure at a threshold level: glances' colours (green, yellow, orange, red), bold when
 * critical; without colour, bold from the warning level and reverse video when critical. The figure
 * always says the percentage too, so nothing depends on colour alone.
 */
export function levelStyleFor(level: Level, theme: Theme): Style {
	if (theme.color) return {color: LEVEL_COLORS[level], bold: level === 'critical'};
	if (level === 'critical') return {bold: true, inverse: true};
	if (level === 'warning') return {bold: true};
	return {};
}
