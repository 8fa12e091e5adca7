// Lint makes the architecture a rule, not a convention (docs/architecture.md):
// - domain/ is pure TypeScript and imports nothing of ours and no platform library;
// - the server never imports the app, storage or sync; features never import each other;
// - every string a user can read goes through i18next (no literal text in JSX).
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noUntranslatedJsxText from './eslint-rules/no-untranslated-jsx-text.js';

const layers = ['app', 'features', 'components', 'lib', 'storage', 'sync', 'i18n', 'server', 'sw.ts'];
const except = (...allowed) => layers.filter((layer) => !allowed.includes(layer)).map((layer) => `./src/${layer}`);

const PLATFORM_PACKAGES = ['react', 'react-*', 'react-dom', 'dexie', 'dexie-*', 'i18next', 'i18next-*', 'react-i18next', 'fastify', '@fastify/*', 'kysely', 'workbox-*', 'wouter', 'node:*'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'dev-dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })] },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/domain', from: except(), message: 'domain/ is pure: it imports nothing of ours.' },
            { target: './src/server', from: except('server'), message: 'The server shares only domain/ with the app.' },
            { target: './src/storage', from: except('storage'), message: 'storage/ depends on domain/ only.' },
            { target: './src/i18n', from: except('i18n'), message: 'i18n/ depends on domain/ only.' },
            { target: './src/components', from: except('components', 'lib', 'i18n', 'storage'), message: 'Shared components know no feature or screen.' },
            { target: './src/lib', from: except('lib', 'i18n', 'storage'), message: 'lib/ holds shared hooks and helpers, below features.' },
            { target: './src/features/seizures', from: ['./src/features/settings', './src/app'], message: 'Features never import each other or the app shell.' },
            { target: './src/features/settings', from: ['./src/features/seizures', './src/app'], message: 'Features never import each other or the app shell.' },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: PLATFORM_PACKAGES, message: 'domain/ is pure TypeScript: no React, Dexie, i18next, Node or HTTP.' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'indexedDB', 'localStorage', 'process', 'crypto'],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/server/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/server/**', 'src/domain/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { local: { rules: { 'no-untranslated-jsx-text': noUntranslatedJsxText } } },
    rules: { 'local/no-untranslated-jsx-text': 'error' },
  },
  {
    files: ['src/server/**/*.ts', 'scripts/**/*.{js,mjs}', 'test/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
);
