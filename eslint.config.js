// ESLint's recommended rules over every JavaScript file of the repository; formatting
// is Prettier's (.prettierrc.json), so no stylistic rules here. `npm test` runs both.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: [
      'build/',
      'node_modules/',
      'wasm/dist/',
      'web/dist/',
      'element/dist/',
      // Docusaurus's generated modules (web/tests/sites/docusaurus/.docusaurus/).
      '**/.docusaurus/',
      'artifacts/',
      'test-results/',
      '**/*.ts',
    ],
  },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node, ...globals.worker },
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
];
