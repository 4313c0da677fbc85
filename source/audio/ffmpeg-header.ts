export type TrackTags = {
	artist?: string;
	album?: string;
	title?: string;
	trackNumber?: number;
	albumArtist?: string;
	genre?: string;
};

export type InputInfo = {
	durationSeconds?: number;
	/** The duration is a guess from the file size and bitrate (an MP3 without a frame count): no yardstick for a short decode. */
	durationEstimated?: boolean;
	tags: TrackTags;
	codec?: string;
	inputSampleRate?: number;
	/** The container's format name (`flac`, `ogg`, `wav` …). */
	format?: string;
	/** Chapters, as a FLAC's embedded CUESHEET block shows them. */
	chapters?: Chapter[];
	/** A cue sheet carried as a tag (CUESHEET in FLAC and WavPack files). */
	cuesheet?: string;
};

export type Chapter = {startSeconds: number; endSeconds: number; title?: string};

/**
 * A title as ffmpeg prints it: several TITLE tags of one file come joined with ";" ("Living
 * Caves;Crossroads;Desert"); the first is the title. A title that has a "; " of its own keeps it.
 */
export function firstTitle(value: string): string {
	return value.split(/;(?! )/)[0]!.trim() || value.trim();
}

/** Tag names as ffmpeg prints them, lower-cased, to our fields. */
const TAG_FIELDS: Record<string, keyof TrackTags> = {
	artist: 'artist',
	album: 'album',
	title: 'title',
	track: 'trackNumber',
	album_artist: 'albumArtist',
	albumartist: 'albumArtist',
	genre: 'genre',
};

/**
 * Reads what ffmpeg prints about its input on stderr (at -v info): the duration, the codec and the tags,
 * from the container or, for Ogg/Opus/FLAC, from the stream. Saves a separate probe process per track.
 */
export function parseInputInfo(stderr: string): InputInfo {
	const info: InputInfo = {tags: {}};
	const start = stderr.indexOf('Input #0');
	if (start === -1) return info;
	// Printed by the demuxer before its Input #0 block.
	if (/Estimating duration from bitrate/.test(stderr.slice(0, start))) info.durationEstimated = true;
	let end = stderr.indexOf('Stream mapping:', start);
	if (end === -1) end = stderr.indexOf('Output #0', start);
	const block = stderr.slice(start, end === -1 ? undefined : end);
	const format = /^Input #0, ([^,\s]+)/.exec(block)?.[1];
	if (format) info.format = format;
	const raw = new Map<string, string>();
	const chapters: Chapter[] = [];
	let inChapters = false;
	let lastKey: string | undefined;
	for (const line of block.split(/\r?\n/)) {
		const chapter = /^\s+Chapter #0[:.](\d+): start (-?\d+(?:\.\d+)?), end (-?\d+(?:\.\d+)?)/.exec(line);
		if (chapter) {
			chapters.push({startSeconds: Number(chapter[2]), endSeconds: Number(chapter[3])});
			inChapters = true;
			lastKey = undefined;
			continue;
		}
		if (/^\s+Stream #/.test(line)) inChapters = false;
		// A chapter's own metadata (indented 8 spaces against the file's 4) is not the file's.
		if (inChapters && /^\s{8,}/.test(line)) {
			const title = /^\s+title\s*: (.*)$/i.exec(line)?.[1]?.trim();
			if (title) chapters.at(-1)!.title = title;
			continue;
		}
		const duration = /^\s+Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(line);
		if (duration) {
			info.durationSeconds = Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
			lastKey = undefined;
			continue;
		}
		const stream = /^\s+Stream #0:\d+.*?: Audio: ([^,\s]+)[^,]*, (\d+) Hz/.exec(line);
		if (stream) {
			info.codec ??= stream[1];
			info.inputSampleRate ??= Number(stream[2]);
			lastKey = undefined;
			continue;
		}
		const continuation = /^\s+: (.*)$/.exec(line);
		if (continuation && lastKey) {
			raw.set(lastKey, `${raw.get(lastKey)}\n${continuation[1]}`);
			continue;
		}
		const pair = /^\s{4,}([^:]+?)\s*: (.*)$/.exec(line);
		if (pair) {
			const key = pair[1]!.trim().toLowerCase();
			lastKey = raw.has(key) ? undefined : key;
			if (!raw.has(key)) raw.set(key, pair[2]!);
		}
	}
	if (chapters.length > 0) info.chapters = chapters;
	const cuesheet = raw.get('cuesheet');
	if (cuesheet && cuesheet.trim() !== '') info.cuesheet = cuesheet;
	for (const [key, value] of raw) {
		const field = TAG_FIELDS[key];
		if (!field || value.trim() === '') continue;
		if (field === 'trackNumber') {
			const number = Number.parseInt(value, 10);
			if (Number.isFinite(number)) info.tags.trackNumber = number;
		} else {
			info.tags[field] = field === 'title' ? firstTitle(value) : value.trim();
		}
	}
	return info;
}
