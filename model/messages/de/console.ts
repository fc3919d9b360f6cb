/** Deutsch: die Konsole für Veranstalter (model/messages/en/console.ts ist die Quelle). */
import type { consoleMessages as source } from '../en/console';
import type { Translation } from '../index';

export const consoleMessages: Translation<typeof source> = {
  'console.title': 'Konsole der Verlosung',
};
