/**
 * Serves the site's files the way CloudFront serves them: only the published files (listSiteFiles),
 * the generated config.js, the shared content types and the security headers of the response headers
 * policy. Files are read on each request so page edits show up on reload without a restart.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { OutgoingHttpHeaders } from 'http';
import {
  contentTypeFor,
  listSiteFiles,
  renderSiteConfig,
  SECURITY_HEADERS,
  SITE_CONFIG_FILE,
  siteFileSource,
  type DeploymentFacts,
} from '../site/assets';
import { PROJECT_ROOT } from '../model/project';
import type { GatewayResponse } from './gateway';

/** The site as a set of named files; `read` answers one file or undefined when it is not published. */
export class StaticSite {
  private readonly configScript: string;

  /** `facts`: what the deployed config.js would say (the organiser page's winner count, the rules). */
  constructor(facts: DeploymentFacts) {
    this.configScript = renderSiteConfig(facts);
  }

  /** File names the site publishes, config.js included. */
  files(): string[] {
    return [...listSiteFiles(), SITE_CONFIG_FILE].sort();
  }

  /**
   * The response for one published file name (no folders: the site is flat), or undefined. Only names
   * from the published list are ever opened, so no request path can reach another file.
   */
  read(name: string): GatewayResponse | undefined {
    if (name === SITE_CONFIG_FILE) return this.response(name, Buffer.from(this.configScript, 'utf8'));
    if (!listSiteFiles().includes(name)) return undefined;
    return this.response(name, fs.readFileSync(path.join(PROJECT_ROOT, siteFileSource(name))));
  }

  private response(name: string, body: Buffer): GatewayResponse {
    const headers: OutgoingHttpHeaders = {
      'content-type': contentTypeFor(name) ?? 'application/octet-stream',
      // Local development: always revalidate, so an edited page is never stale.
      'cache-control': 'no-cache',
      ...lowerCaseKeys(SECURITY_HEADERS),
    };
    return { statusCode: 200, headers, body };
  }
}

/** "/raffle/draw.html" under mount "/raffle" → "draw.html"; undefined when the path is not a flat file below the mount. */
export function siteFileName(urlPath: string, mount: string): string | undefined {
  const prefix = `${mount}/`;
  if (!urlPath.startsWith(prefix)) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(urlPath.slice(prefix.length));
  } catch {
    return undefined;
  }
  return name !== '' && !name.includes('/') && !name.includes('\\') && name !== '.' && name !== '..' ? name : undefined;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
