import fs from 'node:fs';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {tempDir} from './fixtures.js';

export type Sandbox = {
	/** Stands for the home folder: the upward search stops here. */
	home: string;
	/** The working directory, two folders below home. */
	cwd: string;
	/** $XDG_CONFIG_HOME */
	xdg: string;
	env: NodeJS.ProcessEnv;
	/** Writes a file relative to home; returns its path. */
	write: (relative: string, text: string) => string;
};

/** A home folder with a project/sub working directory and its own XDG folders: nothing of the user's is read. */
export function sandbox(t: ExecutionContext): Sandbox {
	const home = fs.realpathSync(tempDir(t, 'playlistgen-config-'));
	const cwd = path.join(home, 'project', 'sub');
	fs.mkdirSync(cwd, {recursive: true});
	const xdg = path.join(home, 'xdg-config');
	const env = {HOME: home, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: path.join(home, 'cache'), PATH: process.env['PATH']};
	const write = (relative: string, text: string) => {
		const file = path.join(home, relative);
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, text);
		return file;
	};
	return {home, cwd, xdg, env, write};
}
