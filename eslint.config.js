// Lint makes the architecture a rule, not a convention (docs/architecture.md, "Layers and import
// direction"): every room of src/ has a zone that names what it may not import.
// - domain/ is pure TypeScript and imports nothing of ours and no platform library;
// - the server never imports the app, storage or sync; features never import each other or the
//   app shell (each folder under src/features/ gets its zone, new ones included);
// - every string a user can read goes through i18next (no literal text in JSX).
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noUntranslatedJsxText from './eslint-rules/no-untranslated-jsx-text.js';

const layers = ['app', 'features', 'components', 'lib', 'lock', 'storage', 'sync', 'i18n', 'server', 'sw.ts'];
const except = (...allowed) => layers.filter((layer) => !allowed.includes(layer)).map((layer) => `./src/${layer}`);

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const featureZones = features.map((feature) => ({
  target: `./src/features/${feature}`,
  from: [
    ...except('features', 'components', 'lib', 'lock', 'sync', 'storage', 'i18n'),
    ...features.filter((other) => other !== feature).map((other) => `./src/features/${other}`),
  ],
  message: 'A feature imports no other feature and not the app shell: what two features need moves down to components/ or lib/.',
}));

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
            { target: './src/lock', from: except('lock', 'sync', 'storage'), message: 'lock/ decides who may open the app: it uses sync/ and storage/, and knows no screen.' },
            { target: './src/sync', from: except('sync', 'storage'), message: 'sync/ talks to the server over storage/ only: it knows no screen and not the lock.' },
            ...featureZones,
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
