/** The organiser's console (draw.html) and the local outbox. English, the source. */
export const consoleMessages = {
  'console.title': 'Raffle console',
} as const;
