/**
 * A minimal, deterministic zip writer (deflate, no zip64), so the offline Terraform tests can stand in
 * for `data "archive_file"` (the archive provider is not mirrored here) without a system `zip`.
 * Entries are sorted and carry a fixed 1980-01-01 timestamp: the same folder always gives the same bytes.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { deflateRawSync } from 'zlib';

export interface ZipEntry {
  /** Path inside the archive, '/'-separated. */
  readonly name: string;
  readonly data: Buffer;
  /** Unix permission bits. @default 0o644 */
  readonly mode?: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date of 1980-01-01 (the earliest a zip can hold), time 00:00:00. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/**
 * Zips made in this process, by a digest of their entries: every working copy of a stack zips the same
 * function bundles, and deflating them is nearly all the time a copy takes.
 */
const made = new Map<string, Buffer>();

export function zipEntries(entries: readonly ZipEntry[]): Buffer {
  const digest = createHash('sha256');
  for (const entry of entries) digest.update(`${entry.name}\0${entry.mode ?? 0o644}\0${entry.data.length}\0`).update(entry.data);
  const key = digest.digest('hex');
  if (!made.has(key)) made.set(key, writeZip(entries));
  return made.get(key)!;
}

function writeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (so the mode below is honoured)
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | (entry.mode ?? 0o644)) << 16) >>> 0, 38); // regular file + mode
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + compressed.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

/** Every regular file under `dir` (recursively, following no symlinked folders), as zip entries. */
export function folderEntries(dir: string, excludes: readonly string[] = []): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const walk = (folder: string) => {
    for (const item of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, item.name);
      const name = path.relative(dir, full).split(path.sep).join('/');
      if (excludes.includes(name)) continue;
      if (item.isDirectory()) walk(full);
      else entries.push({ name, data: fs.readFileSync(full), mode: fs.statSync(full).mode & 0o777 });
    }
  };
  walk(dir);
  return entries;
}
