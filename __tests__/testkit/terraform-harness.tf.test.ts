/**
 * The offline-Terraform harness itself (testkit/terraform.ts, zip.ts): it must be able to
 * fail. A zip that unzips, archive emulation that leaves nothing behind, and a plan that needs AWS
 * caught by the refusing proxy.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import {
  MIRRORED_PROVIDER,
  PROVIDER_MIRROR,
  TERRAFORM_BIN,
  assertTerraformToolchain,
  cliConfig,
  emulateArchivesInHcl,
  emulateArchivesInJson,
  init,
  overrideConfig,
  plan,
  prepareWorkingCopy,
  removeWorkingCopy,
  startNetworkTrap,
  type SynthesizedStack,
} from '../../testkit/terraform';
import { crc32, folderEntries, zipEntries } from '../../testkit/zip';

jest.setTimeout(120_000);

/** Independent reader: walks the central directory and inflates each entry with node's zlib. */
function unzip(zip: Buffer): { name: string; data: Buffer; mode: number }[] {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const mode = (zip.readUInt32LE(at + 38) >>> 16) & 0o777;
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    expect(zip.readUInt32LE(offset)).toBe(0x04034b50);
    const dataStart = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = zlib.inflateRawSync(zip.subarray(dataStart, dataStart + size));
    expect(zlib.crc32(data)).toBe(crc);
    files.push({ name, data, mode });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-harness-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function bundleFolder(): string {
  const dir = path.join(tmp, 'bundle');
  fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
  fs.writeFileSync(path.join(dir, 'lib', 'data.json'), JSON.stringify({ big: 'x'.repeat(5000) }));
  fs.chmodSync(path.join(dir, 'index.js'), 0o755);
  return dir;
}

describe('zip writer', () => {
  it('writes every file of a folder, readable by an independent reader, with modes', () => {
    const zip = zipEntries(folderEntries(bundleFolder()));
    const files = unzip(zip);
    expect(files.map((f) => [f.name, f.mode])).toEqual([
      ['index.js', 0o755],
      ['lib/data.json', 0o644],
    ]);
    expect(files[1].data.toString()).toContain('x'.repeat(5000));
    expect(zip.length).toBeLessThan(1000); // deflated, not stored
  });

  it('is deterministic and computes the standard CRC-32', () => {
    const dir = bundleFolder();
    expect(zipEntries(folderEntries(dir)).equals(zipEntries(folderEntries(dir)))).toBe(true);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('archive_file emulation', () => {
  const stackDir = () => {
    const dir = path.join(tmp, 'cdktf.out', 'stacks', 'demo');
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('JSON: zips the folder, replaces every reference by the literal, drops the archive provider', () => {
    bundleFolder();
    const config = {
      terraform: {
        required_providers: { aws: { source: 'aws', version: '5.100.0' }, archive: { source: 'hashicorp/archive', version: '2.7.1' } },
      },
      provider: { aws: [{ region: 'eu-west-1' }], archive: [{}] },
      data: { archive_file: { fn: { type: 'zip', source_dir: '../../../bundle', output_path: '../../../out/fn.zip' } } },
      resource: {
        aws_lambda_function: {
          fn: {
            filename: '${data.archive_file.fn.output_path}',
            source_code_hash: '${data.archive_file.fn.output_base64sha256}',
            description: 'size ${data.archive_file.fn.output_size} bytes',
          },
        },
      },
    };
    const { config: out, archives } = emulateArchivesInJson(config, stackDir(), path.join(tmp, 'zips'));
    const zip = fs.readFileSync(path.join(tmp, 'zips', 'fn.zip'));
    const fn = (out.resource as Record<string, Record<string, Record<string, string>>>).aws_lambda_function.fn;
    expect(fn.filename).toBe(path.join(tmp, 'zips', 'fn.zip'));
    expect(fn.source_code_hash).toBe(createHash('sha256').update(zip).digest('base64'));
    expect(fn.description).toBe(`size \${${zip.length}} bytes`);
    expect(out.data).toBeUndefined();
    expect(out.provider).toEqual({ aws: [{ region: 'eu-west-1' }] });
    expect(JSON.stringify(out)).not.toMatch(/archive/);
    expect(archives.map((a) => [a.name, a.entries])).toEqual([['fn', 2]]);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false); // never writes where the real output would
    expect(config.data.archive_file.fn).toBeDefined(); // the input is left untouched
  });

  it('HCL: removes the blocks and the required provider, and writes literals', () => {
    bundleFolder();
    const hcl = [
      'terraform {',
      '  required_providers {',
      '    aws = {',
      '      version = "5.100.0"',
      '      source  = "aws"',
      '    }',
      '    archive = {',
      '      version = "2.7.1"',
      '      source  = "hashicorp/archive"',
      '    }',
      '  }',
      '}',
      '',
      'provider "archive" {',
      '}',
      'data "archive_file" "fn" {',
      '  output_path = "../../../out/fn.zip"',
      '  source_dir  = "../../../bundle"',
      '  type        = "zip"',
      '}',
      'resource "aws_lambda_function" "fn" {',
      '  filename         = "${data.archive_file.fn.output_path}"',
      '  source_code_hash = data.archive_file.fn.output_base64sha256',
      '}',
      '',
    ].join('\n');
    const { hcl: out } = emulateArchivesInHcl(hcl, stackDir(), path.join(tmp, 'zips'));
    const hash = createHash('sha256')
      .update(fs.readFileSync(path.join(tmp, 'zips', 'fn.zip')))
      .digest('base64');
    expect(out).toContain(`filename         = ${JSON.stringify(path.join(tmp, 'zips', 'fn.zip'))}`);
    expect(out).toContain(`source_code_hash = "${hash}"`);
    expect(out).not.toMatch(/archive/);
    expect(out).toContain('    aws = {');
  });

  it('fails, saying why, when the folder to zip does not exist', () => {
    const config = { data: { archive_file: { fn: { type: 'zip', source_dir: '../../../missing', output_path: 'x.zip' } } } };
    expect(() => emulateArchivesInJson(config, stackDir(), path.join(tmp, 'zips'))).toThrow(
      /source_dir \.\.\/\.\.\/\.\.\/missing does not exist .*were the functions built/,
    );
  });

  it('fails on a reference to an attribute it cannot emulate', () => {
    bundleFolder();
    const config = {
      data: { archive_file: { fn: { type: 'zip', source_dir: '../../../bundle', output_path: 'x.zip' } } },
      output: { x: { value: '${data.archive_file.fn.nonsense}' } },
    };
    expect(() => emulateArchivesInJson(config, stackDir(), path.join(tmp, 'zips'))).toThrow(
      /cannot emulate data\.archive_file\.fn\.nonsense/,
    );
  });
});

describe('offline configuration', () => {
  it('installs only hashicorp/aws, from the mirror', () => {
    const text = cliConfig();
    expect(text).toContain(`path    = "${PROVIDER_MIRROR}"`);
    expect(text).toContain(`include = ["${MIRRORED_PROVIDER}"]`);
    expect(text).toContain(`exclude = ["${MIRRORED_PROVIDER}"]`);
  });

  it('overrides every AWS provider, alias included, with fake credentials and a local backend', () => {
    const override = overrideConfig([undefined, 'us_east_1'], '/tmp/x.tfstate') as {
      provider: { aws: Record<string, unknown>[] };
      terraform: unknown;
    };
    expect(override.provider.aws).toHaveLength(2);
    expect(override.provider.aws[1].alias).toBe('us_east_1');
    for (const provider of override.provider.aws) {
      expect(provider).toMatchObject({
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
      });
      expect(provider.access_key).toEqual(expect.any(String));
    }
    expect(override.terraform).toEqual({ backend: { local: { path: '/tmp/x.tfstate' } } });
  });

  it('fails (never skips) without terraform or without the mirror', () => {
    expect(() => assertTerraformToolchain(path.join(tmp, 'no-terraform'))).toThrow(/^terraform not runnable at .*install Terraform/);
    expect(() => assertTerraformToolchain(TERRAFORM_BIN, path.join(tmp, 'no-mirror'))).toThrow(/^provider mirror missing/);
    expect(() => assertTerraformToolchain()).not.toThrow();
  });
});

describe('refusing proxy', () => {
  it('GIVEN a stack that reads aws_caller_identity WHEN planned offline THEN the plan fails and the call is recorded', async () => {
    const stackDir = path.join(tmp, 'synth', 'stacks', 'needs-aws');
    fs.mkdirSync(stackDir, { recursive: true });
    const file = path.join(stackDir, 'cdk.tf.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
        provider: { aws: [{ region: 'eu-west-1' }] },
        data: { aws_caller_identity: { current: {} } },
        output: { account: { value: '${data.aws_caller_identity.current.account_id}' } },
      }),
    );
    const stack: SynthesizedStack = { name: 'needs-aws', dir: stackDir, file, workingDirectory: 'stacks/needs-aws' };
    const copy = prepareWorkingCopy(stack, { tmpRoot: fs.mkdtempSync(path.join(tmp, 'copy-')) });
    const trap = await startNetworkTrap();
    try {
      await init(copy, trap);
      await expect(plan(copy, trap)).rejects.toThrow(/terraform plan .* failed/);
      expect(trap.attempts.join('\n')).toMatch(/CONNECT sts\.eu-west-1\.amazonaws\.com:443/);
    } finally {
      await trap.close();
      removeWorkingCopy(copy);
    }
  });
});
