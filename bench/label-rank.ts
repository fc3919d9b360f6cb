/**
 * `npm run bench:label-rank`: how long results.html takes to find one label's rank in a large verifiable
 * draw (site/label-check.js: WebCrypto HMAC-SHA256 over every label of pool.txt), in Chromium, for pools
 * of 10,000 and 100,000 random labels; beside it, verify/selection.ts's whole ranking in Node. The
 * module is loaded as the page loads it, from a server of the site's own files on 127.0.0.1 (a secure
 * context, which WebCrypto needs). Downloading pool.txt (2.1 MB for 100,000 labels, about 1 MB gzipped)
 * is not counted.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { buildSite } from '../build/site';
import { PROJECT_ROOT } from '../model/project';
import { contentTypeFor, listSiteFiles, siteFileSource } from '../site/assets';
import { launchChromium } from '../__tests__/support/browser';
import { poolFile, sha256Hex } from '../verify/commitment';
import { rank } from '../verify/selection';

const SIZES = [10_000, 100_000];
const RUNS = 5;

function serve(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '/').replace(/^\//, '').split('?')[0];
    if (name === '') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>label rank</title>');
    } else if (listSiteFiles().includes(name)) {
      res.writeHead(200, { 'content-type': contentTypeFor(name) ?? 'application/octet-stream' });
      res.end(fs.readFileSync(path.join(PROJECT_ROOT, siteFileSource(name))));
    } else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  await buildSite();
  const server = await serve();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    console.log(`| pool | in Chromium (label-check.js rankOf, median of ${RUNS}) | in Node (verify/selection.ts rank, whole ranking) |`);
    console.log('|---|---|---|');
    for (const size of SIZES) {
      const labels = Array.from({ length: size }, () => randomBytes(10).toString('hex'));
      const randomness = randomBytes(32).toString('hex');
      const poolHash = sha256Hex(poolFile(labels));
      const browserMs: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const ms = await page.evaluate<number>(`(async () => {
          const m = await import('/label-check.js');
          const [labels, randomness, poolHash] = ${JSON.stringify([labels, randomness, poolHash])};
          const start = performance.now();
          await m.rankOf(labels[${run}], labels, randomness, poolHash);
          return performance.now() - start;
        })()`);
        browserMs.push(ms);
      }
      const nodeMs: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const start = performance.now();
        rank(randomness, poolHash, labels);
        nodeMs.push(performance.now() - start);
      }
      console.log(
        `| ${size.toLocaleString('en')} | ${(median(browserMs) / 1000).toFixed(2)} s | ${(median(nodeMs) / 1000).toFixed(2)} s |`,
      );
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
