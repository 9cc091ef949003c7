import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The API server listens on 8080 in development; the web app is served by it in
// production, so only the dev server needs a proxy.
const apiTarget = "http://127.0.0.1:8080";

export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      "/api": { target: apiTarget, changeOrigin: false },
    },
  },
});
