import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Brotli and gzip copies of the built text files beside them (x.js.br, x.js.gz), which the
 * server sends to browsers that accept them (@fastify/static preCompressed): on a slow mobile
 * link the app's first screen is about a quarter of its uncompressed size. Compressed once at
 * build time, at the highest levels, so serving costs nothing.
 */
function precompress(): Plugin {
  let outDir = '';
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? walk(file) : [file];
    });
  return {
    name: 'traceready-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      handler() {
        // Only the content-hashed assets and index.html: the service worker and its manifest are
        // written by another plugin, possibly after this one, and a stale copy must never be served.
        const files = [...walk(path.join(outDir, 'assets')), path.join(outDir, 'index.html')];
        for (const file of files) {
          if (!/\.(js|css|html|svg|json|wasm)$/.test(file)) continue;
          const bytes = readFileSync(file);
          if (bytes.length < 1024) continue;
          writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
          writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
        }
      },
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      // Our own service worker (src/sw.ts) so sync can hook Background Sync into it later.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // An update waits for the officer (see src/app/UpdatePrompt.tsx), never reloads by itself.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon-180x180.png'],
      injectManifest: {
        // wasm: the barcode reader's ZXing build (features/seizures/evidence/scan), so scanning works offline.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,json,wasm}'],
      },
      manifest: {
        name: 'TraceReady: firearm seizures / aseguramientos',
        short_name: 'TraceReady',
        description: 'Record firearm seizures offline, trace-ready, in English and Spanish.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#1d3557',
        background_color: '#ffffff',
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
    precompress(),
  ],
  // `npm run dev` talks to a server started separately with `npm start` (default port 8080).
  server: { proxy: { '/api': process.env.API_URL ?? 'http://localhost:8080' } },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Everything the first screen needs in one file: on a slow mobile link every extra request
    // before the first paint costs a round trip (HTTP/1.1 without TLS: no multiplexing), and the
    // small shared chunks the default splitting makes were each such a request. Screens loaded
    // later keep their own chunks.
    // That file is ≈ 510 kB before compression (163 kB gz); its budget is the weight bench's.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'first-screen', tags: ['$initial'] },
            // What an officer's unlock loads in any case (the schemas and checks a save, a sync
            // and the form share, preloaded at the PIN: lock/index.ts), as one file rather than
            // a dozen small ones: one request, and gzip sees their shared names once.
            { name: 'checks', test: /node_modules\/zod\/|src\/domain\/(schema|checks|validate|agencies|save-check|issues|record|trace-status|trace-states|sync-wire|trace-wire|text|device-report|export\/audit-wire)\.ts|src\/storage\/(record-checks|profile-schema)\.ts|src\/sync\/protocol\.ts/ },
          ],
        },
      },
    },
  },
});
