// The tests' static server, shared by tests/e2e (Chromium) and tests/engines (Firefox ESR, WebKit):
// a directory served on 127.0.0.1 at a free port, with the right MIME types (application/wasm
// among them) and `Cache-Control: no-store`. Every response with a status >= 400 is recorded in
// `errors`, a second check beside the browsers' own events (which miss some requests, e.g. an
// automatic /favicon.ico).
//
//   const s = await serve({ root, fixtures, headers, html, routes });
//   s.url      'http://127.0.0.1:<port>/'
//   s.errors   [{ status, method, host, path }] of every error response so far
//   await s.close()
//
// root      the directory served at '/' (optional: a server of `routes` only)
// fixtures  a directory whose `<name>.html` pages are served at the root where root has none
//           (tests/e2e/fixtures: test-only pages that never ship in dist/)
// headers   added to every response (the engines' CORS header)
// html      (text) => text, applied to every HTML page served (the engines' guard script)
// routes    { '/path': async () => ({ type, body }) }: generated responses

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** The file `urlPath` names under `root` (a directory's index.html), or null. */
async function find(root, urlPath, fixtures) {
  let file = path.resolve(root, '.' + urlPath);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  let info = await stat(file).catch(() => null);
  if (!info && fixtures && /^\/[\w.-]+\.html$/.test(urlPath)) {
    file = path.join(fixtures, urlPath.slice(1));
    info = await stat(file).catch(() => null);
  }
  if (info && info.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  return info && info.isFile() ? { file, size: info.size } : null;
}

export function serve({ root: dir = null, fixtures = null, headers = {}, html = null, routes = {} } = {}) {
  const root = dir && path.resolve(dir);
  const errors = [];
  const base = { 'Cache-Control': 'no-store', ...headers };
  const server = createServer(async (req, res) => {
    res.on('finish', () => {
      if (res.statusCode >= 400) errors.push({ status: res.statusCode, method: req.method, host: req.headers.host, path: req.url });
    });
    const send = (status, type, body) => {
      res.writeHead(status, { ...base, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      if (routes[urlPath]) {
        const { type, body } = await routes[urlPath]();
        send(200, type, body);
        return;
      }
      const found = root && await find(root, urlPath, fixtures);
      if (!found) {
        send(404, 'text/plain; charset=utf-8', `not found: ${urlPath}`);
        return;
      }
      const type = MIME[path.extname(found.file).toLowerCase()] || 'application/octet-stream';
      if (html && type.startsWith('text/html')) {
        send(200, type, html(await readFile(found.file, 'utf8')));
        return;
      }
      res.writeHead(200, { ...base, 'Content-Type': type, 'Content-Length': found.size });
      if (req.method === 'HEAD') res.end();
      else createReadStream(found.file).pipe(res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/`,
      errors,
      close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); }),
    }));
  });
}
