import {PassThrough} from 'node:stream';
import test from 'ava';
import {ChunkReader} from '../../source/audio/chunk-reader.js';

function floats(count: number): Float32Array {
	return Float32Array.from({length: count}, (_, i) => Math.sin(i * 0.37) * (i % 7) + i / 1000);
}

/** Feeds bytes in deliberately awkward pieces: never a multiple of 4 for long. */
async function feed(stream: PassThrough, bytes: Uint8Array, sizes: number[]): Promise<void> {
	let offset = 0;
	let i = 0;
	while (offset < bytes.length) {
		const size = sizes[i++ % sizes.length]!;
		const piece = Buffer.from(bytes.subarray(offset, offset + size));
		offset += size;
		if (!stream.write(piece)) await new Promise(resolve => stream.once('drain', resolve));
	}
	stream.end();
}

async function readAll(reader: ChunkReader, chunkSamples: number[]): Promise<Float32Array[]> {
	const chunks: Float32Array[] = [];
	for (let i = 0; ; i++) {
		const chunk = await reader.next(chunkSamples[i % chunkSamples.length]!);
		if (!chunk) break;
		chunks.push(chunk);
	}
	return chunks;
}

function concat(chunks: Float32Array[]): Float32Array {
	const out = new Float32Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.length;
	}
	return out;
}

for (const [name, sizes] of Object.entries({
	'one byte at a time': [1],
	'odd sizes': [3, 5, 7, 1, 13],
	'large odd reads': [65_537, 4099, 1],
})) {
	test(`frames samples exactly across ${name}`, async t => {
		const source = floats(10_007);
		const stream = new PassThrough({highWaterMark: 1024});
		const reader = new ChunkReader(stream);
		const feeding = feed(stream, new Uint8Array(source.buffer), sizes);
		const chunks = await readAll(reader, [1000, 333, 2048]);
		await feeding;
		t.deepEqual(concat(chunks), source);
		t.deepEqual(
			chunks.map(chunk => chunk.length),
			[1000, 333, 2048, 1000, 333, 2048, 1000, 333, 1912],
		);
		t.is(reader.strayBytes, 0);
	});
}

test('each chunk owns its buffer (transferable, not a view of a shared pool)', async t => {
	const stream = new PassThrough();
	const reader = new ChunkReader(stream);
	const feeding = feed(stream, new Uint8Array(floats(100).buffer), [7]);
	const first = await reader.next(10);
	t.truthy(first);
	t.is(first!.byteOffset, 0);
	t.is(first!.buffer.byteLength, 40);
	await readAll(reader, [50]);
	await feeding;
});

test('a stream that stops mid-sample drops the stray bytes', async t => {
	const stream = new PassThrough();
	const reader = new ChunkReader(stream);
	const bytes = new Uint8Array(floats(10).buffer).subarray(0, 38);
	stream.end(Buffer.from(bytes));
	const chunk = await reader.next(100);
	t.is(chunk!.length, 9);
	t.is(reader.strayBytes, 2);
	t.is(await reader.next(100), undefined);
});

test('an empty stream gives no chunk', async t => {
	const stream = new PassThrough();
	const reader = new ChunkReader(stream);
	stream.end();
	t.is(await reader.next(10), undefined);
});

test('the stream is not read beyond the requested chunk (backpressure)', async t => {
	const stream = new PassThrough({highWaterMark: 256});
	const reader = new ChunkReader(stream);
	const source = new Uint8Array(floats(100_000).buffer);
	let written = 0;
	let finished = false;
	void (async () => {
		for (let offset = 0; offset < source.length; offset += 100) {
			if (!stream.write(Buffer.from(source.subarray(offset, offset + 100)))) {
				await new Promise(resolve => stream.once('drain', resolve));
			}
			written = offset + 100;
		}
		finished = true;
		stream.end();
	})();
	await reader.next(1000);
	await new Promise(resolve => setTimeout(resolve, 50));
	// Nobody asked for more: the producer must be held back near the first chunk, not run to the end.
	t.false(finished);
	t.true(written < 4000 + 4096, `producer wrote ${written} bytes while only 4000 were asked for`);
	await readAll(reader, [100_000]);
});

test('a new chunk buffer is made as long as asked, so a later longer chunk can reuse it', async t => {
	const stream = new PassThrough();
	const reader = new ChunkReader(stream);
	const samples = floats(300);
	void feed(stream, new Uint8Array(samples.buffer), [101]);
	const first = (await reader.next(100, undefined, 200))!;
	t.is(first.length, 100);
	t.is(first.buffer.byteLength, 200 * 4);
	const second = (await reader.next(200, first.buffer as ArrayBuffer))!;
	t.is(second.buffer, first.buffer, 'the spare buffer was long enough');
	t.deepEqual(Array.from(second), Array.from(samples.subarray(100, 300)));
});
