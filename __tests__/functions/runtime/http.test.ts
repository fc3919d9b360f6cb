/**
 * GIVEN a request body whose bytes are not UTF-8 (found by reliability/fuzz.ts: a name with a lone
 *       surrogate written as raw bytes was registered, stored as "Ann���Lee")
 * WHEN any handler reads it as JSON (functions/runtime/http.ts parseJsonObject)
 * THEN it is refused as malformed JSON, as text or as base64 alike; the same characters written as UTF-8
 *      (or escaped) still read, and a lone surrogate escaped in JSON is left to the field's rules.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../../model/errors';
import { parseJsonObject } from '../../../functions/runtime/http';

function event(body: Buffer, base64: boolean): APIGatewayProxyEventV2 {
  return {
    headers: { 'content-type': 'application/json' },
    body: base64 ? body.toString('base64') : body.toString('latin1'),
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2;
}

const named = (middle: Buffer): Buffer => Buffer.concat([Buffer.from('{"name":"Ann'), middle, Buffer.from('Lee"}')]);

function refusal(read: () => unknown): string | undefined {
  try {
    read();
    return undefined;
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`;
  }
}

describe('parseJsonObject and bytes that are not UTF-8', () => {
  it.each([
    ['a lone high surrogate as raw bytes', [0xed, 0xa0, 0x80]],
    ['a lone low surrogate as raw bytes', [0xed, 0xbf, 0xbf]],
    ['the byte FF', [0xff]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['a sequence cut short', [0xe2, 0x82]],
    ['a lone continuation byte', [0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('refuses %s as malformed_json (API Gateway hands such a body over in base64)', (_what, bytes) => {
    expect(refusal(() => parseJsonObject(event(named(Buffer.from(bytes)), true)))).toBe('malformed_json');
  });

  it('reads UTF-8, an escaped lone surrogate (the name rules refuse it later), and refuses a byte order mark as before', () => {
    expect(parseJsonObject(event(named(Buffer.from('🎉 ü', 'utf8')), true))).toEqual({ name: 'Ann🎉 üLee' });
    expect(parseJsonObject({ ...event(Buffer.alloc(0), false), body: '{"name":"Ann\\ud800Lee"}' })).toEqual({ name: 'Ann\ud800Lee' });
    expect(refusal(() => parseJsonObject(event(Buffer.from('\uFEFF{"a":1}', 'utf8'), true)))).toBe('malformed_json');
  });
});
