import {FastFrameExtractor} from './fast-extractor.js';
import type {ExtractorEngine, FrameExtractor, FrameExtractorOptions} from './frame-features.js';
import {MeydaFrameExtractor} from './meyda-extractor.js';

/** An extractor by name. Meyda itself is loaded only when its extractor is made: workers on the fast path never load it. */
export function createFrameExtractor(engine: ExtractorEngine, options: FrameExtractorOptions): FrameExtractor {
	return engine === 'meyda' ? new MeydaFrameExtractor(options) : new FastFrameExtractor(options);
}
