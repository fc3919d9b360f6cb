/**
 * Publishing a verifiable draw's files on the public site, at draws/<drawId>/<name>: to the site's S3
 * bucket on AWS (CloudFront serves it), or, locally and in tests (PUBLISH_DIR set), to a folder the
 * local site serves at the same path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ENV } from '../../model/functions';
import { PUBLISHED_DRAWS_PATH } from '../../verify/selection';

let client: S3Client | undefined;

export function s3Client(): S3Client {
  client ??= new S3Client({});
  return client;
}

function keyOf(drawId: string, name: string): string {
  if (!/^[0-9a-f]{32}$/.test(drawId) || !/^[a-z]+\.(json|txt)$/.test(name)) throw new Error(`not a draw file: ${drawId}/${name}`);
  return `${PUBLISHED_DRAWS_PATH}/${drawId}/${name}`;
}

function siteBucket(): string {
  const bucket = process.env[ENV.siteBucket];
  if (!bucket) throw new Error(`${ENV.siteBucket} is not set: the draw function cannot publish`);
  return bucket;
}

export async function publishDrawFile(drawId: string, name: string, body: string): Promise<void> {
  const key = keyOf(drawId, name);
  const contentType = name.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8';
  const dir = process.env[ENV.publishDir];
  if (dir) {
    const file = path.join(dir, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    return;
  }
  await s3Client().send(
    new PutObjectCommand({ Bucket: siteBucket(), Key: key, Body: body, ContentType: contentType, CacheControl: 'public, max-age=60' }),
  );
}

/** A file published earlier, read back (the reveal ranks the pool exactly as committed). */
export async function readPublishedDrawFile(drawId: string, name: string): Promise<string> {
  const key = keyOf(drawId, name);
  const dir = process.env[ENV.publishDir];
  if (dir) return fs.readFileSync(path.join(dir, key), 'utf8');
  const out = await s3Client().send(new GetObjectCommand({ Bucket: siteBucket(), Key: key }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}
