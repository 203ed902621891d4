import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const contracts = fileURLToPath(new URL('../libs/contracts/src/', import.meta.url));
const gateway = 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  resolve: {
    // `@vigie/contracts/socket` reaches one zod-free module, so the bundle ships without zod.
    alias: [
      { find: /^@vigie\/contracts$/, replacement: `${contracts}index.ts` },
      { find: /^@vigie\/contracts\/(.+)$/, replacement: `${contracts}$1.ts` },
    ],
  },
  server: {
    proxy: {
      '/api': gateway,
      '/health': gateway,
      '/socket.io': { target: gateway, ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
  },
});
