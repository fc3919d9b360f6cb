/** Deutsch: die öffentlichen Seiten (model/messages/en/public.ts ist die Quelle). */
import type { publicMessages as source } from '../en/public';
import type { Translation } from '../index';

export const publicMessages: Translation<typeof source> = {
  'entry.email.required': 'Geben Sie Ihre E-Mail-Adresse ein.',
  'entry.name.required': 'Geben Sie Ihren Namen ein.',
  'entry.phone.required': 'Geben Sie Ihre Telefonnummer ein.',
};
