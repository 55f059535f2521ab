import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is built into admin/dist and served by the API; in development Vite serves it and proxies
// /api to the API (GOVFLOW_API_URL, default http://127.0.0.1:8080).
export default defineConfig({
  root: path.resolve(__dirname),
  plugins: [react()],
  resolve: { alias: { '@domain': path.resolve(__dirname, '../domain') } },
  server: { port: 5173, proxy: { '/api': process.env.GOVFLOW_API_URL ?? 'http://127.0.0.1:8080' } },
  build: {
    outDir: path.resolve(__dirname, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 900, sourcemap: false,
    rollupOptions: {
      output: {
        // React itself in a chunk of its own (every screen needs all of it; it changes far less often than
        // GovFlow's code). Other libraries are left to Rollup on purpose: forcing MUI or react-admin into one
        // chunk would also pull in the parts only lazily loaded screens use (tables, autocompletes, dialogs).
        manualChunks(id) {
          return /node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : undefined;
        },
      },
    },
  },
});
