/** A verifiable draw's files on AWS: the site's bucket, at draws/<drawId>/<name>, which CloudFront serves. */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Settings } from '../../../model/settings';
import { publishedKey } from '../../../verify/commitment';
import type { Publisher } from '../ports';

export function s3Publisher(settings: Pick<Settings, 'siteBucket'>, client: S3Client = new S3Client({})): Publisher {
  const bucket = (): string => {
    if (!settings.siteBucket) throw new Error('SITE_BUCKET is not set: the draw function cannot publish');
    return settings.siteBucket;
  };
  return {
    async put(drawId, name, body) {
      const contentType = name.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8';
      await client.send(
        new PutObjectCommand({
          Bucket: bucket(),
          Key: publishedKey(drawId, name),
          Body: body,
          ContentType: contentType,
          CacheControl: 'public, max-age=60',
        }),
      );
    },
    async read(drawId, name) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket(), Key: publishedKey(drawId, name) }));
      return (await out.Body?.transformToString('utf8')) ?? '';
    },
  };
}
