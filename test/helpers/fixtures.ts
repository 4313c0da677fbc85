import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import {locateFfmpeg} from '../../source/audio/ffmpeg-locate.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const mediaDir = path.join(repoRoot, 'media');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

let ffmpegPath: string | undefined;
/** The ffmpeg the product would use here. */
export function ffmpeg(): string {
	ffmpegPath ??= locateFfmpeg().path;
	return ffmpegPath;
}

/** A fresh temporary folder, removed when the test ends. */
export function tempDir(t: ExecutionContext, prefix = 'playlistgen-test-'): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	t.teardown(() => fs.rmSync(dir, {recursive: true, force: true}));
	return dir;
}

/** Renders an audio file with ffmpeg's lavfi sources, e.g. synth(file, 'sine=f=440:d=3'). */
export function synth(file: string, lavfi: string, extraArgs: string[] = []): string {
	fs.mkdirSync(path.dirname(file), {recursive: true});
	const result = spawnSync(ffmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', lavfi, ...extraArgs, file], {
		encoding: 'utf8',
	});
	if (result.status !== 0) throw new Error(`ffmpeg could not render ${file}: ${result.stderr}`);
	return file;
}

/** Number of samples ffmpeg itself decodes from a file at a rate (mono), for cross-checks. */
export function ffmpegSampleCount(file: string, sampleRate: number): number {
	const result = spawnSync(ffmpeg(), ['-v', 'error', '-i', `file:${file}`, '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', 'pipe:1'], {
		maxBuffer: 1024 * 1024 * 1024,
	});
	if (result.status !== 0) throw new Error(`ffmpeg could not decode ${file}`);
	return result.stdout.length / 4;
}

export type Manifest = Array<{file: string; family: string; bpm: number; key: string; seconds: number; format: string}>;

export function bundledManifest(): Manifest {
	return JSON.parse(fs.readFileSync(path.join(mediaDir, 'tracks.json'), 'utf8')) as Manifest;
}
