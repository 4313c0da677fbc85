import type {Key} from 'ink';

export type Action =
	| 'limit-up'
	| 'limit-down'
	| 'chunk-up'
	| 'chunk-down'
	| 'max-up'
	| 'max-down'
	| 'gc'
	| 'pause'
	| 'skip'
	| 'playlists'
	| 'epochs'
	| 'log'
	| 'save'
	| 'help'
	| 'quit';

/** One line of the footer and of the help: keys shown together, what they do. */
export type KeyGroup = {
	/** The keys as shown, e.g. "+/-". */
	keys: string;
	/** A word or two for the footer. */
	label: string;
	/** A sentence for the help overlay. */
	help: string;
	/** Input characters and the action each triggers. */
	bindings: ReadonlyArray<{input: string; action: Action}>;
	/** Only meaningful while the analysis runs (hidden from the footer once it has finished). */
	whileRunning?: boolean;
	/** Needs something injected (a playlist service, a way to save); the footer says "unavailable" without it. */
	needs?: 'playlists' | 'save';
};

/** The keys of the live view. The footer, the help overlay and the key handler all read this table. */
export const KEYMAP: readonly KeyGroup[] = [
	{
		keys: '+/-',
		label: 'limit',
		help: 'memory limit ±5 % of total RAM (applies from the next chunk)',
		bindings: [
			{input: '+', action: 'limit-up'},
			{input: '=', action: 'limit-up'},
			{input: '-', action: 'limit-down'},
		],
		whileRunning: true,
	},
	{
		keys: ']/[',
		label: 'chunk',
		help: 'chunk length ±1 s (the first chunk of each track; all chunks with monitoring off)',
		bindings: [
			{input: ']', action: 'chunk-up'},
			{input: '[', action: 'chunk-down'},
		],
		whileRunning: true,
	},
	{
		keys: '}/{',
		label: 'max',
		help: 'longest chunk ±5 s (lowering it below the chunk length lowers that too)',
		bindings: [
			{input: '}', action: 'max-up'},
			{input: '{', action: 'max-down'},
		],
		whileRunning: true,
	},
	{keys: 'g', label: 'GC', help: 'force a garbage collection now (main thread and workers)', bindings: [{input: 'g', action: 'gc'}], whileRunning: true},
	{keys: 'p', label: 'pause', help: 'pause or resume: no new chunk is read while paused', bindings: [{input: 'p', action: 'pause'}], whileRunning: true},
	{keys: 's', label: 'skip', help: 'skip the track in work; it is left for a later run', bindings: [{input: 's', action: 'skip'}], whileRunning: true},
	{
		keys: 'w',
		label: 'playlists',
		help: 'preview the playlists built from what is analysed so far, and write them',
		bindings: [{input: 'w', action: 'playlists'}],
		needs: 'playlists',
	},
	{
		keys: 't',
		label: 'epochs',
		help: 'settings epochs: what each setting cost in speed and memory, and the fastest within budget',
		bindings: [{input: 't', action: 'epochs'}],
	},
	{
		keys: 'l',
		label: 'log',
		help: 'the whole log, each message whole (↑/↓ scroll, Esc closes)',
		bindings: [{input: 'l', action: 'log'}],
	},
	{keys: 'S', label: 'save', help: 'save the current limits to the configuration file', bindings: [{input: 'S', action: 'save'}], needs: 'save'},
	{keys: '?', label: 'help', help: 'this help (Esc closes it); Ctrl-L draws the screen again', bindings: [{input: '?', action: 'help'}]},
	{
		keys: 'q',
		label: 'quit',
		help: 'quit: stops ffmpeg, keeps what is analysed; q again or Ctrl-C forces',
		bindings: [{input: 'q', action: 'quit'}],
	},
];

/** Keys inside the playlists overlay, for the help. */
export const OVERLAY_KEYS: ReadonlyArray<{keys: string; help: string}> = [
	{keys: '↑/↓ j/k', help: 'select a playlist or track'},
	{keys: 'Enter', help: "show the playlist's tracks in order; on a track, its nearest tracks"},
	{keys: 'a / b', help: 'on a track or neighbour: mark the start / the destination of a path'},
	{keys: 'y', help: 'write what is shown (all playlists, the open one or the path)'},
	{keys: 'Esc', help: 'back, then close (q closes overlays too)'},
];

const BY_INPUT = new Map(KEYMAP.flatMap(group => group.bindings.map(binding => [binding.input, binding.action] as const)));

/** The action for a key press, if the keymap has one. Ctrl-C is handled apart (it forces the exit). */
export function actionFor(input: string, key: Pick<Key, 'ctrl' | 'meta'>): Action | undefined {
	if (key.ctrl || key.meta) return undefined;
	return BY_INPUT.get(input);
}

export function isCtrlC(input: string, key: Pick<Key, 'ctrl'>): boolean {
	return (key.ctrl && input === 'c') || input === '\u0003';
}

export type Availability = {playlists: boolean; save: boolean; running: boolean};

export type FooterItem = {keys: string; label: string; unavailable: boolean};

/** The footer's items for the current situation. */
export function footerItems(availability: Availability): FooterItem[] {
	return KEYMAP.filter(group => availability.running || !group.whileRunning).map(group => ({
		keys: group.keys,
		label: group.label,
		unavailable: group.needs !== undefined && !availability[group.needs],
	}));
}

export function footerText(item: FooterItem): string {
	return `${item.keys} ${item.unavailable ? 'unavailable' : item.label}`;
}

/** Splits the footer into lines of at most `width` cells; items are separated by two spaces. */
export function footerLines(items: readonly FooterItem[], width: number): FooterItem[][] {
	const lines: FooterItem[][] = [];
	let line: FooterItem[] = [];
	let used = 0;
	for (const item of items) {
		const length = footerText(item).length;
		const needed = line.length === 0 ? length : used + 2 + length;
		if (line.length > 0 && needed > width) {
			lines.push(line);
			line = [];
			used = 0;
		}
		used = line.length === 0 ? length : used + 2 + length;
		line.push(item);
	}
	if (line.length > 0) lines.push(line);
	return lines;
}
