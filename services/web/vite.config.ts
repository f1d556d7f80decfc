import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Two static pages, every asset a hashed file under assets/ (the API's CSP allows no inline code or CDN). */
export default defineConfig({
  root: page('.'),
  publicDir: page('public'),
  logLevel: 'warn',
  build: {
    outDir: page('dist'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: { index: page('index.html'), verify: page('verify.html') } },
  },
});
