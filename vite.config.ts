import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

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
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,json}'],
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
  ],
  // `npm run dev` talks to a server started separately with `npm start` (default port 8080).
  server: { proxy: { '/api': process.env.API_URL ?? 'http://localhost:8080' } },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
});
