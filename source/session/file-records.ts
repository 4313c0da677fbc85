/**
 * One file's run as the events and the store see it: a whole file as one track, or an album image as
 * its CUE tracks, each saved the moment it is done (a failure part-way keeps those finished). The sheet
 * is the one beside the file, else the one ffmpeg finds inside it when it reads the header. The tracks
 * an earlier run stored (the plan's `storedParts`) are not cut: their audio is decoded and passed over,
 * and their rows stay.
 */
import type {CueImage} from '../audio/cue-find.js';
import type {CueSpan} from '../audio/cue-sheet.js';
import type {InputInfo, TrackTags} from '../audio/ffmpeg-header.js';
import {cueRef, partTags, partTrack} from './image-parts.js';
import type {CueRef, ScannedImage} from '../library/track.js';
import type {LibraryStorePort} from '../library/store-port.js';
import type {TrackResult} from './track-run.js';

/** A CUE track as it begins: where it lies, and its info as if it were a file of its own. */
export type PartInfo = {cue: CueRef; durationSeconds: number | undefined; tags: TrackTags; codec: string | undefined};

export class FileRecords {
	#image: CueImage | undefined;
	#tags: TrackTags = {};
	#codec: string | undefined;
	#announced: number | undefined;
	#saved = 0;
	readonly #stored: ReadonlySet<number>;

	constructor(
		private readonly track: ScannedImage,
		private readonly store: LibraryStorePort | undefined,
		/** The sheet inside the file, if it has a usable one. */
		private readonly embedded: (info: InputInfo) => CueImage | undefined,
	) {
		this.#image = track.cue;
		this.#stored = new Set(track.storedParts);
	}

	/** CUE tracks of the image in the store: saved by this run, or by an earlier one and kept. */
	get partsInStore(): number {
		return this.#saved + this.#stored.size;
	}

	/** What ffmpeg read from the header: the image's tags and length, under each CUE track's. */
	info(info: InputInfo): void {
		({tags: this.#tags, codec: this.#codec, durationSeconds: this.#announced} = info);
	}

	/** Where to cut the stream: the image's CUE tracks not yet stored, or undefined for a whole file. */
	cut(info: InputInfo): readonly CueSpan[] | undefined {
		this.#image ??= this.embedded(info);
		const spans = this.#image?.spans;
		if (!spans || this.#stored.size === 0) return spans;
		const missing = spans.filter(span => !this.#stored.has(span.number));
		// The plan calls an image with every track stored unchanged; should it not, the whole sheet is cut again.
		return missing.length > 0 ? missing : spans;
	}

	partStart(span: CueSpan): PartInfo {
		const image = this.#image!;
		const end = span.endSeconds ?? this.#announced;
		return {
			cue: cueRef(this.track.path, image, span),
			durationSeconds: end === undefined ? undefined : end - span.startSeconds,
			tags: partTags(this.#tags, image, span),
			codec: this.#codec,
		};
	}

	/** Saves a finished track (throws what the store throws); returns its tags and place for the events. */
	save(result: TrackResult): {tags: TrackTags; cue?: CueRef} {
		const {track, store} = this;
		const image = this.#image;
		if (!result.span || !image) {
			const {durationSeconds, tags, partial, analysis} = result;
			store?.saveTrack({path: track.path, size: track.size, mtimeMs: track.mtimeMs, durationSeconds, tags, partial, analysis});
			return {tags};
		}
		const row = partTrack(track, image, result.span, result);
		// The last track runs to the end of the image: its end is known once decoded.
		row.cue!.endSeconds ??= row.cue!.startSeconds + result.durationSeconds;
		const complete = this.#saved + 1 + this.#stored.size >= image.spans.length;
		store?.saveImagePart(track, row, {replace: this.#saved === 0, complete});
		this.#saved++;
		return {tags: row.tags, cue: row.cue!};
	}
}
