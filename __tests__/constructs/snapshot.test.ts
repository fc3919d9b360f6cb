/**
 * HCL snapshots, formatted like `cdktf synth --hcl`. Machine-independent: site etags and the truststore
 * PEM are normalised (see normaliseHcl); nothing else varies. A page edit changes no snapshot; a change
 * to the infrastructure does, and the diff is what ops will see.
 */
import { hclSnapshot, normaliseHcl } from '../support/synth';
import { synthShipped } from './fixtures';

describe.each(['dev', 'prod'] as const)('HCL snapshot (%s)', (env) => {
  test('matches', async () => {
    const hcl = await hclSnapshot(synthShipped()[env].stack);
    expect(hcl).not.toContain(process.cwd());
    expect(hcl).not.toMatch(/BEGIN CERTIFICATE/);
    expect(hcl).toMatchSnapshot();
  });
});

test('normaliseHcl replaces only md5 etags and certificates', () => {
  const pem = '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n';
  expect(normaliseHcl(`etag = "0123456789abcdef0123456789abcdef"\ncontent = "${pem}"\nname = "0123456789abcdef0123456789abcdef"`)).toBe(
    'etag = "<md5>"\ncontent = "<truststore PEM>"\nname = "0123456789abcdef0123456789abcdef"',
  );
});
