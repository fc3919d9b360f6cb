/**
 * The local runtime's beacon: a stand-in for drand on a laptop with no internet, labelled for what it
 * is (chain "local": not publicly verifiable). It has its own BLS key, made at start, and signs rounds
 * exactly as quicknet does (bls-unchained-g1-rfc9380, the same round clock), on the runtime's clock: a
 * round exists once its time has come. The whole verifiable path runs against it; verify-draw accepts
 * its beacons only under the key the commitment names, and says so.
 */
import { bls12_381 } from '@noble/curves/bls12-381';
import { BeaconUnavailable, type BeaconSource, type Clock } from '../functions/runtime/ports';
import { DST, LOCAL_CHAIN_HASH, roundMessage, roundTime, sha256Hex, type Beacon } from '../verify/commitment';

export interface LocalBeacon extends BeaconSource {
  /** Round `round`, signed, whether or not its time has come (tests that need a round now). */
  sign(round: number): Beacon;
}

export function createLocalBeacon(clock: Clock): LocalBeacon {
  const secretKey = bls12_381.utils.randomPrivateKey();
  const publicKey = Buffer.from(bls12_381.getPublicKeyForShortSignatures(secretKey)).toString('hex');
  const sign = (round: number): Beacon => {
    const signature = Buffer.from(bls12_381.signShortSignature(roundMessage(round), secretKey, { DST })).toString('hex');
    return { round, randomness: sha256Hex(Buffer.from(signature, 'hex')), signature };
  };
  return {
    chain: { chainHash: LOCAL_CHAIN_HASH, publicKey },
    sign,
    async round(round) {
      if (round < 1 || roundTime(round) * 1000 > clock.now().getTime())
        throw new BeaconUnavailable([`local beacon: round ${round} is not out yet`]);
      return sign(round);
    },
  };
}
