/**
 * A verifiable draw's files on a laptop: a folder standing in for the site bucket, at the same keys
 * (draws/<id>/<name>), which the public local server serves as CloudFront serves the bucket.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Publisher } from '../functions/runtime/ports';
import { publishedKey } from '../verify/commitment';

export function folderPublisher(dir: string): Publisher {
  return {
    async put(drawId, name, body) {
      const file = path.join(dir, publishedKey(drawId, name));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, body);
    },
    async read(drawId, name) {
      return fs.readFileSync(path.join(dir, publishedKey(drawId, name)), 'utf8');
    },
  };
}
