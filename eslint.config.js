// One lint configuration for code, tests, benchmarks and scripts. Formatting is Prettier's job
// (eslint-config-prettier turns off the rules that would fight it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
	{ignores: ['dist/', 'coverage/', 'node_modules/', 'bench/tmp/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {globals: {...globals.node}},
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
			// Best-effort clean-ups (close, unlink, probe) are allowed to fail silently, nothing else is.
			'no-empty': ['error', {allowEmptyCatch: true}],
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true}],
			// import() in a type position is how a test names the type of a module it loads lazily.
			'@typescript-eslint/consistent-type-imports': ['error', {disallowTypeAnnotations: false}],
		},
	},
	{
		// Tests look for terminal escape codes on purpose.
		files: ['test/**'],
		rules: {'no-control-regex': 'off'},
	},
	prettier,
);
