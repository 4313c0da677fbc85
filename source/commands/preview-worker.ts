/**
 * The child process of the live view's playlists preview (playlists/preview/background-service.ts starts
 * it): it reads the store named in its data itself, so the library is loaded and grouped away from the
 * thread that draws the view and runs the analysis, and its memory leaves with the process.
 */
import {servePreviews} from '../playlists/preview/preview-server.js';
import type {PreviewReply, PreviewRequest} from '../playlists/preview/preview-protocol.js';
import {moduleProcessData, parentProcessPort} from '../util/module-process.js';
import {countSlimTracks, readSlimTracks} from './store-tracks.js';

/** Which tracks the preview is built from: the store file, and the library folder when one is set. */
export type PreviewWorkerData = {store: string; root: string | undefined};

const port = parentProcessPort<PreviewRequest, PreviewReply>();
if (port) {
	const {store, root} = moduleProcessData<PreviewWorkerData>();
	servePreviews(
		port,
		() => readSlimTracks(store, root),
		() => countSlimTracks(store, root),
	);
}
