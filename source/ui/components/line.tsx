import {Box, Text, Transform} from 'ink';
import {renderLine, type StyledLine} from '../text.js';
import {useTheme} from '../theme.js';

const blanks = new Map<number, string>();
function blank(width: number): string {
	let text = blanks.get(width);
	if (text === undefined) {
		text = ' '.repeat(width);
		blanks.set(width, text);
	}
	return text;
}

/**
 * One line of exactly `width` cells. Ink measures a blank placeholder and the real text replaces it
 * when the frame is drawn: Ink keeps every distinct text it has measured for the life of the process,
 * which for figures that change several times a second would grow without end; blanks of a few
 * widths stay a handful. It is also cheaper: layout never changes while the figures do.
 */
export function Line({line, width}: {line: StyledLine; width: number}) {
	const {color} = useTheme();
	if (width <= 0) return null;
	return <RawLine text={renderLine(line, width, color)} width={width} />;
}

/** One line already rendered to exactly `width` cells (see Line for the blank placeholder). */
export function RawLine({text, width}: {text: string; width: number}) {
	if (width <= 0) return null;
	return (
		<Transform transform={() => text}>
			<Text>{blank(width)}</Text>
		</Transform>
	);
}

/** Rows already rendered, each `width` cells wide, one under the other. */
export function RawLines({rows, width}: {rows: readonly string[]; width: number}) {
	return (
		<Box flexDirection="column" width={width} flexShrink={0}>
			{rows.map((text, index) => (
				<RawLine key={index} text={text} width={width} />
			))}
		</Box>
	);
}
