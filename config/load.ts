/**
 * Reads config/<environment>.json and its truststore from disk and validates them (config/schema.ts).
 * Paths in the file are relative to the project root, whatever the current directory.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../model/project';
import { ConfigError, validateConfig, type RaffleConfig, type TruststoreFile } from './schema';

export const ENVIRONMENTS = ['dev', 'prod'] as const;

export interface LoadOptions {
  /** Folder that relative paths (the file itself, truststorePath) are resolved against. @default the project root */
  readonly projectRoot?: string;
  /** Clock for the certificate expiry check. @default new Date() */
  readonly now?: Date;
}

/** Loads one environment file, e.g. loadConfig('config/prod.json'). Throws ConfigError naming the field and the fix. */
export function loadConfig(file: string, options: LoadOptions = {}): RaffleConfig {
  return loadConfigFile(file, options).config;
}

export interface LoadedConfig {
  readonly config: RaffleConfig;
  /** The keys the file sets itself (the rest took their defaults). */
  readonly keys: ReadonlySet<string>;
}

/** loadConfig, and which keys the file sets (the local runtime has defaults of its own where it is silent). */
export function loadConfigFile(file: string, options: LoadOptions = {}): LoadedConfig {
  const root = options.projectRoot ?? PROJECT_ROOT;
  const absolute = path.resolve(root, file);
  const source = path.relative(root, absolute).split(path.sep).join('/');
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch {
    throw new ConfigError(source, ['file not found — create it (see README "Configuration")']);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(source, [`not valid JSON (${(e as Error).message}) — fix the syntax`]);
  }
  const config = validateConfig(raw, {
    source,
    environment: path.basename(absolute, '.json'),
    now: options.now,
    readTruststore: (truststorePath) => readTruststore(path.resolve(root, truststorePath)),
  });
  return { config, keys: new Set(Object.keys(raw as object)) };
}

function readTruststore(absolute: string): TruststoreFile {
  try {
    return { pem: fs.readFileSync(absolute, 'utf8') };
  } catch {
    return { missing: true };
  }
}
