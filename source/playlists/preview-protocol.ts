/**
 * Messages between the threaded playlist service (threaded-service.ts, main thread) and the preview's
 * worker thread (preview-server.ts). Plain data only: everything here is copied between threads.
 */
import type {BuildOptions, BuildResult} from './build.js';
import type {PlaylistTrack} from './types.js';

export type PreviewRequest =
	| {type: 'build'; id: number; options: BuildOptions}
	| {type: 'neighbours'; id: number; path: string; limit: number; weights: Readonly<Record<string, number>>; groups: readonly string[]};

export type Neighbour = {track: PlaylistTrack; distance: number};

export type PreviewReply =
	{type: 'built'; id: number; result: BuildResult} | {type: 'neighbours'; id: number; neighbours: Neighbour[]} | {type: 'failed'; id: number; message: string};
