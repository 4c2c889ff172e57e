package serve

import (
	"net"
	"net/http"
	"strings"
)

// HostAllowed reports whether the dev server answers a request for host
// (a Host header or an Origin's host, with or without port): loopback
// names and addresses (localhost, *.localhost, 127.0.0.0/8, ::1) always,
// and the names or addresses in allow ("*" allows any). A page of another
// name that resolves to this machine, as DNS rebinding makes one, is
// refused: it could read drafts and post the signup form.
func HostAllowed(host string, allow []string) bool {
	name := strings.ToLower(hostOnly(host))
	if name == "" {
		return false
	}
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	if ip := net.ParseIP(name); ip != nil && ip.IsLoopback() {
		return true
	}
	for _, a := range allow {
		if a == "*" || strings.EqualFold(hostOnly(a), name) {
			return true
		}
	}
	return false
}

// hostOnly strips the port and the brackets of an IPv6 address:
// "[::1]:1313" is "::1", "example.com:80" is "example.com".
func hostOnly(host string) string {
	host = strings.TrimSpace(host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
}

// checkHost answers 421 for a request whose Host the server does not
// serve, before any route sees it.
func (s *Server) checkHost(w http.ResponseWriter, r *http.Request) bool {
	if HostAllowed(r.Host, s.opts.AllowHosts) {
		return true
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusMisdirectedRequest)
	w.Write([]byte("kopij serve answers only for localhost, 127.0.0.1, [::1] and the hosts it was told: start it with --allow-host NAME to open it under another name\n"))
	return false
}
