import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

// In production the API server serves the built app, so only the dev and preview
// servers need a proxy. ARGUS_API_URL points them at a server on another address — Argus's
// public HTTP port (nginx), which also serves the socket.io endpoint and the signed live HLS.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, '.', 'ARGUS_');
  const apiTarget = env.ARGUS_API_URL || 'http://127.0.0.1:8080';
  const proxy = {
    '/api': { target: apiTarget, changeOrigin: false },
    '/socket.io': { target: apiTarget, changeOrigin: false, ws: true },
    // Signed HLS lives under /live/<sig>/…; the app's own /live page (no trailing slash) does not.
    '^/live/': { target: apiTarget, changeOrigin: false },
  };

  return {
    base: '/',
    plugins: [react()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
    },
    server: { port: 5173, proxy },
    preview: { port: 4173, proxy },
  };
});
