import test from 'ava';
import {lastError} from '../../source/audio/ffmpeg-errors.js';

const url = 'file:/music/x.mp3';

// ffmpeg's own words, as Debian's 5.1 prints them for real files of a fault campaign.
test("ffmpeg's bookkeeping lines are not given as the reason", t => {
	t.is(
		lastError(
			`[mp3float @ 0x55] Header missing\nError while decoding stream #0:0: Invalid data found when processing input\n    Last message repeated 3 times\nConversion failed!\n`,
			url,
		),
		'Header missing (Conversion failed!)',
	);
	t.is(lastError(`Error marking filters as finished\nConversion failed!\n`, url), 'the audio could not be decoded (ffmpeg: Conversion failed!)');
	t.is(lastError(`[flac @ 0x5] invalid coding type\nError marking filters as finished\n`, url), 'invalid coding type (Error marking filters as finished)');
	t.is(
		lastError('Output file is empty, nothing was encoded (check -ss / -t / -frames parameters if used)\n', url),
		'no audio could be decoded from this file (ffmpeg: Output file is empty, nothing was encoded (check -ss / -t / -frames parameters if used))',
	);
	t.is(
		lastError(`Stream map '0:a:0' matches no streams.\nTo ignore this, add a trailing '?' to the map.\n`, url),
		"no audio stream in this file (ffmpeg: Stream map '0:a:0' matches no streams.)",
	);
	t.is(
		lastError(`[ogg @ 0x1] Header processing failed: Invalid data found when processing input\n${url}: Invalid data found when processing input\n`, url),
		"ffmpeg cannot read this Ogg's headers (ffmpeg: Header processing failed: Invalid data found when processing input)",
	);
	t.is(lastError(`${url}: Permission denied\n`, url), 'Permission denied');
	t.is(lastError('', url), undefined);
});
