// Package serve is the dev server of kopij serve: it serves the last good
// build of a builder.Builder from memory, rebuilds for every batch of
// changes a watch.Watcher reports, and tells the browsers what changed.
// cmd/kopij wires the three together:
//
//	site, _ := builder.OpenSite(dir) // never reads through links out of dir
//	b := builder.New(site, builder.Options{Drafts: true, Future: true, Serve: true, Origin: origin})
//	srv := serve.New(b, serve.Options{Log: os.Stderr, AllowHosts: []string{host}}) // 421 for other Host headers
//	w, _ := watch.New(dir, watch.Options{Paths: builder.Sources(), Ignore: builder.IsIgnored, Skip: builder.Skipped})
//	srv.Rebuild(ctx, nil)      // the first build, served at once
//	go http.Serve(ln, srv)
//	srv.Run(ctx, w)            // rebuild on every batch until ctx ends
//
// From the builder it uses Builder.BuildPreview and Preview, the Site's
// Files, Posts, Hints, Changed and Warnings, Site.OutputPath and
// Config.BasePath to map URLs to outputs, and Errors for the overlay.
//
// # Serving
//
// A site whose base URL has a path ("https://example.com/blog/") is served
// below that path, as it will be once deployed; "/" redirects there, a
// folder without its slash redirects to it, and anything else answers the
// site's 404.html with status 404. Nothing is cached (Cache-Control:
// no-store). HTML pages get the live-reload and hints scripts injected
// before </body> as they are served; the built bytes stay as a full build
// writes them. Handle mounts more handlers beside the site, as kopij serve
// does with the newsletter signup at /_newsletter/.
//
// # Live reload
//
// Browsers subscribe at /_kopij/events (Server-Sent Events, with the
// page's URL path in ?page=) and get, as JSON:
//
//	reload  {"base": "/blog/", "paths": ["posts/x/index.html", ...], "new": "/blog/posts/y/"}
//	        the output paths whose bytes changed; a page reloads when its own
//	        path is among them (a stylesheet alone is swapped in place), and
//	        opens "new", the URL of a post the build added
//	error   {"errors": [{"file": "content/posts/x.md", "line": 3, "message": "..."}]}
//	        the build failed: an overlay shows every problem over the last
//	        good site, which stays served; a browser that connects meanwhile
//	        gets it at once
//	ok      {} the site builds again: the overlay goes
//
// # Rebuilds
//
// The pages open in browsers and the pages of the edited files are
// rendered first (builder.Preview) and served and announced at once; the
// rest follow in a second reload that names only what the first did not.
// A batch that arrives while a build runs cancels it and the next build
// starts from the newer files, reusing what the cancelled one rendered.
// Each rebuild logs one line to Options.Log ("rebuilt in 12 ms: ... changed,
// 3 output files changed"), a failed one its errors, and the warnings are
// logged whenever they change.
//
// # Hints
//
// /_kopij/hints/ is a page with the retention hints of every post, worst
// first; /_kopij/hints.json gives them as kopij hints --json does (with
// ?url=/posts/x/ for one post); /_kopij/hints.js is the small panel every
// served page shows with the hints of the post on screen, refreshed after
// each rebuild, in the language the hints are written in, with the verdict
// on the title as a newsletter subject.
//
// The same script marks in the preview every passage a hint is about, as
// an editor would: each long or passive sentence in
// <mark class="kopij-hint" data-hint="ID">, and the blocks of a long
// paragraph, hook, section, wall of text or ending with the class
// kopij-hint-block. It finds a hint's sentence (Passage.Text) among the
// page's text nodes with spaces, quotes and dashes compared loosely, so
// inline markup, links and the typographer do not hide it; code is never
// searched. A click on a hint in the panel scrolls to its mark and
// highlights it. The marks are made in the browser: the served bytes, and
// every built file, stay as the build made them.
package serve
