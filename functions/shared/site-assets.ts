/**
 * Facts about the static site that both the deployed stack (constructs/site.ts) and the local runtime
 * need: which files are pages, what content type each gets, the generated config file, and the security
 * headers. One definition, so the laptop serves exactly what CloudFront serves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { API_BASE_PATH } from './routes';

export const SITE_DIR = path.resolve(__dirname, '..', '..', 'site');

/** Generated at synth (and by the local runtime); tells the pages where the API is. */
export const SITE_CONFIG_FILE = 'config.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string | undefined {
  return CONTENT_TYPES[path.extname(file).toLowerCase()];
}

/** The files under site/ that are published: every file with a known content type, sorted for stable output. */
export function listSiteFiles(dir: string = SITE_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && contentTypeFor(e.name) !== undefined)
    .map((e) => e.name)
    .sort();
}

export interface SiteConfig {
  /** Base path or URL of the API the pages call, e.g. "/raffle" (same origin). */
  readonly apiBase: string;
}

export const DEFAULT_SITE_CONFIG: SiteConfig = { apiBase: `/${API_BASE_PATH}` };

export function renderSiteConfig(config: SiteConfig = DEFAULT_SITE_CONFIG): string {
  return `window.RAFFLE_CONFIG = Object.freeze(${JSON.stringify(config)});\n`;
}

/**
 * No third-party origins anywhere: pages load only their own scripts and styles and call only their
 * own origin (the public API is same-origin through CloudFront, the admin API same-origin on the mTLS
 * domain).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** HSTS for two years, with subdomains; the value CloudFront sends and the local runtime mirrors (over HTTPS only). */
export const HSTS_MAX_AGE_SECONDS = 63072000;

/** Headers every page response carries, as the CloudFront response headers policy sets them. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};
