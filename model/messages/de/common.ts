/** Deutsch: die Wörter, die alle Seiten teilen (model/messages/en/common.ts ist die Quelle). */
import type { common as source } from '../en/common';
import type { Translation } from '../index';

export const common: Translation<typeof source> = {
  'language.name': 'Deutsch',
  'language.label': 'Sprache',

  'nav.allRaffles': 'Alle Verlosungen',

  'phase.draft': 'Entwurf',
  'phase.open': 'Offen',
  'phase.upcoming': 'Öffnet bald',
  'phase.closed': 'Geschlossen',
  'phase.drawn': 'Ausgelost',
  'phase.archived': 'Archiviert',

  'span.lessThanMinute': 'weniger als eine Minute',
  'span.days': { one: '{count} Tag', other: '{count} Tage' },
  'span.hours': { one: '{count} Stunde', other: '{count} Stunden' },
  'span.minutes': { one: '{count} Minute', other: '{count} Minuten' },
  'span.seconds': { one: '{count} Sekunde', other: '{count} Sekunden' },
  'span.pair': '{larger} und {smaller}',

  'timing.upcoming': 'Teilnahme ab {opens} (noch {span} bis dahin), bis {closes}.',
  'timing.open': 'Teilnahme bis {closes}: noch {span}.',
  'timing.closedAt': 'Teilnahmeschluss war {closes}.',
  'timing.closed': 'Die Teilnahme ist geschlossen.',
  'timing.draft': 'Nicht veröffentlicht. Teilnahmeschluss wäre {closes}.',

  'prize.winners': { one: '{count} Gewinner', other: '{count} Gewinner' },
  'prize.line': '{prize}: {winners}',
  'entered.count': { zero: 'Noch niemand nimmt teil.', one: '{count} Person nimmt teil.', other: '{count} Personen nehmen teil.' },

  'network.unreachable': 'Die Verlosung ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'network.reference': '(Referenz: {reference})',
  'zone.note': 'Zeiten in Ihrer Zeitzone ({zone}).',
  'failure.line': '{what}: {why}',

  'error.http': 'Der Server antwortete mit Status {status}.',
  'error.unknown': 'Der Server hat dies abgelehnt ({code}).',

  'error.malformed_json': 'Die Anfrage war nicht lesbar. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.invalid_body': 'Die Anfrage war nicht lesbar. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.missing_field': 'Füllen Sie dieses Feld aus.',
  'error.invalid_field': 'Prüfen Sie dieses Feld.',
  'error.body_too_large': 'Das ist zu viel Text auf einmal.',
  'error.unsupported_media_type': 'Die Anfrage war nicht lesbar. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.consent_required': 'Akzeptieren Sie die Teilnahmebedingungen, um teilzunehmen.',
  'error.entries_closed': 'Die Teilnahme an dieser Verlosung ist geschlossen.',
  'error.entries_not_open': 'Die Teilnahme an dieser Verlosung ist noch nicht möglich.',
  'error.raffle_not_found': 'Diese Verlosung gibt es nicht.',
  'error.raffle_exists': 'Eine Verlosung mit dieser Adresse gibt es schon. Wählen Sie eine andere.',
  'error.raffle_locked': 'Diese Verlosung lässt sich so nicht mehr ändern.',
  'error.entries_begun': 'Es nehmen schon Personen teil, daher lässt sich das nicht mehr ändern.',
  'error.invalid_status_change': 'Die Verlosung kann von ihrem jetzigen Status nicht in diesen wechseln.',
  'error.not_in_deployment': 'Diese Installation kann das nicht: Es ist in ihrer Konfiguration abgeschaltet.',
  'error.invalid_token': 'Dieser Bestätigungslink ist ungültig oder abgelaufen.',
  'error.phone_already_registered': 'Diese Telefonnummer nimmt schon teil.',
  'error.forbidden_origin': 'Senden Sie dies über die Seite der Verlosung.',
  'error.cross_origin_request': 'Diese Anfrage kam von einer anderen Website. Senden Sie sie von der Seite für Veranstalter.',
  'error.certificate_not_for_clients':
    'Dieses Zertifikat ist nicht zum Anmelden als Client ausgestellt. Wählen Sie das Veranstalter-Zertifikat, das Sie erhalten haben, und laden Sie die Seite neu.',
  'error.missing_idempotency_key': 'Die Anfrage ließ sich nicht sicher senden. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.draw_before_deadline': 'Die Teilnahme ist noch offen.',
  'error.no_eligible_entrants': 'Niemand ist mehr auszulosen: Alle haben schon gewonnen, oder niemand nimmt teil.',
  'error.scheduled_draw_pending': 'Eine Auslosung ist geplant und noch nicht gelaufen.',
  'error.invalid_idempotency_key': 'Die Anfrage ließ sich nicht sicher senden. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.idempotency_key_mismatch': 'Diese Anfrage wurde schon mit anderen Angaben gesendet. Laden Sie die Seite neu.',
  'error.invalid_cursor': 'Die Liste hat sich geändert. Laden Sie die Seite neu.',
  'error.draw_not_found': 'Diese Auslosung gibt es nicht.',
  'error.winner_not_found': 'Dieser Gewinner gehört nicht zu dieser Auslosung.',
  'error.winner_already_void': 'Dieser Gewinn wurde schon für ungültig erklärt.',
  'error.export_too_large': 'Die Liste ist zu groß, um sie auf einmal zu exportieren.',
  'error.verifiable_not_enabled': 'Überprüfbare Auslosungen sind für diese Verlosung nicht eingeschaltet.',
  'error.beacon_unavailable': 'Der öffentliche Zufallsdienst ist nicht erreichbar. Versuchen Sie es in einer Minute erneut.',
  'error.beacon_invalid':
    'Der öffentliche Zufallsdienst hat einen Wert gesendet, der sich nicht prüfen lässt. Versuchen Sie es später erneut.',
  'error.pool_changed': 'Die Teilnehmenden haben sich während der Vorbereitung geändert. Versuchen Sie es erneut.',
  'error.pool_locked':
    'Eine überprüfbare Ziehung wartet auf ihren Zufallswert: Bis ihre Gewinner gezogen sind, können sich die Teilnehmenden nicht ändern. Versuchen Sie es in ein bis zwei Minuten erneut.',
  'error.claim_expired': 'Die Frist für diesen Gewinn ist abgelaufen, daher geht er an jemand anderen.',
  'error.no_claim_period': 'Diese Verlosung hat keine Abholfrist: Ihre Gewinne werden nicht beansprucht.',
  'error.no_alternates':
    'Nur eine überprüfbare Ziehung hat Nachrückende: Eine Zufallsziehung wählt den Ersatz erst, wenn ein Gewinn ungültig wird.',
  'error.service_busy': 'Die Verlosung ist gerade sehr beschäftigt. Warten Sie einen Moment und versuchen Sie es erneut.',
  'error.internal_error': 'Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es erneut.',

  'problem.required': 'Füllen Sie dieses Feld aus.',
  'problem.not_text': 'Geben Sie dies als Text ein.',
  'problem.too_long': { one: 'Höchstens {count} Zeichen.', other: 'Höchstens {count} Zeichen.' },
  'problem.control_characters': 'Entfernen Sie die Sonderzeichen (Tabulatoren, Zeilenumbrüche oder Richtungszeichen).',
  'problem.broken_characters': 'Ein Teil eines Zeichens fehlt. Geben Sie den Text neu ein.',
  'problem.no_visible_characters': 'Geben Sie Buchstaben ein: Hier ist nichts Sichtbares.',
  'problem.not_an_address': 'Geben Sie eine Adresse wie name@example.com ein.',
  'problem.address_not_ascii': 'Vor dem @ nur die Buchstaben a bis z, Ziffern und . _ + - verwenden.',
  'problem.not_international': 'Beginnen Sie mit + und der Landesvorwahl, zum Beispiel +49 30 901820.',
  'problem.not_a_number': 'Das ist keine Telefonnummer für diese Landesvorwahl.',
};
