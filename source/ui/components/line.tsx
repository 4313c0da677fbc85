import {Text, Transform} from 'ink';
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
	const text = renderLine(line, width, color);
	return (
		<Transform transform={() => text}>
			<Text>{blank(width)}</Text>
		</Transform>
	);
}

/** Several lines, one under the other. */
export function Lines({lines, width}: {lines: readonly StyledLine[]; width: number}) {
	return (
		<>
			{lines.map((line, index) => (
				<Line key={index} line={line} width={width} />
			))}
		</>
	);
}
