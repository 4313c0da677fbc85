/**
 * Styled lines as data: a line is a list of segments, each with an optional style. Panels build lines
 * with these (pure, testable as plain text), and `renderLine` turns one into a string of exactly the
 * cells it may take, with SGR codes when colour is on.
 */

export type Color = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white' | 'gray' | 'orange';

export type Style = {color?: Color; bold?: boolean; dim?: boolean; inverse?: boolean};

export type Segment = {text: string; style?: Style};

export type StyledLine = Segment[];

export function seg(text: string, style?: Style): Segment {
	return style ? {text, style} : {text};
}

/** The plain text of a line, without styles. */
export function plain(line: StyledLine): string {
	return line.map(segment => segment.text).join('');
}

/** The characters of a string as the terminal draws them (an emoji with its joiners is one); made when first needed. */
let graphemes: Intl.Segmenter | undefined;

function segments(text: string): string[] {
	graphemes ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	return Array.from(graphemes.segment(text), ({segment}) => segment);
}

/**
 * Cells of text beyond the one-cell characters before string-width is there: two for each character
 * that is not one of them, so that a line may come out short but never too wide.
 */
export function widthAtMost(text: string): number {
	return segments(text).reduce((sum, char) => sum + (ONE_CELL_EACH.test(char) ? char.length : 2), 0);
}

/**
 * How many cells text beyond the one-cell characters takes: string-width once given
 * (measureWithStringWidth), as Ink measures. Loading string-width costs tens of milliseconds (its emoji
 * pattern alone takes 15 ms to parse), which the starting frame, drawn before the view loads, goes
 * without.
 */
let wideWidth: (text: string) => number = widthAtMost;

/** Measures text beyond the one-cell characters with string-width from now on (the view does before its first frame). */
export function measureWithStringWidth(stringWidth: (text: string) => number): void {
	wideWidth = stringWidth;
}

function* cells(text: string): Generator<[string, number]> {
	for (const segment of segments(text)) yield [segment, wideWidth(segment)];
}

/**
 * Characters that take one cell each, whatever string-width's tables say around them: printable ASCII,
 * Latin-1 and the Latin extensions, Greek and Cyrillic, general punctuation (… · – →), arrows, maths, box drawing, blocks
 * and geometric shapes. Nearly every line of the view is made of these alone; measuring such a line is
 * then its length, without splitting it into graphemes (the most of a frame's cost otherwise).
 */
const ONE_CELL_EACH =
	/^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0377\u037A-\u037F\u0384-\u038A\u038C\u038E-\u03A1\u03A3-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u2190-\u2319\u231C-\u2328\u232B-\u23E8\u23ED-\u23EF\u23F1\u23F2\u23F4-\u23FF\u2500-\u25FC\u25FF]*$/;

/** Terminal cells a string takes (no escape codes in it), measured as Ink measures it. */
export function cellWidth(text: string): number {
	return ONE_CELL_EACH.test(text) ? text.length : wideWidth(text);
}

/** Cuts plain text to at most `width` cells, ending with "…" when cut; keeps the end instead with from='start'. */
export function fitCells(text: string, width: number, from: 'end' | 'start' = 'end'): string {
	if (width <= 0) return '';
	if (cellWidth(text) <= width) return text;
	if (ONE_CELL_EACH.test(text)) return from === 'start' ? `…${text.slice(text.length - width + 1)}` : `${text.slice(0, width - 1)}…`;
	const chars = [...cells(text)];
	if (from === 'start') chars.reverse();
	let used = 1;
	const kept: string[] = [];
	for (const [char, w] of chars) {
		if (used + w > width) break;
		kept.push(char);
		used += w;
	}
	if (from === 'start') return `…${kept.reverse().join('')}`;
	return `${kept.join('')}…`;
}

const FG: Record<Color, string> = {
	red: '31',
	green: '32',
	yellow: '33',
	blue: '34',
	magenta: '35',
	cyan: '36',
	white: '37',
	gray: '90',
	orange: '38;5;208',
};

/** SGR codes for a style, or nothing without colour (bold, reverse and dim stay: they are not colour). */
export function paint(text: string, style: Style | undefined, color: boolean): string {
	if (!style || text === '') return text;
	const open: string[] = [];
	const close: string[] = [];
	if (style.bold) open.push('1');
	if (style.dim && color) open.push('2');
	if (style.bold || (style.dim && color)) close.push('22');
	if (style.inverse) {
		open.push('7');
		close.push('27');
	}
	if (style.color && color) {
		open.push(FG[style.color]);
		close.push('39');
	}
	if (open.length === 0) return text;
	return `\u001B[${open.join(';')}m${text}\u001B[${close.join(';')}m`;
}

/** The longest start of `text` that takes at most `width` cells. */
function prefixCells(text: string, width: number): string {
	if (ONE_CELL_EACH.test(text)) return text.slice(0, Math.max(0, width));
	let used = 0;
	let out = '';
	for (const [char, w] of cells(text)) {
		if (used + w > width) break;
		out += char;
		used += w;
	}
	return out;
}

/** A line cut to `width` cells (an ellipsis where cut) and padded to exactly `width`, styled. */
export function renderLine(line: StyledLine, width: number, color: boolean): string {
	if (width <= 0) return '';
	const total = cellWidth(plain(line));
	if (total <= width) return line.map(segment => paint(segment.text, segment.style, color)).join('') + ' '.repeat(width - total);
	let out = '';
	let used = 0;
	for (const segment of line) {
		const w = cellWidth(segment.text);
		if (used + w <= width - 1) {
			out += paint(segment.text, segment.style, color);
			used += w;
			continue;
		}
		const head = prefixCells(segment.text, width - 1 - used);
		used += cellWidth(head) + 1;
		out += paint(`${head}…`, segment.style, color);
		break;
	}
	return used < width ? out + ' '.repeat(width - used) : out;
}
