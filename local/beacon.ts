/**
 * The local runtime's beacon: a stand-in for drand on a laptop with no internet, labelled for what it
 * is — "local beacon — not publicly verifiable". It has its own BLS key, made at start, and signs rounds
 * exactly as quicknet does (bls-unchained-g1-rfc9380, the same round clock), served like a relay:
 * GET /public/<round> answers once the round's time has come, 404 before. The whole verifiable path
 * runs against it; verify-draw accepts its beacons only under the key the commitment names, and says so.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { bls12_381 } from '@noble/curves/bls12-381';
import { DST, roundMessage, roundTime, sha256Hex } from '../verify/selection';

export interface LocalBeacon {
  /** The relay URL to put in BEACON_RELAYS. */
  readonly url: string;
  /** G2, compressed, hex: what verify-draw checks the beacons against. */
  readonly publicKey: string;
  stop(): Promise<void>;
}

export async function startLocalBeacon(now: () => number = Date.now): Promise<LocalBeacon> {
  const secretKey = bls12_381.utils.randomPrivateKey();
  const publicKey = Buffer.from(bls12_381.getPublicKeyForShortSignatures(secretKey)).toString('hex');
  const server = http.createServer((req, res) => {
    const match = /^\/public\/(\d{1,12})$/.exec(req.url ?? '');
    const round = match ? Number(match[1]) : NaN;
    if (!match || round < 1 || roundTime(round) * 1000 > now()) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such round yet"}');
      return;
    }
    const signature = Buffer.from(bls12_381.signShortSignature(roundMessage(round), secretKey, { DST })).toString('hex');
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ round, randomness: sha256Hex(Buffer.from(signature, 'hex')), signature }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    publicKey,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
