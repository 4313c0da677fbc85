/** The choices of the playlist settings: the configuration offers them, playlists/ acts on them. */
import type {FeatureGroup} from '../analysis/vector.js';

/** How tracks are grouped into playlists. */
export const PLAYLIST_STRATEGIES = ['clusters', 'bands', 'radio'] as const;
export type PlaylistStrategy = (typeof PLAYLIST_STRATEGIES)[number];
/** The file formats playlists are written in. */
/** `m3u` is M3U8's content under the name MPD lists stored playlists by. */
export const PLAYLIST_FORMATS = ['m3u8', 'm3u', 'xspf', 'json'] as const;
export type PlaylistFormat = (typeof PLAYLIST_FORMATS)[number];

/**
 * The player M3U playlists are written for, which decides how a CUE track is named: MPD's
 * `album.cue/track0001`, or for any other player the image with VLC's start and stop times.
 */
export const PLAYLIST_PLAYERS = ['any', 'mpd'] as const;
export type PlaylistPlayer = (typeof PLAYLIST_PLAYERS)[number];

/** The weight of each feature group in the distance between two tracks; a group left out counts 1. */
export type FeatureWeights = Partial<Record<FeatureGroup, number>>;
