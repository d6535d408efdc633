// Lint rules on top of the type checker: the recommended sets, plus what keeps async code honest
// and what keeps regular expressions linear.
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-artifacts/', 'bench/results/', 'web/dist/', 'web/dist.*/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // node:test's test() and describe() return promises that the runner itself awaits.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  // Regular expressions: a pattern that can backtrack (or be retried at every position) super-linearly
  // lets one request's text stall the whole server. test/regex-safety.test.ts holds the same proof.
  regexp.configs.recommended,
  {
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      // Matching control characters is what the field rules are for.
      'no-control-regex': 'off',
      'regexp/control-character-escape': 'off',
      // Style only: [A-Za-z0-9_] and (…) groups read as well as \w, the i flag and (?:…); а-я is the alphabet.
      'regexp/prefer-w': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/no-unused-capturing-group': 'off',
      'regexp/no-obscure-range': 'off',
    },
  },
);
