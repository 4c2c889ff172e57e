package newsletter

// msg names a message shown to a reader, in JSON answers, on the small
// pages the handler serves and as the ?status= of the thank-you redirect.
type msg string

// The messages. Their names are also the status values the thank-you page
// receives: /subscribed/?status=pending and so on.
const (
	msgPending      msg = "pending"      // check your inbox to confirm
	msgSubscribed   msg = "subscribed"   // single opt-in: done
	msgConfirmed    msg = "confirmed"    // confirmation link followed
	msgUnsubscribed msg = "unsubscribed" // unsubscribe done
	msgInvalid      msg = "invalid"      // the address was refused
	msgBadLink      msg = "invalid-link" // token wrong or expired
	msgLimited      msg = "rate-limited" // too many requests
	msgForbidden    msg = "forbidden"    // origin not allowed
	msgTooLarge     msg = "too-large"    // body over the limit
	msgError        msg = "error"        // internal error, logged
	msgUnsubAsk     msg = "unsubscribe-ask"
	msgUnsubButton  msg = "unsubscribe-button"
	msgMailSubject  msg = "mail-subject"
	msgMailBody     msg = "mail-body"
)

// texts holds the reader-facing text per language. Mail bodies use %[1]s
// for the site title, %[2]s for the confirm link and %[3]s for the
// unsubscribe link.
var texts = map[string]map[msg]string{
	"en": {
		msgPending:      "Almost done: check your inbox and click the link to confirm.",
		msgSubscribed:   "Thank you, you are subscribed.",
		msgConfirmed:    "Thank you, your subscription is confirmed.",
		msgUnsubscribed: "You are unsubscribed. You will get no more mail from us.",
		msgInvalid:      "That email address does not look right. Please check it and try again.",
		msgBadLink:      "This link is invalid or has expired. Please sign up again.",
		msgLimited:      "Too many attempts. Please wait a minute and try again.",
		msgForbidden:    "This form may not be sent from this site.",
		msgTooLarge:     "The form sent too much data.",
		msgError:        "Something went wrong on our side. Please try again later.",
		msgUnsubAsk:     "Do you want to unsubscribe from this newsletter?",
		msgUnsubButton:  "Unsubscribe",
		msgMailSubject:  "Confirm your subscription to %s",
		msgMailBody: "Hello,\r\n\r\nYou (or someone using your address) signed up for the newsletter of %[1]s.\r\n" +
			"Please confirm by opening this link within 7 days:\r\n\r\n%[2]s\r\n\r\n" +
			"If you did not sign up, ignore this mail and you will hear nothing more.\r\n\r\n" +
			"Unsubscribe: %[3]s\r\n",
	},
	"nl": {
		msgPending:      "Bijna klaar: kijk in je inbox en klik op de link om te bevestigen.",
		msgSubscribed:   "Bedankt, je bent ingeschreven.",
		msgConfirmed:    "Bedankt, je inschrijving is bevestigd.",
		msgUnsubscribed: "Je bent uitgeschreven. Je krijgt geen mail meer van ons.",
		msgInvalid:      "Dat e-mailadres lijkt niet te kloppen. Controleer het en probeer het opnieuw.",
		msgBadLink:      "Deze link is ongeldig of verlopen. Schrijf je opnieuw in.",
		msgLimited:      "Te veel pogingen. Wacht een minuut en probeer het opnieuw.",
		msgForbidden:    "Dit formulier mag niet vanaf deze site worden verstuurd.",
		msgTooLarge:     "Het formulier stuurde te veel gegevens.",
		msgError:        "Er ging bij ons iets mis. Probeer het later opnieuw.",
		msgUnsubAsk:     "Wil je je uitschrijven voor deze nieuwsbrief?",
		msgUnsubButton:  "Uitschrijven",
		msgMailSubject:  "Bevestig je inschrijving op %s",
		msgMailBody: "Hallo,\r\n\r\nJij (of iemand met jouw adres) schreef zich in voor de nieuwsbrief van %[1]s.\r\n" +
			"Bevestig dat binnen 7 dagen met deze link:\r\n\r\n%[2]s\r\n\r\n" +
			"Heb je je niet ingeschreven? Negeer deze mail, dan hoor je niets meer.\r\n\r\n" +
			"Uitschrijven: %[3]s\r\n",
	},
}

// text returns message m in lang, falling back to English.
func text(lang string, m msg) string {
	if t, ok := texts[lang][m]; ok {
		return t
	}
	return texts["en"][m]
}

// pickLang returns "nl" or "en" for a form's lang field, else fallback.
func pickLang(lang, fallback string) string {
	switch lang {
	case "nl", "en":
		return lang
	}
	if len(lang) >= 2 {
		if p := lang[:2]; p == "nl" || p == "en" {
			return p
		}
	}
	if fallback == "nl" || len(fallback) >= 2 && fallback[:2] == "nl" {
		return "nl"
	}
	return "en"
}

// Statuses lists every outcome the handler sends a form's reader to the
// thank-you page with, as ?status= and as the fragment #status-...; a
// theme's page needs a message for each, and shows none of them as a
// success unless it is one.
func Statuses() []string {
	var out []string
	for _, m := range []msg{msgSubscribed, msgPending, msgConfirmed, msgUnsubscribed, msgInvalid, msgBadLink, msgLimited, msgForbidden, msgTooLarge, msgError} {
		out = append(out, string(m))
	}
	return out
}
