import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

const tiptapCoreShim = fileURLToPath(new URL('./client/src/vendor/tiptapCore.ts', import.meta.url));

/**
 * Every import of '@tiptap/core' in the built client (tldraw's included) gets
 * client/src/vendor/tiptapCore.ts, which caches schemas. The dev server pre-bundles tldraw
 * without plugins, so `npm run dev` runs tiptap as published: the same output, only slower.
 */
function cachedTiptapSchemas(): Plugin {
  return {
    name: 'journeyboard:tiptap-schema-cache',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source !== '@tiptap/core') return null;
      // The shim itself imports the real package.
      if (importer === tiptapCoreShim) return this.resolve(source, importer, { ...options, skipSelf: true });
      return tiptapCoreShim;
    },
  };
}

const serverPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [cachedTiptapSchemas(), react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    port: 5173,
    host: '127.0.0.1',
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/sync': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
      '/healthz': `http://127.0.0.1:${serverPort}`,
    },
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
