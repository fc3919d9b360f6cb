/**
 * How the public results show a winner's name (functions/results/mask.ts), over a table of real-world
 * names: the first name-bearing word whole, and the initial of the last, particles skipped; words
 * without a letter dropped; one word shown whole, or, in a script written without spaces, its first
 * character; nothing to show is null.
 */
import { maskedName } from '../../../functions/results/mask';

describe('maskedName', () => {
  it.each<[string, string | null]>([
    // The plain case, and what someone typed around it.
    ['Grace Hopper', 'Grace H.'],
    ['  ada   king  lovelace ', 'ada L.'],
    ['Grace Hopper 1000', 'Grace H.'],
    ['Grace 1000 Hopper', 'Grace H.'],
    ['1000 Grace Hopper', 'Grace H.'],
    ['Grace Hopper 🎉', 'Grace H.'],
    ['(Grace) "Hopper"', 'Grace H.'],
    ['Grace Hopper-', 'Grace H.'],
    ['Grace H', 'Grace H.'],
    ['Grace H.', 'Grace H.'],
    ['2Pac Shakur', '2Pac S.'],
    // Particles: the initial is of the name, not of "van", "al-" or "d'".
    ['Ludwig van Beethoven', 'Ludwig B.'],
    ['Vincent van Gogh', 'Vincent G.'],
    ['Leonardo da Vinci', 'Leonardo V.'],
    ['Ahmed al-Sayed', 'Ahmed S.'],
    ['Charles d’Artagnan', 'Charles A.'],
    ["Charles d'Artagnan", 'Charles A.'],
    ['Anna de', 'Anna'],
    ['Anna van der', 'Anna'],
    ['Van Morrison', 'Van M.'],
    ["Conan O'Brien", 'Conan O.'],
    ['José María García-López', 'José G.'],
    ['María de los Ángeles', 'María Á.'],
    ['Émile Ünal', 'Émile Ü.'],
    ['E\u0301mile U\u0308nal', 'E\u0301mile U\u0308.'],
    ['Zoë 𝒜bc', 'Zoë 𝒜.'],
    // Family name first (Vietnamese, Hungarian): we cannot know; the rule is applied as written.
    ['Nguyễn Văn An', 'Nguyễn A.'],
    // Other scripts with spaces between the names.
    ['محمد بن سلمان', 'محمد س.'],
    ['محمد بن', 'محمد'],
    ['Алексей Иванов', 'Алексей И.'],
    ['山田 太郎', '山田 太.'],
    // One word: shown whole (a single given name identifies little, and it is what they gave)...
    ['Madonna', 'Madonna'],
    ['Cher', 'Cher'],
    ['x'.repeat(50), 'x'.repeat(30)],
    // ...but a script written without spaces runs the whole name together: its first character only.
    ['王小明', '王.'],
    ['김민준', '김.'],
    ['やまだたろう', 'や.'],
    // An address typed as a name: only what precedes the "@", its parts as words.
    ['grace.hopper@example.com', 'grace H.'],
    ['Grace hopper@example.com', 'Grace H.'],
    ['grace_hopper+raffle@example.com', 'grace H.'],
    ['res1@example.com', 'res1'],
    // Nothing that names anyone: null (the page says a winner, not who).
    ['1000', null],
    ['🎉🎉', null],
    ['@example.com', null],
    ['+1 415 555 0100', null],
    ['', null],
  ])('shows %j as %j', (name, shown) => {
    expect(maskedName(name)).toBe(shown);
  });
});
