import {spawn, type ChildProcessByStdio} from 'node:child_process';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {ChunkReader} from './chunk-reader.js';
import {parseInputInfo, type InputInfo} from './ffmpeg-header.js';

export type DecoderOptions = {
	ffmpegPath: string;
	file: string;
	sampleRate: number;
};

export type DecoderExit = {code: number | null; signal: NodeJS.Signals | null; message: string | undefined};

const HEAD_LIMIT = 64 * 1024;
const TAIL_LIMIT = 4 * 1024;

/**
 * ffmpeg's arguments to decode a file to float32 mono at the analysis rate on stdout.
 * The input is given as an absolute `file:` URL so that no file name (say "-x.mp3") is read as an option.
 */
export function decoderArgs(file: string, sampleRate: number): string[] {
	return [
		'-hide_banner',
		'-nostdin',
		'-nostats',
		'-v',
		'info',
		'-i',
		`file:${path.resolve(file)}`,
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

/** ffmpeg's last words that say little alone ("Invalid argument"): the line before them says why. */
const GENERIC = /^(Invalid argument|Invalid data found when processing input|Error opening input.*|Conversion failed!|Error while decoding stream.*|Nothing was written into output file.*)$/;

/** The meaningful last line(s) of ffmpeg's stderr, for an error message. */
export function lastError(stderrTail: string, file: string): string | undefined {
	const url = `file:${path.resolve(file)}`;
	const lines = stderrTail
		.split(/\r?\n/)
		.map(line => line.trim().replace(`${url}: `, '').replace(/^\[[^\]]+\] /, ''))
		.filter(line => line && !/^(size=|video:|Stream mapping|Press \[q\]|Output #|Input #|Metadata:|Duration:|Stream #)/.test(line));
	const last = lines.at(-1);
	if (!last) return undefined;
	const previous = lines.slice(0, -1).findLast(line => line !== last && !GENERIC.test(line));
	// ffmpeg prefixes errors with the input URL; the caller names the file once, in its own words.
	return GENERIC.test(last) && previous ? `${previous} (${last})` : last;
}

/** What a track run uses of a decoder; a fake one stands in for ffmpeg in tests. */
export type DecoderPort = {
	readonly reader: Pick<ChunkReader, 'next' | 'totalBytes' | 'reading'>;
	readonly info: Promise<InputInfo>;
	readonly exit: Promise<DecoderExit>;
	readonly pid: number | undefined;
	readonly killed: boolean;
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
		this.#child = spawn(options.ffmpegPath, decoderArgs(options.file, options.sampleRate), {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
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
				const message = spawnError ? `cannot start ffmpeg: ${spawnError.message}` : lastError(this.#tail, options.file);
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
		if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
		if (signal === 'SIGKILL') {
			this.#killed = true;
			this.#child.kill('SIGKILL');
			return;
		}
		if (this.#killed) return;
		this.#killed = true;
		this.#child.kill('SIGTERM');
		const timer = setTimeout(() => this.#child.kill('SIGKILL'), 1000);
		timer.unref();
		this.#child.once('close', () => clearTimeout(timer));
		// A paused stdout would hold the pipe open; let it drain so 'close' can fire.
		this.reader.discard();
	}
}
