import type {DecoderPort} from '../audio/decoder.js';

/** A decoder that sends nothing for this long is stopped and its track recorded as failed. */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;

/**
 * Watches a decoder and calls `onStall` (once) when it has sent nothing for `timeoutMs` while it was
 * asked for audio. Time spent held back by backpressure does not count. Returns a function that stops
 * watching.
 */
export function watchDecoder(decoder: DecoderPort, timeoutMs: number, onStall: () => void): () => void {
	let lastBytes = -1;
	let lastChange = performance.now();
	let stalled = false;
	const timer = setInterval(
		() => {
			const bytes = decoder.reader.totalBytes;
			if (bytes !== lastBytes || !decoder.reader.reading) {
				lastBytes = bytes;
				lastChange = performance.now();
			} else if (!stalled && performance.now() - lastChange > timeoutMs && !decoder.killed) {
				stalled = true;
				onStall();
			}
		},
		Math.min(1000, timeoutMs / 4),
	);
	timer.unref();
	return () => clearInterval(timer);
}
