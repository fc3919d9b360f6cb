// Lint: the recommended rules, type-aware for TypeScript (floating promises, unused code), and the pages'
// scripts as browser ES modules (tsc type-checks them from their JSDoc). `npm test` runs it; `npx eslint --fix .` mends what it can.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdktf.out/', '.local/', 'coverage/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function that implements an async interface (a claim, a stop) needs no await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read synthesised Terraform and AWS answers as untyped JSON on purpose.
    files: ['__tests__/**/*.ts', 'testkit/**/*.ts'],
    rules: Object.fromEntries(
      [
        'no-explicit-any',
        'no-unsafe-argument',
        'no-unsafe-assignment',
        'no-unsafe-call',
        'no-unsafe-member-access',
        'no-unsafe-return',
        'no-unnecessary-type-assertion',
      ].map((r) => [`@typescript-eslint/${r}`, 'off']),
    ),
  },
  { files: ['site/**/*.js'], languageOptions: { sourceType: 'module', globals: globals.browser } },
  { files: ['*.js', 'testkit/**/*.js'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
);
