/**
 * Real drand quicknet beacons, recorded (public relays' /public/<round> answers, as they appear verbatim
 * in public repositories), for checking the verification offline with real signatures.
 */
import type { Beacon } from '../../verify/selection';

export const RECORDED_QUICKNET_BEACONS: readonly Beacon[] = [
  {
    round: 1000,
    signature: 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
    randomness: 'fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd',
  },
  {
    round: 657413,
    signature: 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b',
    randomness: 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587',
  },
  {
    round: 5928395,
    signature: 'a5d07c0071b4e386b3ae09206522253c68fefe8490ad59ecc44a7dd0d0745be91da5779e2247a82403fbc0cb9a34cb61',
    // The source recorded only the signature; the randomness is by definition its SHA-256.
    randomness: '51722dab0761a1ba5b39f653fa87bef41b442d91fc926a4d727a6be87373fc58',
  },
];
