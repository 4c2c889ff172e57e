package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/kopij/kopij/builder"
	"github.com/kopij/kopij/builder/serve"
	"github.com/kopij/kopij/builder/watch"
	"github.com/kopij/kopij/newsletter"
	"github.com/kopij/kopij/newsletter/sqlite"
)

// subscribersDB is where kopij serve keeps test signups, under the site root.
const subscribersDB = ".kopij/subscribers.db"

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e)
	src := srcFlag(fs)
	addr := fs.String("addr", "127.0.0.1:1313", "the `HOST:PORT` to listen on; port 0 picks a free one")
	port := fs.Int("port", -1, "port to listen on, replacing the port of --addr")
	bind := fs.String("bind", "", "host to listen on, replacing the host of --addr")
	fs.hide("port")
	fs.hide("bind")
	drafts := fs.Bool("drafts", true, "show drafts, marked as such; --drafts=false hides them")
	future := fs.Bool("future", true, "show posts dated in the future; --future=false hides them")
	open := fs.Bool("open", false, "open the site in the default browser")
	var allowHosts stringList
	fs.Var(&allowHosts, "allow-host", "also answer requests for host `NAME` (repeatable; * answers any), e.g. a name of this machine on the local network; localhost, 127.0.0.1, [::1] and the --addr host are always answered")
	args, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(e, args); err != nil {
		return err
	}
	host, portText, err := net.SplitHostPort(*addr)
	if err != nil {
		return fmt.Errorf("%w: --addr %q: %w (write it as 127.0.0.1:1313)", errUsage, *addr, err)
	}
	if *bind != "" {
		host = *bind
	}
	if *port >= 0 {
		portText = strconv.Itoa(*port)
	}
	listen := net.JoinHostPort(host, portText)
	if err := checkSiteFolder(*src); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another kopij serve running? pass another --addr)", listen, err)
	}
	defer ln.Close()
	origin := "http://" + ln.Addr().String()

	fsys, err := openSite(*src)
	if err != nil {
		return err
	}
	defer fsys.Close()
	b := builder.New(fsys, builder.Options{Drafts: *drafts, Future: *future, Serve: true, Origin: origin})
	hosts := servedHosts(host, allowHosts)
	srv := serve.New(b, serve.Options{Log: e.stderr, AllowHosts: hosts})
	watcher, err := watch.New(*src, watch.Options{Paths: builder.Sources(), Ignore: builder.IsIgnored, Skip: builder.Skipped})
	if err != nil {
		return err
	}
	defer watcher.Close()

	start := time.Now()
	site, err := srv.Rebuild(ctx, nil)
	url := origin + "/"
	if err == nil {
		url = site.Config.BaseURL // the origin with the path of base_url
		fmt.Fprintf(e.stdout, "built %s and %s: %s in %s\n",
			count(len(site.Posts), "post"), count(len(site.Pages), "page"), count(len(site.Files), "file"), time.Since(start).Round(time.Millisecond))
	} else {
		fmt.Fprintln(e.stderr, "fix the errors above; kopij rebuilds when you save")
	}

	nl, closeNL := newsletterHandler(ctx, e, *src, url, origin+"/_newsletter/", func(h string) bool { return serve.HostAllowed(h, hosts) })
	defer closeNL()
	srv.Handle("/_newsletter/", http.StripPrefix("/_newsletter", nl))
	srv.Handle("GET "+emailPreviewPath, emailPreview(srv.Site, *src))

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	fmt.Fprintf(e.stdout, "serving %s at %s (Ctrl-C to stop)\n", *src, url)
	if *open {
		openBrowser(url)
	}

	runErr := make(chan error, 1)
	go func() { runErr <- srv.Run(ctx, watcher) }()
	select {
	case <-ctx.Done():
	case err = <-serveErr:
		return fmt.Errorf("serve %s: %w", url, err)
	case err = <-runErr:
		if err != nil {
			return fmt.Errorf("watch %s: %w", *src, err)
		}
	}
	// Live-reload streams never end by themselves; give other requests a
	// moment, then cut them.
	sctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
	}
	<-runErr
	fmt.Fprintln(e.stdout, "stopped")
	return nil
}

// newsletterHandler opens the local subscriber database under the site
// root and returns the signup handler, or a handler answering 503 with the
// reason when the database cannot be opened.
func newsletterHandler(ctx context.Context, e *env, src, siteURL, publicURL string, originHost func(string) bool) (http.Handler, func()) {
	dbPath := filepath.Join(src, filepath.FromSlash(subscribersDB))
	h, closeFn, err := openNewsletter(ctx, dbPath, siteURL, publicURL, originHost, slog.New(slog.NewTextHandler(e.stderr, nil)))
	if err != nil {
		fmt.Fprintf(e.stderr, "newsletter signup disabled in serve: %v\n", err)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "newsletter signup is not available in kopij serve: "+err.Error(), http.StatusServiceUnavailable)
		}), func() {}
	}
	fmt.Fprintf(e.stdout, "newsletter signups go to %s (single opt-in, no mail sent)\n", dbPath)
	return h, closeFn
}

func openNewsletter(ctx context.Context, dbPath, siteURL, publicURL string, originHost func(string) bool, log *slog.Logger) (http.Handler, func(), error) {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o755); err != nil {
		return nil, nil, fmt.Errorf("create %s: %w", filepath.Dir(dbPath), err)
	}
	store, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", dbPath, err)
	}
	h, err := newsletter.NewHandler(store, newsletter.Options{
		SiteURL:    siteURL,
		PublicURL:  publicURL,
		OriginHost: originHost, // the form may come from any name kopij serve answers
		RateLimit:  -1,         // one writer on localhost
		Logger:     log,
	})
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return h, func() { h.Close(); store.Close() }, nil
}

// servedHosts are the hosts kopij serve answers besides the loopback
// ones: the host it listens on, the machine's addresses when that is all
// of them (0.0.0.0 or ::), and those given with --allow-host.
func servedHosts(listen string, allow []string) []string {
	hosts := append([]string{listen}, allow...)
	if ip := net.ParseIP(listen); listen == "" || ip != nil && ip.IsUnspecified() {
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok {
					hosts = append(hosts, n.IP.String())
				}
			}
		}
	}
	return hosts
}

// openBrowser asks the desktop to open url; failing is harmless, the URL
// is printed anyway.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err == nil {
		go cmd.Wait()
	}
}
