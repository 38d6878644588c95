/**
 * Runs a test page in Debian's headless Chromium: bundles a TypeScript entry with esbuild, serves it
 * on 127.0.0.1 (cross-origin isolated by default, so SharedArrayBuffer works), opens it with
 * puppeteer-core pointed at the system browser (no browser is ever downloaded), and resolves with
 * what the page passes to report() from ./page-api.ts. .ci/run installs chromium-headless-shell.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';

export interface PageOptions {
  /** The page's script (TypeScript or JavaScript), bundled for the browser with esbuild. */
  readonly entry: string;
  /** Response headers for every response, added to (and overriding) COOP/COEP. */
  readonly headers?: Readonly<Record<string, string>>;
  /** URL prefix -> directory served as static files, e.g. { '/ort/': 'node_modules/onnxruntime-web/dist' }. */
  readonly static?: Readonly<Record<string, string>>;
  /** Extra Chromium switches, e.g. ['--enable-unsafe-webgpu']. */
  readonly args?: readonly string[];
  readonly timeoutMs?: number;
}

export interface PageRun<T> {
  /** What the page reported. */
  readonly value: T;
  /** What the page printed, errors included (`type: text`), for diagnosing a failure. */
  readonly console: readonly string[];
}

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

/** The system Chromium, or an error that says how to install it. */
export function browserPath(): string {
  const found = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(`no headless Chromium at ${CANDIDATES.join(' or ')}: apt-get install chromium-headless-shell`);
  }
  return found;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.map': 'application/json',
};

export async function runPage<T = unknown>(options: PageOptions): Promise<PageRun<T>> {
  const bundle = await build({
    entryPoints: [resolve(ROOT, options.entry)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0].text;
  const headers: Record<string, string> = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'cache-control': 'no-store',
    ...options.headers,
  };
  let settle!: (payload: { ok: boolean; value?: unknown; error?: string }) => void;
  const reported = new Promise<{ ok: boolean; value?: unknown; error?: string }>((r) => (settle = r));

  const server = createServer((req, res) => {
    serve(req, res, headers, script, options.static ?? {}, settle);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  const browser = await puppeteer.launch({
    executablePath: browserPath(),
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ...(options.args ?? []),
    ],
  });
  const lines: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`pageerror: ${e instanceof Error ? e.message : String(e)}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`page ${options.entry} reported nothing in ${timeoutMs} ms\n${lines.join('\n')}`)), timeoutMs);
    });
    const payload = await Promise.race([reported, timeout]).finally(() => clearTimeout(timer));
    if (!payload.ok) throw new Error(`page ${options.entry} failed: ${payload.error}\n${lines.join('\n')}`);
    return { value: payload.value as T, console: lines };
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

function serve(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  script: string,
  statics: Readonly<Record<string, string>>,
  settle: (payload: { ok: boolean; value?: unknown; error?: string }) => void,
): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const send = (status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { ...headers, 'content-type': type });
    res.end(body);
  };
  if (req.method === 'POST' && url.pathname === '/__report') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      settle(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; value?: unknown; error?: string });
      send(204, 'text/plain', '');
    });
    return;
  }
  if (url.pathname === '/') return send(200, TYPES['.html'], '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
  if (url.pathname === '/page.js') return send(200, TYPES['.js'], script);
  for (const [prefix, dir] of Object.entries(statics)) {
    if (!url.pathname.startsWith(prefix)) continue;
    const base = resolve(ROOT, dir);
    const file = normalize(join(base, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (file.startsWith(base) && existsSync(file) && statSync(file).isFile()) {
      return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
    }
  }
  send(404, 'text/plain', 'not found');
}
