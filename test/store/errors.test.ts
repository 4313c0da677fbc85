import test from 'ava';
import {sqliteModuleProblem} from '../../source/store/errors.js';

/** What Node.js 24 says of a module compiled for Node.js 22 (its words and line breaks). */
const ABI_MISMATCH = Object.assign(
	new Error(
		"The module '/usr/lib/node_modules/playlistgen/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
			'was compiled against a different Node.js version using\n' +
			'NODE_MODULE_VERSION 127. This version of Node.js requires\n' +
			'NODE_MODULE_VERSION 137. Please try re-compiling or re-installing\n' +
			'the module (for instance, using `npm rebuild` or `npm install`).',
	),
	{code: 'ERR_DLOPEN_FAILED'},
);

test("better-sqlite3 compiled for another Node.js: said as that, with the fix, not as the store's fault", t => {
	const message = sqliteModuleProblem(ABI_MISMATCH, '/usr/lib/node_modules/playlistgen');
	t.is(
		message,
		`better-sqlite3, the SQLite module playlistgen keeps its store with, was compiled for another Node.js (NODE_MODULE_VERSION 127; this Node.js ${process.version} needs 137): ` +
			'rebuild it for this Node.js with "npm rebuild better-sqlite3" in /usr/lib/node_modules/playlistgen, or install playlistgen again. The store itself is not touched.',
	);
});

test('other load failures of the module are said with their first line; other errors are not taken for one', t => {
	const elf = Object.assign(new Error('/x/better_sqlite3.node: invalid ELF header\nmore'), {code: 'ERR_DLOPEN_FAILED'});
	t.regex(sqliteModuleProblem(elf, '/p') ?? '', /cannot be loaded \(\/x\/better_sqlite3\.node: invalid ELF header\): rebuild it/);
	t.regex(
		sqliteModuleProblem(new Error('Could not locate the bindings file. Tried:\n → /x'), '/p') ?? '',
		/cannot be loaded \(Could not locate the bindings file\. Tried:\)/,
	);
	t.is(sqliteModuleProblem(Object.assign(new Error('unable to open database file'), {code: 'SQLITE_CANTOPEN'}), '/p'), undefined);
	t.is(sqliteModuleProblem(Object.assign(new Error('no such file'), {code: 'ENOENT'}), '/p'), undefined);
});
