/**
 * The second decoder, for files ffmpeg refuses or stops on part-way: a child process (fallback-child.ts)
 * that streams the same float32 mono at the analysis rate on a pipe, read by the same ChunkReader, so
 * that chunks, backpressure, the watchdog and the memory model treat it as they treat ffmpeg.
 */
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {moduleNodeOptions, ranOutOfHeap} from '../util/module-process.js';
import {moduleWorkerUrl} from '../util/module-worker.js';
import {nativePath} from '../util/raw-path.js';
import {ChunkReader} from './chunk-reader.js';
import {stopChild, type DecoderExit, type DecoderPort} from './decoder.js';
import type {InputInfo} from './ffmpeg-header.js';
import {isOggVorbis} from './ogg-vorbis.js';

/** The second decoder's name, as track events and `stats` give it. */
export const FALLBACK_DECODER = 'ogg-vorbis';
/** What it reads, for messages. */
export const FALLBACK_FORMAT = 'Ogg Vorbis';

const TAIL_LIMIT = 4 * 1024;

/** Whether the second decoder reads this kind of file (by its first bytes, not its name). */
export function fallbackReads(file: string): boolean {
	try {
		const fd = fs.openSync(nativePath(path.resolve(file)), 'r');
		try {
			const head = Buffer.alloc(64);
			return isOggVorbis(head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)));
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		return false;
	}
}

/** The command that runs the child: the built script, or the TypeScript one under tsx (tests). */
function childCommand(sampleRate: number): string[] {
	const url = moduleWorkerUrl('audio/fallback-child', import.meta.url);
	const script = fileURLToPath(url);
	// A small heap: the child makes short-lived blocks of a few kilobytes, and V8 left to itself lets
	// their garbage grow with the length of the file (a 60-minute file peaked 60 % above a 3-minute one).
	// The old space leaves room for the start, where the decoder's WebAssembly is unpacked: 13.7 MB live
	// on Node 24 (12.1 on Node 20), 16.4 under tsx, which a 16 MiB limit stopped one time in five; about
	// 5.5 MB after. At 24 MiB a 60-minute file still peaks within 9 % of a 3-minute one (32: 16–22 %).
	return [...moduleNodeOptions(script, {semiSpaceMb: 1, maxOldSpaceMb: 24}), script, String(sampleRate)];
}

/** One child decoding one file with the second decoder, read chunk by chunk. */
export class FallbackDecoder implements DecoderPort {
	readonly reader: ChunkReader;
	readonly info: Promise<InputInfo>;
	readonly exit: Promise<DecoderExit>;
	readonly #child: ChildProcessByStdio<null, Readable, Readable>;
	#killed = false;

	constructor(options: {file: string; sampleRate: number}) {
		const fd = fs.openSync(nativePath(path.resolve(options.file)), 'r');
		try {
			this.#child = spawn(process.execPath, childCommand(options.sampleRate), {stdio: ['ignore', 'pipe', 'pipe', fd]}) as ChildProcessByStdio<
				null,
				Readable,
				Readable
			>;
		} finally {
			// The child has its own copy of the descriptor.
			fs.closeSync(fd);
		}
		this.reader = new ChunkReader(this.#child.stdout);
		let resolveInfo: (info: InputInfo) => void;
		this.info = new Promise(resolve => {
			resolveInfo = resolve;
		});
		let pending = '';
		let tail = '';
		this.#child.stderr.setEncoding('utf8');
		this.#child.stderr.on('data', (text: string) => {
			pending += text;
			for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
				const line = pending.slice(0, end);
				pending = pending.slice(end + 1);
				if (line.startsWith('info ')) resolveInfo(JSON.parse(line.slice(5)) as InputInfo);
				else tail = (tail + line + '\n').slice(-TAIL_LIMIT);
			}
		});
		this.exit = new Promise(resolve => {
			let spawnError: Error | undefined;
			this.#child.on('error', error => {
				spawnError = error;
			});
			this.#child.on('close', (code, signal) => {
				resolveInfo({tags: {}});
				const said = (tail + pending).trim();
				const last = said.split('\n').at(-1);
				const message = spawnError
					? `cannot start: ${spawnError.message}`
					: ranOutOfHeap(said)
						? 'the second decoder ran out of memory'
						: last?.startsWith('error ')
							? last.slice(6)
							: last || undefined;
				resolve({code, signal, message});
			});
		});
	}

	get pid(): number | undefined {
		return this.#child.pid;
	}

	get killed(): boolean {
		return this.#killed;
	}

	kill(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): void {
		this.#killed = stopChild(this.#child, this.reader, signal, this.#killed);
	}
}
