/**
 * The one global the pages share: config.js, a classic script generated from the model
 * (site/assets.ts renderSiteConfig) and loaded before the modules, sets it; site-config.js reads it.
 * Types only: a .ts file is never published (site/assets.ts listSiteFiles).
 */
import type { SiteConfig } from '../model/site-config';

declare global {
  interface Window {
    /** Absent only when config.js did not load. */
    readonly RAFFLE_CONFIG?: SiteConfig;
  }
}
