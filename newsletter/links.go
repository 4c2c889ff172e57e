package newsletter

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// confirmMail builds the double opt-in mail for email's signup generation.
func (h *Handler) confirmMail(email, lang string, generation int64) Message {
	base := h.opt.PublicURL
	now := h.opt.Now()
	// lang rides along so the pages after the click speak the form's language.
	token := h.signer.SignGeneration(PurposeConfirm, email, generation, now.Add(h.opt.ConfirmTTL))
	confirm := base + "confirm?" + url.Values{"token": {token}, "lang": {lang}}.Encode()
	unsub := h.unsubscribeURL(base, email, lang)
	title := h.opt.SiteTitle
	if title == "" {
		if u, err := url.Parse(base); err == nil {
			title = u.Host
		}
	}
	return Message{
		To:             email,
		Subject:        fmt.Sprintf(text(lang, msgMailSubject), title),
		Text:           fmt.Sprintf(text(lang, msgMailBody), title, confirm, unsub),
		UnsubscribeURL: unsub,
		Lang:           lang,
	}
}

// unsubscribeURL returns the unsubscribe link for email below base, the
// absolute URL of the handler's mount point.
func (h *Handler) unsubscribeURL(base, email, lang string) string {
	return UnsubscribeURL(h.signer, base, email, lang)
}

func (h *Handler) confirm(w http.ResponseWriter, r *http.Request) {
	lang := pickLang(r.URL.Query().Get("lang"), h.opt.Lang)
	email, gen, err := h.signer.VerifyGeneration(r.URL.Query().Get("token"), PurposeConfirm, h.opt.Now())
	if err != nil {
		h.respond(w, r, lang, http.StatusBadRequest, false, msgBadLink)
		return
	}
	err = h.store.Confirm(r.Context(), email, gen, h.opt.Now().UTC())
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrNotPending):
		h.respond(w, r, lang, http.StatusBadRequest, false, msgBadLink)
	case err != nil:
		h.log.Error("newsletter confirm", "err", err)
		h.unavailable(w, r, lang)
	default:
		h.respond(w, r, lang, http.StatusOK, true, msgConfirmed)
	}
}

// unsubscribePage asks before unsubscribing: mail scanners follow links
// with GET, and must not unsubscribe anyone.
func (h *Handler) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	lang := pickLang(r.URL.Query().Get("lang"), h.opt.Lang)
	if _, err := h.signer.Verify(r.URL.Query().Get("token"), PurposeUnsubscribe, h.opt.Now()); err != nil {
		h.page(w, lang, http.StatusBadRequest, text(lang, msgBadLink), false)
		return
	}
	h.page(w, lang, http.StatusOK, text(lang, msgUnsubAsk), true)
}

// unsubscribe handles the page's button and RFC 8058 one-click POSTs. The
// token is the authorisation, so no origin check: mail providers post
// without one.
func (h *Handler) unsubscribe(w http.ResponseWriter, r *http.Request) {
	lang := pickLang(r.URL.Query().Get("lang"), h.opt.Lang)
	body, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	token := r.URL.Query().Get("token")
	if token == "" {
		if v, err := url.ParseQuery(string(body)); err == nil {
			token = v.Get("token")
		}
	}
	email, err := h.signer.Verify(token, PurposeUnsubscribe, h.opt.Now())
	if err != nil {
		h.respond(w, r, lang, http.StatusBadRequest, false, msgBadLink)
		return
	}
	// An unknown address answers the same: the list must not be probed.
	if err := h.store.Unsubscribe(r.Context(), email, h.opt.Now().UTC()); err != nil && !errors.Is(err, ErrNotFound) {
		h.log.Error("newsletter unsubscribe", "err", err)
		h.unavailable(w, r, lang)
		return
	}
	if strings.Contains(string(body), "List-Unsubscribe=One-Click") && !wantsJSON(r) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, text(lang, msgUnsubscribed))
		return
	}
	h.respond(w, r, lang, http.StatusOK, true, msgUnsubscribed)
}
