// Serves the demo as plain static files with Vite's preview server (no bundling:
// the page is plain ES modules importing ../wasm/index.js, so the server's root is
// the repository and the page lives at /web/). Used by `npm start` (scripts/serve.sh)
// and by the browser tests:
//   npx vite preview --config web/vite.serve.config.js --port 5173
import { createLogger, defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));

// "/" and "/embed" are the addresses people type; send them to the real pages.
const friendlyAddresses = {
  name: 'lethe-friendly-addresses',
  configurePreviewServer(server) {
    server.middlewares.use((req, res, next) => {
      const [path, query = ''] = req.url.split('?');
      const target = { '/': '/web/', '/web': '/web/', '/embed': '/web/embed.html' }[path];
      if (!target) return next();
      res.statusCode = 302;
      res.setHeader('Location', target + (query ? `?${query}` : ''));
      res.end();
    });
  },
};

// Nothing is ever built with this config, so Vite's warning that outDir contains
// the sources does not apply; drop just that line.
const logger = createLogger();
const warn = logger.warn.bind(logger);
logger.warn = (message, options) => {
  if (!String(message).includes('build.outDir must not be')) warn(message, options);
};

export default defineConfig({
  customLogger: logger,
  root: repo,
  publicDir: false,
  plugins: [friendlyAddresses],
  // Preview serves build.outDir as it is; here that is the repository itself.
  build: { outDir: repo },
  preview: { host: '127.0.0.1', strictPort: true, open: false },
});
