/** A real MPD of a test's own (Debian's mpd and mpc), on a socket in the test's home, with no audio output. */
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {findOnPath} from '../../source/audio/ffmpeg-locate.js';

export const mpdBinary = findOnPath('mpd');
export const mpcBinary = findOnPath('mpc');

export type MpdFolders = {home: string; music: string; playlists: string};

/** Starts MPD (killed at the test's end), waits for its socket, and returns an `mpc` that throws on failure. */
export async function startMpd(t: ExecutionContext, {home, music, playlists}: MpdFolders): Promise<(...args: string[]) => string[]> {
	if (!mpdBinary || !mpcBinary) throw new Error('mpd and mpc are not installed');
	const socket = path.join(home, 'mpd.socket');
	fs.writeFileSync(
		path.join(home, 'mpd.conf'),
		[
			`music_directory "${music}"`,
			`playlist_directory "${playlists}"`,
			`db_file "${path.join(home, 'mpd.db')}"`,
			`log_file "${path.join(home, 'mpd.log')}"`,
			`bind_to_address "${socket}"`,
			'audio_output {\n\ttype "null"\n\tname "null"\n}',
		].join('\n') + '\n',
	);
	const daemon = spawn(mpdBinary, ['--no-daemon', path.join(home, 'mpd.conf')], {stdio: 'ignore'});
	t.teardown(() => daemon.kill('SIGKILL'));
	for (let tries = 0; !fs.existsSync(socket) && tries < 100; tries++) await new Promise(resolve => setTimeout(resolve, 100));
	const mpc = mpcBinary;
	return (...args: string[]) => {
		const result = spawnSync(mpc, args, {env: {...process.env, MPD_HOST: socket}, encoding: 'utf8'});
		if (result.status !== 0) throw new Error(`mpc ${args.join(' ')}: ${result.stderr}`);
		return result.stdout.split('\n').filter(Boolean);
	};
}
