/** The scanned track as the session's pipelines name it; the track model lives in library/. */
export type {ScannedImage} from '../library/track.js';
