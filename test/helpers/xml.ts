import type {ExecutionContext} from 'ava';

/**
 * A small well-formedness check for the XML we write: one root element, tags nested and closed in order,
 * attributes quoted, entities known or numeric, no characters XML 1.0 forbids. Enough to catch escaping
 * mistakes without an XML library.
 */
export function assertWellFormedXml(t: ExecutionContext, xml: string): void {
	t.false(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml), 'characters XML 1.0 forbids');
	const rest = xml.replace(/^<\?xml[^?]*\?>/, '');
	const stack: string[] = [];
	let roots = 0;
	const token = /<!--([\s\S]*?)-->|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|(<)/y;
	let match: RegExpExecArray | null;
	let position = 0;
	while (position < rest.length && (match = token.exec(rest))) {
		position = token.lastIndex;
		const [, comment, closing, opening, attributes, selfClosing, text, stray] = match;
		if (stray) return void t.fail(`stray "<" at ${position}`);
		if (comment !== undefined) {
			t.false(comment.includes('--'), 'no "--" inside a comment');
			continue;
		}
		if (text !== undefined) {
			if (stack.length === 0) t.is(text.trim(), '', 'text outside the root element');
			for (const entity of text.matchAll(/&([^;\s]*);?/g)) t.regex(entity[0], /^&(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);$/, 'entity');
			continue;
		}
		if (opening) {
			for (const entity of (attributes ?? '').matchAll(/&([^;\s]*);?/g)) t.regex(entity[0], /^&(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);$/);
			if (stack.length === 0) roots++;
			if (!selfClosing) stack.push(opening);
			continue;
		}
		if (closing) t.is(stack.pop(), closing, `closing </${closing}>`);
	}
	t.is(position, rest.length, 'the whole document parsed');
	t.deepEqual(stack, [], 'every element closed');
	t.is(roots, 1, 'one root element');
}
