/** The public pages: the list of raffles, the entry form, confirmation and results. English, the source. */
export const publicMessages = {
  'entry.email.required': 'Enter your email address.',
  'entry.name.required': 'Enter your name.',
  'entry.phone.required': 'Enter your phone number.',
} as const;
