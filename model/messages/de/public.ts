/** Deutsch: die öffentlichen Seiten (model/messages/en/public.ts ist die Quelle). */
import type { publicMessages as source } from '../en/public';
import type { Translation } from '../index';

// Spans ({span}, {wait}) are nominative ("3 Tage"): the sentences put them where German needs no dative ("noch 3 Tage").
export const publicMessages: Translation<typeof source> = {
  'site.nav': 'Website',
  'site.results': 'Ergebnisse',
  'site.seeRaffles': 'Verlosungen ansehen',
  'raffle.notFound': 'Verlosung nicht gefunden',
  'raffles.failed': 'Die Verlosungen konnten nicht geladen werden',

  'index.title': 'Verlosungen',
  'index.lead':
    'Nehmen Sie an einer offenen Verlosung teil, sehen Sie, welche bald beginnen, und finden Sie die Gewinner der letzten Ziehungen.',
  'index.loading': 'Die Verlosungen werden geladen …',
  'index.open': 'Teilnahme möglich',
  'index.upcoming': 'Beginnen bald',
  'index.drawn': 'Kürzlich ausgelost',
  'index.none': 'Zurzeit gibt es keine Verlosung. Schauen Sie bald wieder vorbei.',
  'index.allResults': 'Ergebnisse aller Verlosungen',

  'apply.title': 'An einer Verlosung teilnehmen',
  'apply.titleFor': '{title}: teilnehmen',
  'apply.loading': 'Die Verlosung wird geladen …',
  'apply.pickerHeading': 'Verlosungen mit offener Teilnahme',
  'apply.prizes': 'Preise',
  'apply.entryHeading': 'Ihre Teilnahme',
  'apply.loadFailed': 'Die Verlosung konnte nicht geladen werden',
  'apply.notYet': 'Die Teilnahme ist noch nicht möglich. Beginn: {opens} (noch {span}). Kommen Sie dann wieder.',
  'apply.notYetLater': 'Die Teilnahme ist noch nicht möglich. Kommen Sie später wieder.',
  'apply.drawn': 'Die Gewinner wurden ausgelost.',
  'apply.closedEarly': 'Die Teilnahme an dieser Verlosung ist geschlossen.',
  'apply.closedThanks': 'Vielen Dank für Ihr Interesse. Die Gewinner erscheinen nach der Ziehung auf der Ergebnisseite.',
  'apply.notFound':
    'Unter dieser Adresse gibt es keine Verlosung. Prüfen Sie den Link, dem Sie gefolgt sind, oder wählen Sie eine Verlosung aus der Liste.',
  'apply.noneOpen': 'Zurzeit ist bei keiner Verlosung eine Teilnahme möglich.',
  'apply.seeResults': 'Ergebnisse dieser Verlosung ansehen',
  'apply.seeWinners': 'Gewinner ansehen',
  'apply.seeOpen': 'Offene Verlosungen ansehen',
  'apply.seeSoon': 'Bald beginnende Verlosungen und aktuelle Ergebnisse ansehen',
  'apply.resultsLink': 'Ergebnisse dieser Verlosung',
  'apply.pastResults': 'Ergebnisse früherer Ziehungen',
  'apply.how.email': {
    one: 'Eine Teilnahme pro Person. Wir senden Ihnen per E-Mail einen Link zur Bestätigung: Sie nehmen teil, sobald Sie auf der verlinkten Seite die Schaltfläche drücken (der Link gilt {count} Stunde). Die Gewinner werden zufällig gezogen und per E-Mail oder Telefon benachrichtigt.',
    other:
      'Eine Teilnahme pro Person. Wir senden Ihnen per E-Mail einen Link zur Bestätigung: Sie nehmen teil, sobald Sie auf der verlinkten Seite die Schaltfläche drücken (der Link gilt {count} Stunden). Die Gewinner werden zufällig gezogen und per E-Mail oder Telefon benachrichtigt.',
  },
  'apply.how.grace': 'Wer sich vor Teilnahmeschluss angemeldet hat, kann die Teilnahme bis zur Ziehung über die E-Mail bestätigen.',
  'apply.how.instant':
    'Eine Teilnahme pro Person: Sie nehmen teil, sobald Sie dieses Formular absenden. Die Gewinner werden zufällig gezogen und per E-Mail oder Telefon benachrichtigt.',

  'entry.email.label': 'E-Mail-Adresse',
  'entry.name.label': 'Vollständiger Name',
  'entry.phone.label': 'Telefonnummer',
  'entry.phone.hint': 'Mit Ländervorwahl, zum Beispiel +49 30 1234567.',
  'entry.website.label': 'Website',
  'entry.consent': 'Ich akzeptiere die {rules}.',
  'entry.consentPrivacy': 'Ich akzeptiere die {rules} und die {privacy}.',
  'entry.rules': 'Teilnahmebedingungen',
  'entry.privacy': 'Datenschutzhinweise',
  'entry.submit': 'Teilnehmen',
  'entry.submitting': 'Wird gesendet …',
  'entry.email.required': 'Geben Sie Ihre E-Mail-Adresse ein.',
  'entry.name.required': 'Geben Sie Ihren Namen ein.',
  'entry.phone.required': 'Geben Sie Ihre Telefonnummer ein.',
  'entry.name.control_characters': 'Entfernen Sie die Sonderzeichen aus Ihrem Namen (Tabulatoren, Zeilenumbrüche oder Richtungszeichen).',
  'entry.name.no_visible_characters': 'Geben Sie Ihren Namen in Buchstaben ein: Hier ist nichts Sichtbares enthalten.',
  'entry.email.not_an_address': 'Geben Sie eine E-Mail-Adresse wie name@example.com ein.',
  'entry.email.address_not_ascii': 'Verwenden Sie vor dem @ Ihrer Adresse nur die Buchstaben a bis z, Ziffern und . _ + -.',
  'entry.phone.not_international': 'Beginnen Sie mit + und Ihrer Ländervorwahl, zum Beispiel +49 30 1234567.',
  'entry.phone.not_a_number': 'Das ist keine Telefonnummer für diese Ländervorwahl. Prüfen Sie die Ziffern.',
  'entry.checkEmail': {
    one: 'Sehen Sie in Ihr E-Mail-Postfach: Wir haben Ihnen einen Link zur Bestätigung gesendet. Er gilt {count} Stunde. Sie nehmen teil, sobald Sie bestätigen.',
    other:
      'Sehen Sie in Ihr E-Mail-Postfach: Wir haben Ihnen einen Link zur Bestätigung gesendet. Er gilt {count} Stunden. Sie nehmen teil, sobald Sie bestätigen.',
  },
  'entry.emailHeld':
    'Wir haben dieser Adresse vor weniger als einer Minute einen Link gesendet und deshalb keinen weiteren verschickt. Verwenden Sie den Link aus dieser E-Mail (sehen Sie auch im Spam-Ordner nach). Wartezeit bis zu einem neuen Link: {wait}.',
  'entry.emailHeldRecently':
    'Wir haben dieser Adresse heute bereits mehrere Links gesendet und deshalb keinen weiteren verschickt. Verwenden Sie den Link aus einer dieser E-Mails (sehen Sie auch im Spam-Ordner nach). Wartezeit bis zu einem neuen Link: {wait}.',
  'entry.entered': 'Sie nehmen teil. Viel Glück! Wir melden uns, wenn Sie gewinnen.',
  'entry.another': 'Eine weitere Person anmelden',
  'entry.failed': 'Etwas ist schiefgegangen, und Ihre Teilnahme wurde nicht gespeichert. Bitte versuchen Sie es erneut.',
  'entry.notSaved': 'Ihre Teilnahme wurde nicht gespeichert.',

  'apply.labelAgain':
    'Der Code ist zufällig und verrät nichts über Sie. Hatte diese Adresse schon teilgenommen, bleibt diese Teilnahme unverändert, und dieser Code ist nicht ihr Code: Es gilt der Code, der damals angezeigt wurde.',

  'confirm.title': 'Teilnahme an der Verlosung bestätigen',
  'confirm.lead': 'Nur noch ein Schritt: Drücken Sie die Schaltfläche, um zu bestätigen, dass diese Teilnahme von Ihnen stammt.',
  'confirm.button': 'Teilnahme bestätigen',
  'confirm.busy': 'Wird bestätigt …',
  'confirm.afterDeadline':
    'Die Teilnahme ist inzwischen geschlossen, aber Sie haben sich vor Teilnahmeschluss angemeldet: Ihre Teilnahme zählt bei der Ziehung.',
  'confirm.invalid':
    'Dieser Link funktioniert nicht mehr: Er ist abgelaufen oder wurde schon verwendet. Melden Sie sich erneut an, um einen neuen zu erhalten.',
  'confirm.phoneTaken': 'Diese Telefonnummer wird bereits für eine andere Teilnahme verwendet. Jede Person kann einmal teilnehmen.',
  'confirm.drawn':
    'Die Gewinner dieser Verlosung wurden bereits gezogen, daher kann diese Teilnahme nicht mehr bestätigt werden. Anmeldungen vor Teilnahmeschluss können bis zur Ziehung bestätigt werden.',
  'confirm.failed': 'Etwas ist schiefgegangen, und Ihre Teilnahme ist noch nicht bestätigt. Bitte versuchen Sie es erneut.',
  'confirm.noToken': 'Dieser Link enthält keinen Bestätigungscode. Öffnen Sie den Link aus Ihrer E-Mail erneut.',
  'confirm.label':
    'Ihr Code für diese Verlosung steht unten. Bewahren Sie diesen Code auf: Nach einer überprüfbaren Ziehung können Sie auf der Ergebnisseite prüfen, dass Sie an der Ziehung teilgenommen haben.',
  'confirm.labelName': 'Ihr Code',
  'confirm.labelPrivacy':
    'Der Code ist zufällig: Er verrät nichts über Sie, und Ihre Codes in anderen Verlosungen haben nichts mit ihm zu tun.',
  'confirm.back': 'Zurück zur Verlosung',
  'confirm.backTo': 'Zurück zur Verlosung: {title}',

  'claim.title': 'Preis anfordern',
  'claim.lead': 'Sie wurden als Gewinner gezogen. Drücken Sie die Schaltfläche, um Ihren Preis vor der Frist in Ihrer E-Mail anzufordern.',
  'claim.button': 'Preis anfordern',
  'claim.busy': 'Wird angefordert …',
  'claim.claimed': 'Ihr Preis ist angefordert ({when}). Der Veranstalter meldet sich bei Ihnen, um ihn zu übergeben.',
  'claim.claimedPrize': 'Ihr Preis, {prize}, ist angefordert ({when}). Der Veranstalter meldet sich bei Ihnen, um ihn zu übergeben.',
  'claim.expired':
    'Die Frist für diesen Preis ist abgelaufen, daher geht er an die nächste Person, die an Ihrer Stelle gezogen wird. Wenn Sie das für einen Fehler halten, antworten Sie auf die E-Mail.',
  'claim.invalid': 'Dieser Link funktioniert nicht: Öffnen Sie den vollständigen Link aus Ihrer E-Mail erneut.',
  'claim.failed': 'Etwas ist schiefgegangen, und Ihr Preis ist noch nicht angefordert. Bitte versuchen Sie es erneut.',
  'claim.noToken': 'Dieser Link enthält keinen Anforderungscode. Öffnen Sie den Link aus Ihrer E-Mail erneut.',
  'claim.results': 'Ergebnisse ansehen',
  'claim.resultsFor': 'Ergebnisse ansehen: {title}',

  'results.title': 'Ergebnisse der Verlosung',
  'results.titleFor': 'Ergebnisse: {title}',
  'results.loading': 'Die Ergebnisse werden geladen …',
  'results.none': 'Noch keine Ziehung. Schauen Sie nach der Ziehung wieder vorbei.',
  'results.noRaffles': 'Zurzeit gibt es keine Verlosung.',
  'results.notFound':
    'Unter dieser Adresse gibt es keine Verlosung. Prüfen Sie den Link, dem Sie gefolgt sind, oder wählen Sie eine Verlosung aus der Liste.',
  'results.failed': 'Die Ergebnisse konnten nicht geladen werden',
  'results.pick': 'Verlosung auswählen',
  'results.freshness': 'Eine neue Ziehung erscheint hier spätestens nach {span}.',
  'results.otherDraws': 'Weitere Ziehungen',
  'results.drawn': 'Ausgelost: {time}',
  'results.committedAt': 'Festgelegt: {time}',
  'results.entrants': { one: '{count} Person hatte teilgenommen', other: '{count} Personen hatten teilgenommen' },
  'results.pool': {
    one: 'gezogen unter {count} Person, die noch nicht gewonnen hatte',
    other: 'gezogen unter {count} Personen, die noch nicht gewonnen hatten',
  },
  'results.replaces': 'Ersetzt einen Gewinner {draw}.',
  'results.replacesDraw': 'der Ziehung vom {time}',
  'results.replacesEarlier': 'einer früheren Ziehung',
  'results.erased': '(gelöscht)',
  'results.claimed': 'Preis angefordert',
  'results.claimWaiting': 'Noch nicht angefordert, möglich bis {deadline}',
  'results.replacedUnclaimed': 'Nicht rechtzeitig angefordert, ersetzt: {link}',
  'results.unclaimed': 'Nicht rechtzeitig angefordert: wird ersetzt',
  'results.replaced': 'ersetzt',
  'results.replacedLink': 'Ersatzziehung ansehen',
  'results.voidNoReplacement': 'ungültig',
  'results.noneLeft': 'Es war niemand mehr zu ziehen.',
  'results.waiting': 'Die Gewinner stehen fest, sobald die Runde vorliegt.',
  'results.verifiable.committed': 'Überprüfbare Ziehung, festgelegt: wartet auf {beacon}, Runde {round}.',
  'results.verifiable.decided': 'Überprüfbare Ziehung, entschieden durch {beacon}, Runde {round}.',
  'results.verifiable.drand': 'drand quicknet',
  'results.verifiable.local': 'den lokalen Zufallsgeber (nicht öffentlich überprüfbar)',
  'results.verifiable.hash': 'Liste aller, die gewinnen konnten: SHA-256 {hash}…',
  'results.verifiable.files': 'Dateien:',
  'results.about': 'Wie die Gewinner gezogen und gezeigt werden',
  'results.shown':
    'Gewinner werden mit Vornamen und dem Anfangsbuchstaben des Nachnamens gezeigt, zum Beispiel „Grace H.“, nie mit E-Mail-Adresse oder Telefonnummer. Kann ein Gewinner seinen Preis nicht annehmen, wird der Gewinn für ungültig erklärt und unter den Personen, die noch nicht gewonnen haben, ein Ersatz zufällig gezogen; der Ersatz ist als solcher gekennzeichnet. Wer die Löschung seiner Daten verlangt hat, erscheint als „(gelöscht)“.',
  'results.verifyDrawId': 'Ziehungs-ID',
  'results.verifyHeading': 'Eine überprüfbare Ziehung selbst prüfen',
  'results.verifyHow':
    'Eine als „überprüfbar“ gekennzeichnete Ziehung wurde festgelegt, bevor ihr Zufall existierte: Die Liste aller, die gewinnen konnten (als zufällige Kennungen, ohne Namen), ihr SHA-256-Hash und eine künftige Runde des öffentlichen Zufallsgebers drand wurden zuerst veröffentlicht. Sobald diese Runde vorliegt, kann jeder die Gewinner nachrechnen. Mit Node.js 20 und einer Kopie dieses Projekts:',
  'results.verifyWhat':
    'Der Befehl lädt die vier Dateien der Ziehung (oben bei jeder Ziehung aufgeführt), prüft die Liste gegen ihren veröffentlichten Hash und die Signatur des Zufallswerts gegen den öffentlichen Schlüssel von drand, berechnet die Rangfolge neu und gibt eine Zeile aus: MATCH oder was nicht übereinstimmt.',
  'results.find.heading': 'Ihre Teilnahme finden',
  'results.find.lead':
    'Fügen Sie den Code ein, den Sie bei der Bestätigung Ihrer Teilnahme erhalten haben. Er wird hier in Ihrem Browser mit den veröffentlichten Dateien jeder überprüfbaren Ziehung verglichen: Der Code wird nirgendwohin gesendet.',
  'results.find.label': 'Ihr Code',
  'results.find.submit': 'Prüfen',
  'results.find.busy': 'Wird geprüft …',
  'results.find.invalid': 'Ein Code hat 20 Zeichen: die Ziffern 0 bis 9 und die Buchstaben a bis f.',
  'results.find.found': { one: '{count} überprüfbare Ziehung geprüft.', other: '{count} überprüfbare Ziehungen geprüft.' },
  'results.find.notInPool': {
    one: 'Nicht unter den Teilnehmenden dieser Ziehung ({count} Code).',
    other: 'Nicht unter den Teilnehmenden dieser Ziehung ({count} Codes).',
  },
  'results.find.waiting': 'Unter den Teilnehmenden. Der Rang steht fest, sobald die Beacon-Runde existiert.',
  'results.find.rank': 'Unter den Teilnehmenden, auf Rang {rank} von {count}.',
  'results.find.won': 'Gewonnen.',
  'results.find.wonReplacement': 'Gewonnen, als Ersatz für einen ungültig erklärten Gewinn.',
  'results.find.voided': 'Gewonnen, aber der Gewinn wurde ungültig erklärt; der nächste Code der Rangfolge hat ihn übernommen.',
  'results.find.voidedUnclaimed':
    'Gewonnen, aber der Preis wurde nicht bis {deadline} angefordert; der nächste Code der Rangfolge hat ihn übernommen.',
  'results.find.skipped': 'Übersprungen, aus dem Grund, den die Dateien der Ziehung nennen: {reason}',
  'results.find.skippedWon':
    'Übersprungen: Dieser Code hatte schon die Ziehung {draw} gewonnen ({time}), und jede Person gewinnt nur einmal.',
  'results.find.notReached': 'Nicht erreicht: Die Gewinner standen auf früheren Rängen fest.',
  'results.find.failed': 'Die Dateien dieser Ziehung konnten nicht gelesen werden. Versuchen Sie es später noch einmal.',
  'results.find.mismatch':
    'Die veröffentlichte Liste dieser Ziehung passt nicht zu ihrer Festlegung: Prüfen Sie die Ziehung mit verify-draw.',
  'results.enter': 'An dieser Verlosung teilnehmen',
  'results.aboutRaffle': 'Über diese Verlosung',
};
