/** Deutsch: die E-Mails (model/messages/en/email.ts ist die Quelle). */
import type { email as source } from '../en/email';
import type { Translation } from '../index';

export const email: Translation<typeof source> = {
  'email.confirm.subject': 'Bestätigen Sie Ihre Teilnahme: {title}',
  'email.confirm.body': [
    'Jemand, hoffentlich Sie, hat mit dieser E-Mail-Adresse an „{title}“ teilgenommen:',
    '',
    '  Name:    {name}',
    '  Telefon: endet auf {phoneEnd}',
    '',
    'Um die Teilnahme zu bestätigen, öffnen Sie diesen Link und drücken Sie die Schaltfläche auf der Seite:',
    '',
    '  {link}',
    '',
    'Der Link gilt {hours} Stunden. Bis Sie bestätigen, nehmen Sie nicht teil.',
    'Wenn Sie es nicht waren, ignorieren Sie diese E-Mail: Ohne Sie wird nichts eingetragen.',
  ].join('\n'),
  'email.alreadyEntered.subject': 'Sie nehmen schon teil: {title}',
  'email.alreadyEntered.body': [
    'Jemand wollte mit dieser E-Mail-Adresse an „{title}“ teilnehmen. Diese Adresse nimmt schon teil.',
    '',
    'Jede Person nimmt einmal teil, und Ihre Teilnahme bleibt, wie sie ist: Sie müssen nichts tun.',
    'Wenn Sie es nicht waren, ignorieren Sie diese E-Mail.',
  ].join('\n'),
  'email.won.subject': 'Sie haben gewonnen: {title}',
  'email.wonPrize.subject': 'Sie haben {prize} gewonnen: {title}',
  'email.won.body': [
    'Herzlichen Glückwunsch, {name}!',
    '',
    'Sie wurden als Gewinner von {prize} in „{title}“ ausgelost (Auslosung {drawId}, {date}).',
    '',
    '{how}',
  ].join('\n'),
  'email.won.reply':
    'Um Ihren Preis zu erhalten, antworten Sie auf diese E-Mail. Der Veranstalter meldet sich auch per E-Mail oder Telefon.',
  'email.won.claimLink': [
    'Fordern Sie Ihren Preis bis {deadline} an: Öffnen Sie diesen Link und drücken Sie „Preis anfordern“.',
    '{link}',
    '',
    'Ein Preis, der bis dahin nicht angefordert wird, geht an die nächste Person, die an Ihrer Stelle gezogen wird. Der Veranstalter meldet sich auch per E-Mail oder Telefon.',
  ].join('\n'),
  'email.won.aPrize': 'einem Preis',
  'email.won.namedPrize': '„{prize}“',
  'email.organiser.drawComplete': 'Auslosung abgeschlossen',
  'email.organiser.replacement': 'Ersatz ausgelost',
  'email.organiser.subject': { one: '{title}: {what}{prize}, {count} Gewinner', other: '{title}: {what}{prize}, {count} Gewinner' },
  'email.organiser.prizeInSubject': ' ({prize})',
  'email.organiser.summary': '{what} in „{title}“: Auslosung {drawId}, abgeschlossen um {completedAt}.',
  'email.organiser.prize': 'Preis: {prize}',
  'email.organiser.noPrize': '(keiner genannt)',
  'email.organiser.winners': {
    one: 'Gewinner: {count} ({requested} verlangt), aus {entrants} Teilnehmenden.',
    other: 'Gewinner: {count} ({requested} verlangt), aus {entrants} Teilnehmenden.',
  },
  'email.organiser.replaces': 'Sie ersetzt einen Gewinner der Auslosung {drawId}, der für ungültig erklärt oder gelöscht wurde.',
  'email.organiser.fewer': 'Weniger Gewinner als verlangt: Niemand sonst war teilnahmeberechtigt.',
  'email.organiser.where': 'Die Gewinner und wie sie zu erreichen sind, stehen auf der Seite der Verlosung: {url}',
  'email.organiser.adminDomain': '(die Admin-Domain)',
};
