/** Test-only table writes (testkit/seed-entrants.ts): many entrants at once, a win undone. */
export { seedEntrants, undoWin } from '../../../testkit/seed-entrants';
