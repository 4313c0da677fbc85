import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {scanLibrary} from '../../source/audio/scan.js';
import {compileGlob, excludeMatcher, GlobError, splitList} from '../../source/config/glob.js';
import {tempDir} from '../helpers/fixtures.js';

function matches(pattern: string, relativePath: string, isDirectory = false): boolean {
	return excludeMatcher([pattern])!(relativePath, isDirectory);
}

test('* and ? stay inside one path segment', t => {
	t.true(matches('*.m3u', 'list.m3u'));
	t.true(matches('*.m3u', 'a/b/list.m3u'), 'a pattern without / matches at any depth');
	t.false(matches('a/*.mp3', 'a/b/c.mp3'));
	t.true(matches('a/*.mp3', 'a/c.mp3'));
	t.true(matches('track-??.mp3', 'track-01.mp3'));
	t.false(matches('track-??.mp3', 'track-1.mp3'));
	t.false(matches('a?b', 'a/b'));
	t.true(matches('*', '.hidden'), 'dot files are not special, as in .gitignore');
});

test('** matches any number of whole segments, none included', t => {
	t.true(matches('**/live/*.mp3', 'live/x.mp3'));
	t.true(matches('**/live/*.mp3', 'a/b/live/x.mp3'));
	t.false(matches('**/live/*.mp3', 'a/b/alive/x.mp3'));
	t.true(matches('a/**/b', 'a/b'));
	t.true(matches('a/**/b', 'a/x/y/b'));
	t.true(matches('Audiobooks/**', 'Audiobooks/x/y.mp3'));
	t.true(matches('Audiobooks/**', 'Audiobooks', true), 'the folder itself, so the scan skips it unopened');
	t.false(matches('Audiobooks/**', 'More Audiobooks/x.mp3'));
	t.true(matches('a**b', 'axxb'), '** inside a segment is a *');
	t.false(matches('a**b', 'a/b'));
});

test('character classes, ranges and negation', t => {
	t.true(matches('disc[12].flac', 'disc1.flac'));
	t.false(matches('disc[12].flac', 'disc3.flac'));
	t.true(matches('[a-c]*.mp3', 'b.mp3'));
	t.false(matches('[a-c]*.mp3', 'd.mp3'));
	t.true(matches('[!a-c]*.mp3', 'd.mp3'));
	t.true(matches('[^a-c]*.mp3', 'd.mp3'));
	t.false(matches('[!a-c]*.mp3', 'a.mp3'));
	t.true(matches('x[-_]y', 'x-y'));
	t.true(matches('x[]]y', 'x]y'));
	t.false(matches('a[/]b', 'a/b'), 'a class never matches the separator');
});

test('brace alternatives, nested, holding globs', t => {
	t.true(matches('**/{Podcasts,Audiobooks}/**', 'x/Podcasts/y.mp3'));
	t.true(matches('**/{Podcasts,Audiobooks}/**', 'Audiobooks/y.mp3'));
	t.false(matches('**/{Podcasts,Audiobooks}/**', 'Music/y.mp3'));
	t.true(matches('*.{mp3,fl{ac,x}}', 'a.flx'));
	t.true(matches('{a/*,b}.mp3', 'a/z.mp3'));
	t.true(matches('x{,y}.mp3', 'x.mp3'), 'an empty alternative');
});

test('anchoring, trailing slash, escapes and literal characters', t => {
	t.true(matches('/Incoming', 'Incoming', true));
	t.false(matches('/Incoming', 'a/Incoming', true));
	t.true(matches('Incoming', 'a/Incoming', true));
	t.true(matches('Incoming/', 'a/Incoming', true));
	t.false(matches('Incoming/', 'a/Incoming', false), 'a trailing / matches folders only');
	t.true(matches('\\*.mp3', '*.mp3'));
	t.false(matches('\\*.mp3', 'a.mp3'));
	t.true(matches('(live) +1.mp3', '(live) +1.mp3'), 'regular expression characters are literal');
	t.false(matches('a.mp3', 'aXmp3'));
	t.false(matches('Podcasts', 'podcasts', true), 'case-sensitive');
});

test('patterns that cannot be read are refused with the reason', t => {
	for (const [pattern, reason] of [
		['[abc', /"\[" without its "\]"/],
		['{a,b', /"\{" without its "\}"/],
		['!Podcasts', /negated patterns are not supported/],
		['', /empty/],
		['a\\', /lone backslash/],
		['/', /nothing but the library/],
	] as const) {
		const error = t.throws(() => compileGlob(pattern), {instanceOf: GlobError}, pattern);
		t.regex(error.message, reason);
	}
});

test('splitList leaves commas inside braces and classes alone', t => {
	t.deepEqual(splitList('**/{Podcasts,Audiobooks}/**, *.m3u ,[,]x'), ['**/{Podcasts,Audiobooks}/**', '*.m3u', '[,]x']);
	t.deepEqual(splitList(' , a,,b '), ['a', 'b']);
	t.deepEqual(splitList('a\\,b,c'), ['a\\,b', 'c']);
});

test('no patterns, no matcher', t => {
	t.is(excludeMatcher([]), undefined);
});

test('the scan skips excluded files and folders, and .notmusic folders', async t => {
	const root = tempDir(t);
	const files = ['keep.mp3', 'Podcasts/ep1.mp3', 'a/Podcasts/ep2.mp3', 'Rock/song.mp3', 'Rock/song.part.mp3', 'Books/b.mp3', 'Marked/m.mp3'];
	for (const file of files) {
		fs.mkdirSync(path.join(root, path.dirname(file)), {recursive: true});
		fs.writeFileSync(path.join(root, file), 'x');
	}
	fs.writeFileSync(path.join(root, 'Marked', '.notmusic'), '');
	const seen: Array<[string, boolean]> = [];
	const matcher = excludeMatcher(['Podcasts/', '**/*.part.mp3', '/Books/**'])!;
	const {tracks} = await scanLibrary(root, {
		extensions: ['mp3'],
		isExcluded(relativePath, isDirectory) {
			seen.push([relativePath, isDirectory]);
			return matcher(relativePath, isDirectory);
		},
	});
	t.deepEqual(tracks.map(track => path.relative(root, track.path)).sort(), ['Rock/song.mp3', 'keep.mp3']);
	t.false(
		seen.some(([relative]) => relative.startsWith('Books/')),
		'an excluded folder is not opened',
	);
});
