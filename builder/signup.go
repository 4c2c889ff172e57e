package builder

import (
	"cmp"
	"fmt"
	"net/url"
)

// DefaultEndpoint is where the signup form posts when newsletter.endpoint
// is not set: a path that kopij serve and kopij newsletter serve --site
// answer, and a static host does not.
const DefaultEndpoint = "/_newsletter/subscribe"

// SignupWarning warns when the signup form of a site with configuration
// cfg posts to a path of the site itself (the default, or a relative
// endpoint), which only a server with the signup routes answers: on a
// static host every signup would end on a 404 page. It is "" when the
// form posts elsewhere or is off. kopij serve and kopij newsletter serve
// --site answer that path; the build for them needs no warning.
func SignupWarning(cfg Config) string {
	if !cfg.NewsletterEnabled() {
		return ""
	}
	ep := cmp.Or(cfg.Newsletter.Endpoint, DefaultEndpoint)
	if u, err := url.Parse(ep); err == nil && u.IsAbs() {
		return ""
	}
	return fmt.Sprintf("%s: newsletter: the signup form posts to %s, which a static host does not answer "+
		"(run kopij newsletter serve and set [newsletter] endpoint = \"https://…/subscribe\" to its address; "+
		"or serve this output with kopij newsletter serve --site public/ and build with --signup-served; "+
		"or set [newsletter] enabled = false)", ConfigFile, ep)
}
