/**
 * The worker thread of the live view's playlists preview (playlists/preview/threaded-service.ts starts it): it
 * reads the store named in its workerData itself, so the library is loaded and grouped off the thread
 * that draws the view and runs the analysis.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {servePreviews} from '../playlists/preview/preview-server.js';
import {countSlimTracks, readSlimTracks} from './store-tracks.js';

/** Which tracks the preview is built from: the store file, and the library folder when one is set. */
export type PreviewWorkerData = {store: string; root: string | undefined};

if (parentPort) {
	const {store, root} = workerData as PreviewWorkerData;
	servePreviews(
		parentPort,
		() => readSlimTracks(store, root),
		() => countSlimTracks(store, root),
	);
}
