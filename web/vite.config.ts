// The browser workspace is built once (by `npm install` and, when stale, `npm start`) and served
// by the same Fastify process as the API.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The bench reports the first-load size against its 300 KB (gzip) ceiling.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Mantine marks its files "use client" for React Server Components; a browser bundle has no use for it.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  resolve: {
    // Phone numbers: the server checks them against every country's number ranges (the full
    // metadata, src/phones/numbers.ts); the form in the browser, which shares those field rules,
    // checks their form and length with the smallest metadata, and the server has the last word.
    alias: [{ find: /^libphonenumber-js\/max$/, replacement: 'libphonenumber-js/min' }],
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } },
  },
});
