/**
 * Facts about publishing the site, for the deployed stack (constructs/site.ts) and the local runtime
 * (local/static.ts): which files are pages, the content type each gets, the generated config.js that
 * hands the pages the model (routes, limits, error codes), and the security headers. One definition, so
 * the laptop serves exactly what CloudFront serves. Not a page itself: only known content types publish.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ERROR_CODES } from '../model/errors';
import { PROJECT_ROOT } from '../model/project';
import { LIMITS } from '../model/limits';
import { QUICKNET } from '../verify/commitment';
import { ROUTE_NAMES, ROUTES } from '../model/routes';
import type { DeploymentFacts, SiteConfig } from '../model/site-config';

// Defined in the model (the pages' JSDoc reads them there); the stack and the local runtime import them from here.
export type { DeploymentFacts, SiteConfig };

export const SITE_DIR = __dirname;

/** Where build/site.ts writes the pages' modules made from the model (build output, not in git). */
export const GENERATED_SITE_DIR = path.join(PROJECT_ROOT, 'dist', 'site');

/** The pages' modules built from the model, by published name: their entry in the model. */
export const GENERATED_SITE_MODULES: Readonly<Record<string, string>> = {
  'messages.js': 'model/i18n.ts',
  'rules.js': 'model/entrant.ts',
};

/** Generated at synth (and by the local runtime); tells the pages where the API is and what it accepts. */
export const SITE_CONFIG_FILE = 'config.js';

/** Seconds browsers and CloudFront may keep a page: short, so a deploy shows without an invalidation. */
export const PAGE_MAX_AGE_SECONDS = 60;

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

/**
 * The files that are published: every top-level file under site/ with a known content type, and the
 * modules built from the model, sorted for stable output. The site is flat (no folders), so every door
 * serves a file name, never a path.
 */
export function listSiteFiles(): string[] {
  const own = fs
    .readdirSync(SITE_DIR, { withFileTypes: true })
    .filter((e) => e.isFile() && contentTypeFor(e.name) !== undefined)
    .map((e) => e.name);
  return [...own, ...Object.keys(GENERATED_SITE_MODULES)].sort();
}

/** Where a published file's bytes are, relative to the project root (a generated module: after build/site.ts). */
export function siteFileSource(name: string): string {
  return name in GENERATED_SITE_MODULES ? path.join('dist', 'site', name) : path.join('site', name);
}

export function siteConfig(facts: DeploymentFacts): SiteConfig {
  return {
    routes: Object.fromEntries(
      ROUTE_NAMES.map((name) => [name, { method: ROUTES[name].method, path: ROUTES[name].path }]),
    ) as SiteConfig['routes'],
    limits: LIMITS,
    errorCodes: ERROR_CODES,
    quicknetChainHash: QUICKNET.chainHash,
    ...facts,
  };
}

export function renderSiteConfig(facts: DeploymentFacts): string {
  return `window.RAFFLE_CONFIG = Object.freeze(${JSON.stringify(siteConfig(facts))});\n`;
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
