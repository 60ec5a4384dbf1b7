// A small static server for the demo: serves web/ (the page, the embed example,
// the built element in web/dist/) and wasm/ (the JavaScript API and the module)
// from the repository root, and nothing else. No build step is needed for the
// page itself: it is plain ES modules.
//   node web/serve.mjs [--port 4173] [--host 127.0.0.1]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const port = Number(opt('port', process.env.PORT || 4173));
const host = opt('host', process.env.HOST || '127.0.0.1');
const ALLOWED = ['web', 'wasm'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8',
};

async function resolvePath(urlPath) {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^[/\\]+/, '');
  const top = rel.split(sep)[0];
  if (!ALLOWED.includes(top) || rel.split(sep).includes('..')) return null;
  let file = join(root, rel);
  if (!file.startsWith(root + sep)) return null;
  const st = await stat(file).catch(() => null);
  if (!st) return null;
  if (st.isDirectory()) file = join(file, 'index.html');
  return file;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/web') {
      res.writeHead(302, { Location: `/web/${url.search}` });
      res.end();
      return;
    }
    if (url.pathname === '/embed' || url.pathname === '/embed.html') {
      res.writeHead(302, { Location: '/web/embed.html' });
      res.end();
      return;
    }
    const file = await resolvePath(url.pathname);
    const body = file && (await readFile(file).catch(() => null));
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`not found: ${url.pathname}\n`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      'Content-Length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (err) {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(String(err?.message ?? err));
  }
});

server.on('error', (err) => {
  console.error(`serve: ${err.code === 'EADDRINUSE' ? `port ${port} is in use (set PORT=...)` : err.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const base = `http://localhost:${port}`;
  console.log(`Lethe demo:        ${base}/web/`);
  console.log(`Embedding example: ${base}/web/embed.html`);
  console.log('Press Ctrl+C to stop.');
});
