import {spawn, type ChildProcess, type ChildProcessByStdio} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {hasRawBytes, pathToBytes} from '../util/raw-path.js';
import {ChunkReader} from './chunk-reader.js';
import {lastError} from './ffmpeg-errors.js';
import {parseInputInfo, type InputInfo} from './ffmpeg-header.js';

export type DecoderOptions = {
	ffmpegPath: string;
	file: string;
	sampleRate: number;
};

export type DecoderExit = {code: number | null; signal: NodeJS.Signals | null; message: string | undefined};

const HEAD_LIMIT = 64 * 1024;
const TAIL_LIMIT = 4 * 1024;

/** The descriptor a file with a name that is not UTF-8 is handed to ffmpeg on. */
const INPUT_FD = 3;

/**
 * How ffmpeg is to open a file: an absolute `file:` URL, so that no file name (say "-x.mp3") is read as
 * an option. A name that is not UTF-8 cannot be an argument (arguments are strings): that file is opened
 * here, by its bytes, and ffmpeg reads it as /dev/fd/3, which it can seek like the file itself.
 */
export function decoderInput(file: string): {url: string; fd?: number} {
	if (!hasRawBytes(file)) return {url: `file:${path.resolve(file)}`};
	try {
		return {url: `file:/dev/fd/${INPUT_FD}`, fd: fs.openSync(pathToBytes(path.resolve(file)), 'r')};
	} catch {
		// Gone since the scan: let ffmpeg say so in its words, as for any other file.
		return {url: `file:${path.resolve(file)}`};
	}
}

/** ffmpeg's arguments to decode a file (see decoderInput) to float32 mono at the analysis rate on stdout. */
export function decoderArgs(file: string, sampleRate: number, input = `file:${path.resolve(file)}`): string[] {
	return [
		'-hide_banner',
		'-nostdin',
		'-nostats',
		'-v',
		'info',
		'-i',
		input,
		'-map',
		'0:a:0',
		'-vn',
		'-sn',
		'-dn',
		'-map_metadata',
		'-1',
		'-ac',
		'1',
		'-ar',
		String(sampleRate),
		'-f',
		'f32le',
		'-c:a',
		'pcm_f32le',
		// Fill ffmpeg's 32 KiB output buffer before each write, instead of a write per decoded packet
		// (2.3 KiB at this rate): a fifth of the decode time was spent in pipe writes.
		'-flush_packets',
		'0',
		'pipe:1',
	];
}

/** Which decoder read a track, and, when it was not ffmpeg, why ffmpeg did not. */
export type ReadBy = {decoder: string; ffmpegError?: string};

/** What a track run uses of a decoder; a fake one stands in for ffmpeg in tests. */
export type DecoderPort = {
	readonly reader: Pick<ChunkReader, 'next' | 'totalBytes' | 'reading'>;
	readonly info: Promise<InputInfo>;
	readonly exit: Promise<DecoderExit>;
	readonly pid: number | undefined;
	readonly killed: boolean;
	/** Which decoder read the track (ffmpeg when absent). */
	readonly readBy?: ReadBy;
	kill(signal?: 'SIGTERM' | 'SIGKILL'): void;
};

/** One ffmpeg child decoding one track, read chunk by chunk. */
export class Decoder implements DecoderPort {
	readonly reader: ChunkReader;
	readonly info: Promise<InputInfo>;
	readonly exit: Promise<DecoderExit>;
	readonly #child: ChildProcessByStdio<null, Readable, Readable>;
	#head = '';
	#tail = '';
	#killed = false;

	constructor(readonly options: DecoderOptions) {
		const input = decoderInput(options.file);
		try {
			this.#child = spawn(options.ffmpegPath, decoderArgs(options.file, options.sampleRate, input.url), {
				stdio: ['ignore', 'pipe', 'pipe', ...(input.fd === undefined ? [] : [input.fd])],
			}) as ChildProcessByStdio<null, Readable, Readable>;
		} finally {
			// The child has its own copy of the descriptor.
			if (input.fd !== undefined) fs.closeSync(input.fd);
		}
		this.reader = new ChunkReader(this.#child.stdout);
		let resolveInfo: (info: InputInfo) => void;
		this.info = new Promise(resolve => {
			resolveInfo = resolve;
		});
		let infoDone = false;
		this.#child.stderr.setEncoding('utf8');
		this.#child.stderr.on('data', (text: string) => {
			if (this.#head.length < HEAD_LIMIT) this.#head += text.slice(0, HEAD_LIMIT - this.#head.length);
			this.#tail = (this.#tail + text).slice(-TAIL_LIMIT);
			if (!infoDone && /Stream mapping:|Output #0/.test(this.#head)) {
				infoDone = true;
				resolveInfo(parseInputInfo(this.#head));
			}
		});
		this.exit = new Promise(resolve => {
			let spawnError: Error | undefined;
			this.#child.on('error', error => {
				spawnError = error;
			});
			this.#child.on('close', (code, signal) => {
				if (!infoDone) {
					infoDone = true;
					resolveInfo(parseInputInfo(this.#head));
				}
				const message = spawnError ? `cannot start ffmpeg: ${spawnError.message}` : lastError(this.#tail, input.url);
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

	get stderrHead(): string {
		return this.#head;
	}

	/**
	 * Stops the child: SIGTERM, then SIGKILL if it has not gone within a second. `SIGKILL` stops it
	 * now, for a process about to exit that cannot wait for the second.
	 */
	kill(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): void {
		this.#killed = stopChild(this.#child, this.reader, signal, this.#killed);
	}
}

/**
 * Stops a decoder's child and says whether it is being stopped: SIGKILL at once, or SIGTERM (once) with
 * SIGKILL a second later. A child that has exited is left as it is.
 */
export function stopChild(child: ChildProcess, reader: Pick<ChunkReader, 'discard'>, signal: 'SIGTERM' | 'SIGKILL', stopping: boolean): boolean {
	if (child.exitCode !== null || child.signalCode !== null) return stopping;
	if (signal === 'SIGKILL') child.kill('SIGKILL');
	else if (!stopping) terminate(child, reader);
	return true;
}

/** SIGTERM, then SIGKILL if the child has not gone within a second; its output is drained meanwhile. */
function terminate(child: ChildProcess, reader: Pick<ChunkReader, 'discard'>): void {
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
	timer.unref();
	child.once('close', () => clearTimeout(timer));
	// A paused stdout would hold the pipe open; let it drain so 'close' can fire.
	reader.discard();
}
