import {KEYMAP, OVERLAY_KEYS} from '../keymap.js';
import {seg, type StyledLine} from '../text.js';
import type {PanelContent} from '../box.js';

export function helpLines(availability: {playlists: boolean; save: boolean}): StyledLine[] {
	const keyWidth = 9;
	const row = (keys: string, help: string, unavailable = false): StyledLine => [
		seg(keys.padEnd(keyWidth), {bold: true, color: 'cyan'}),
		seg(unavailable ? `${help} (unavailable here)` : help, unavailable ? {dim: true} : undefined),
	];
	return [
		...KEYMAP.map(group => row(group.keys, group.help, group.needs !== undefined && !availability[group.needs])),
		[seg('In the playlists preview', {bold: true})],
		...OVERLAY_KEYS.map(entry => row(entry.keys, entry.help)),
		[seg('Changes apply from the next chunk; the log says when. Esc or ? closes this help.', {bold: true})],
	];
}

/** The help overlay: the full key list, from the same table as the footer. */
export function helpContent(availability: {playlists: boolean; save: boolean}): PanelContent {
	return {title: 'Help', lines: helpLines(availability)};
}
