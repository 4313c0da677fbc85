import {execFile, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export type FfmpegLocation = {
	path: string;
	source: string;
	version: string;
	/** No usable ffmpeg was found (path is empty): why, and how to get one. Only the second decoder reads. */
	missing?: string;
};

export class FfmpegNotFoundError extends Error {
	constructor(detail: string) {
		super(
			`${detail}\n` +
				"playlistgen needs ffmpeg to decode audio. Install it with your system's package manager " +
				'(Debian/Ubuntu: sudo apt install ffmpeg; Fedora: sudo dnf install ffmpeg; macOS: brew install ffmpeg; ' +
				'Alpine: apk add ffmpeg), or point to a binary with --ffmpeg PATH, ffmpegPath in .playlistgenrc, or FFMPEG_PATH.',
		);
		this.name = 'FfmpegNotFoundError';
	}
}

function isExecutableFile(file: string): boolean {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

/** `which ffmpeg`, without spawning a shell. */
export function findOnPath(name: string, envPath = process.env['PATH'] ?? ''): string | undefined {
	for (const dir of envPath.split(path.delimiter)) {
		if (!dir) continue;
		const candidate = path.join(dir, name);
		if (isExecutableFile(candidate)) return candidate;
	}
	return undefined;
}

type Probe = {ok: true; version: string} | {ok: false; reason: string};

function checkFile(file: string): Probe | undefined {
	if (!fs.existsSync(file)) return {ok: false, reason: 'no such file'};
	if (!isExecutableFile(file)) return {ok: false, reason: 'not an executable file'};
	return undefined;
}

/** What `ffmpeg -version` answered: the binary must start and say it is ffmpeg. */
function probeAnswer(result: {error?: Error | null; status: number | null; signal?: string | null; stdout: string}): Probe {
	if (result.error) return {ok: false, reason: result.error.message};
	const firstLine = (result.stdout ?? '').split('\n')[0] ?? '';
	if (result.status !== 0 || !/^ffmpeg version /.test(firstLine)) {
		return {ok: false, reason: `does not answer like ffmpeg (exit ${result.status ?? result.signal}: ${firstLine.slice(0, 80) || 'no output'})`};
	}
	return {ok: true, version: firstLine.replace(/^ffmpeg version /, '').split(' ')[0]!};
}

/** Runs `ffmpeg -version`: the binary must start and say it is ffmpeg. */
export function probeFfmpeg(file: string): Probe {
	const problem = checkFile(file);
	if (problem) return problem;
	const result = spawnSync(file, ['-hide_banner', '-version'], {encoding: 'utf8', timeout: 10_000});
	return probeAnswer({error: result.error, status: result.status, signal: result.signal, stdout: result.stdout});
}

/** probeFfmpeg without blocking: the process starts while other start-up work goes on. */
export async function probeFfmpegAsync(file: string): Promise<Probe> {
	const problem = checkFile(file);
	if (problem) return problem;
	return new Promise(resolve => {
		execFile(file, ['-hide_banner', '-version'], {encoding: 'utf8', timeout: 10_000}, (error, stdout) => {
			// A non-zero exit is an error here: keep its status, not its message.
			const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
			resolve(probeAnswer({error: error && typeof error.code !== 'number' && !error.signal ? error : null, status, signal: error?.signal ?? null, stdout}));
		});
	});
}

function optionalPackageBinary(name: string): string | undefined {
	try {
		const exported = require(name) as unknown;
		const file = typeof exported === 'string' ? exported : (exported as {path?: unknown})?.path;
		return typeof file === 'string' ? file : undefined;
	} catch {
		// Not installed (its download failed, or this platform has no build): try the next one.
		return undefined;
	}
}

export type Candidate = {path: string | undefined; source: string};

function candidates(): Candidate[] {
	return [
		{path: findOnPath('ffmpeg'), source: 'PATH'},
		{path: optionalPackageBinary('ffmpeg-static'), source: 'ffmpeg-static'},
		{path: optionalPackageBinary('@ffmpeg-installer/ffmpeg'), source: '@ffmpeg-installer/ffmpeg'},
	];
}

function unusableExplicit(explicit: {path: string; source: string}, reason: string): FfmpegNotFoundError {
	return new FfmpegNotFoundError(`The ffmpeg named by ${explicit.source} (${explicit.path}) cannot be used: ${reason}.`);
}

/**
 * No ffmpeg anywhere: the run goes on with the second decoder alone, which reads only Ogg Vorbis, and
 * says so once with how to install ffmpeg. (An ffmpeg named explicitly that cannot be used stays an error.)
 */
function noneFound(tried: string[]): FfmpegLocation {
	const found = tried.length > 0 ? `No usable ffmpeg found; tried ${tried.join('; ')}.` : 'No ffmpeg found on PATH or in the optional packages.';
	const {message} = new FfmpegNotFoundError(`${found} Only Ogg Vorbis files can be analysed without it.`);
	return {path: '', source: 'not found', version: 'missing', missing: message};
}

/**
 * Finds a usable ffmpeg: an explicit path (--ffmpeg, ffmpegPath, FFMPEG_PATH) first and only, else
 * `ffmpeg` on PATH, ffmpeg-static's binary, then @ffmpeg-installer/ffmpeg's; with none of them, a
 * location that says ffmpeg is missing. `found` stands in for that search in tests.
 */
export function locateFfmpeg(explicit?: {path: string; source: string}, found: Candidate[] = candidates()): FfmpegLocation {
	if (explicit) {
		const probe = probeFfmpeg(explicit.path);
		if (probe.ok) return {path: explicit.path, source: explicit.source, version: probe.version};
		throw unusableExplicit(explicit, probe.reason);
	}
	const tried: string[] = [];
	for (const candidate of found) {
		if (!candidate.path) continue;
		const probe = probeFfmpeg(candidate.path);
		if (probe.ok) return {path: candidate.path, source: candidate.source, version: probe.version};
		tried.push(`${candidate.path} (${candidate.source}): ${probe.reason}`);
	}
	return noneFound(tried);
}

/** locateFfmpeg without blocking while ffmpeg answers. */
export async function locateFfmpegAsync(explicit?: {path: string; source: string}): Promise<FfmpegLocation> {
	if (explicit) {
		const probe = await probeFfmpegAsync(explicit.path);
		if (probe.ok) return {path: explicit.path, source: explicit.source, version: probe.version};
		throw unusableExplicit(explicit, probe.reason);
	}
	const tried: string[] = [];
	for (const candidate of candidates()) {
		if (!candidate.path) continue;
		const probe = await probeFfmpegAsync(candidate.path);
		if (probe.ok) return {path: candidate.path, source: candidate.source, version: probe.version};
		tried.push(`${candidate.path} (${candidate.source}): ${probe.reason}`);
	}
	return noneFound(tried);
}
