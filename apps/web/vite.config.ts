/**
 * Builds the web app into apps/web/dist, which the server serves. Vite 8 transforms
 * JSX itself (oxc), so no React plugin is needed; the dev server proxies the API to a
 * locally running Casebook server.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export const webConfig = defineConfig({
  root: here('.'),
  publicDir: here('./public'),
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: {
    alias: [{ find: /^#shared\/(.*)$/, replacement: `${here('../../packages/shared/src')}/$1.ts` }],
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Mantine marks its files "use client" for server-rendering frameworks; a plain SPA ignores it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});

export default webConfig;
