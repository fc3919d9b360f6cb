/** Test-only table writes (testkit/seed-entrants.ts): many entrants at once, a win undone, tickets wasted. */
export { seedEntrants, undoWin, wasteTickets } from '../../../testkit/seed-entrants';
