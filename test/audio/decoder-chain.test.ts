import test from 'ava';
import {DecoderChain, readByMessage} from '../../source/audio/decoder-chain.js';
import type {DecoderPort} from '../../source/audio/decoder.js';
import {FakeDecoder} from '../helpers/fake-decoder.js';

async function readAll(decoder: DecoderPort, chunk = 1000): Promise<number[]> {
	const values: number[] = [];
	for (let part = await decoder.reader.next(chunk); part; part = await decoder.reader.next(chunk)) values.push(...part);
	return values;
}

test('ffmpeg stopping part-way with an error: the second decoder goes on from where it stopped', async t => {
	const chain = new DecoderChain({
		file: 'x.ogg',
		sampleRate: 22_050,
		ffmpegPath: 'ffmpeg',
		openFfmpeg: () => new FakeDecoder({samples: 2500, exit: {code: 1, message: 'Error while decoding stream'}}),
		openFallback: () => new FakeDecoder({samples: 6000}),
		fallbackReads: () => true,
	});
	const values = await readAll(chain, 700);
	t.is(values.length, 6000);
	t.true(
		values.every((value, index) => value === index % 1000),
		'no sample lost or repeated at the switch',
	);
	t.is((await chain.exit).code, 0);
	t.deepEqual(chain.readBy, {decoder: 'ogg-vorbis', ffmpegError: 'Error while decoding stream'});
	t.is(readByMessage(chain.readBy), 'read by ogg-vorbis after ffmpeg refused it: Error while decoding stream');
});

test("a file ffmpeg refuses and the second decoder does not read keeps ffmpeg's reason alone", async t => {
	let opened = false;
	const chain = new DecoderChain({
		file: 'x.mp3',
		sampleRate: 22_050,
		ffmpegPath: 'ffmpeg',
		openFfmpeg: () => new FakeDecoder({samples: 0, exit: {code: 1, message: 'Failed to read frame size'}}),
		openFallback: () => {
			opened = true;
			return new FakeDecoder({samples: 10});
		},
		fallbackReads: () => false,
	});
	t.deepEqual(await readAll(chain), []);
	t.is((await chain.exit).message, 'Failed to read frame size');
	t.false(opened);
	t.is(chain.readBy.decoder, 'ffmpeg');
	t.is(readByMessage(chain.readBy), undefined);
});

test("a file every decoder refuses fails with each decoder's complaint", async t => {
	const chain = new DecoderChain({
		file: 'x.ogg',
		sampleRate: 22_050,
		ffmpegPath: 'ffmpeg',
		openFfmpeg: () => new FakeDecoder({samples: 0, exit: {code: 1, message: "ffmpeg cannot read this Ogg's headers (ffmpeg: Header processing failed)"}}),
		openFallback: () => new FakeDecoder({samples: 0, exit: {code: 1, message: 'libvorbis cannot read its headers'}}),
		fallbackReads: () => true,
	});
	t.deepEqual(await readAll(chain), []);
	const exit = await chain.exit;
	t.is(exit.code, 1);
	t.is(exit.message, "ffmpeg cannot read this Ogg's headers (ffmpeg: Header processing failed); ogg-vorbis: libvorbis cannot read its headers");
});

test('ffmpeg stopped on purpose or killed from outside: no second decoder', async t => {
	for (const exit of [{code: null, signal: 'SIGKILL' as const}, {code: 0}]) {
		let opened = false;
		const chain = new DecoderChain({
			file: 'x.ogg',
			sampleRate: 22_050,
			ffmpegPath: 'ffmpeg',
			openFfmpeg: () => new FakeDecoder({samples: 100, exit}),
			openFallback: () => {
				opened = true;
				return new FakeDecoder({samples: 1000});
			},
			fallbackReads: () => true,
		});
		t.is((await readAll(chain)).length, 100);
		await chain.exit;
		t.false(opened, JSON.stringify(exit));
	}
});

test('without ffmpeg the second decoder reads what it can, and the rest fails saying ffmpeg is missing', async t => {
	const read = new DecoderChain({
		file: 'x.ogg',
		sampleRate: 22_050,
		ffmpegPath: undefined,
		openFallback: () => new FakeDecoder({samples: 1500}),
		fallbackReads: () => true,
	});
	t.is((await readAll(read)).length, 1500);
	t.is(readByMessage(read.readBy), 'read by ogg-vorbis (ffmpeg is missing)');
	const refused = new DecoderChain({file: 'x.mp3', sampleRate: 22_050, ffmpegPath: undefined, fallbackReads: () => false});
	t.deepEqual(await readAll(refused), []);
	t.is((await refused.exit).message, 'ffmpeg is missing, and ogg-vorbis reads only Ogg Vorbis files');
});
