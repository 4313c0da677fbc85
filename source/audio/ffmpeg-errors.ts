/**
 * Why ffmpeg failed, in words for a person: the meaningful line of its stderr, or — where that line is
 * ffmpeg talking about its own command line or its bookkeeping — a plain reason with ffmpeg's line
 * kept after it as the detail.
 */

/** ffmpeg's last words that say little alone ("Invalid argument"): the line before them says why. */
const GENERIC =
	/^(Invalid argument|Invalid data found when processing input|Error opening input.*|Conversion failed!|Error while decoding stream.*|Nothing was written into output file.*|Error marking filters as finished|Error while filtering.*|Error sending frames to consumers.*|Task finished with error code.*|Terminating thread with return code.*|Error closing file.*|Exiting normally.*)$/;

/** Lines that are progress, layout or log bookkeeping, never a reason. */
const NOISE = /^(size=|video:|Stream mapping|Press \[q\]|Output #|Input #|Metadata:|Duration:|Stream #|Last message repeated \d+ times?$|\[out#|\[aost#|\[in#)/;

type Rule = {test: RegExp; reason: string; detail?: (lines: string[], index: number) => string};

/** ffmpeg lines that do not say what is wrong with the file, and what they mean here. */
const RULES: readonly Rule[] = [
	{
		// Our `-map 0:a:0` found nothing: "To ignore this, add a trailing '?' to the map."
		test: /matches no streams|add a trailing '\?' to the map/,
		reason: 'no audio stream in this file',
		detail: (lines, index) => lines.slice(0, index + 1).findLast(line => /matches no streams/.test(line)) ?? lines[index]!,
	},
	// The second decoder (libvorbis) is tried next on an Ogg Vorbis; this is ffmpeg's part of the reason.
	{test: /Header processing failed/, reason: "ffmpeg cannot read this Ogg's headers"},
	{
		// "Output file is empty, nothing was encoded (check -ss / -t / -frames parameters if used)": options we never give.
		test: /Output file is empty|check -ss \/ -t \/ -frames/,
		reason: 'no audio could be decoded from this file',
	},
];

/** ffmpeg's stderr as lines, without the input URL it prefixes, the `[codec @ 0x…]` tags and the noise. */
export function errorLines(stderrTail: string, inputUrl: string): string[] {
	return stderrTail
		.split(/\r?\n|\r/)
		.map(line =>
			line
				.trim()
				.replace(`${inputUrl}: `, '')
				.replace(/^\[[^\]]+\] /, ''),
		)
		.filter(line => line && !NOISE.test(line));
}

/** The meaningful last line(s) of ffmpeg's stderr, for an error message; undefined when it said nothing. */
export function lastError(stderrTail: string, inputUrl: string): string | undefined {
	const lines = errorLines(stderrTail, inputUrl);
	for (let index = lines.length - 1; index >= 0; index--) {
		const rule = RULES.find(candidate => candidate.test.test(lines[index]!));
		if (rule) return `${rule.reason} (ffmpeg: ${rule.detail?.(lines, index) ?? lines[index]})`;
	}
	const last = lines.at(-1);
	if (!last) return undefined;
	const previous = lines.slice(0, -1).findLast(line => !GENERIC.test(line));
	if (GENERIC.test(last)) {
		if (previous) return `${previous} (${last})`;
		if (/^(Conversion failed!|Error marking filters as finished|Error while filtering.*|Nothing was written.*)$/.test(last)) {
			return `the audio could not be decoded (ffmpeg: ${last})`;
		}
	}
	return last;
}
