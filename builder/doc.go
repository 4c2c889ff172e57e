// Package builder turns a site folder of Markdown posts into a static blog.
//
// Build reads a site folder through an fs.FS and returns the whole site as
// data, a *Site: output paths mapped to bytes, the published posts and
// pages, their retention hints and the warnings. Site.Write swaps a
// complete output folder in. With Options.Out (kopij build) the outputs
// go into that folder's replacement as they are rendered instead of
// staying in memory, and with Options.Cache (BuildCache, diskcache.go) a
// build reuses what the previous kopij build left in .kopij/cache/ and
// the output folder. Nothing here serves or watches: kopij serve
// is package builder/serve, fed by package builder/watch, and both use the
// small surface below.
//
// # Stages
//
// Data flows one way, one file per stage:
//
//	load.go        load: the site's files (snapshot), re-read only where changed
//	config.go      kopij.toml over the defaults, with the options
//	theme.go       the embedded default theme with themes/NAME/ over it, parsed,
//	               its templates' text minified once (tmplmin.go)
//	parse.go       each content file: frontmatter.go, content.go (URLs by
//	               generator.go), markup.go (Hugo shortcodes, Jekyll Liquid),
//	               markdown.go, and the hints' measure of its prose
//	index.go       published posts and pages, order, terms, neighbours, related posts
//	render.go      one job per output file (jobs.go): pages.go, lists.go, feed.go,
//	               meta.go, copy.go; minify.go
//	write.go       Site.Write: a temporary folder beside the output, swapped in;
//	               unchanged files taken over from the old one (diskcache.go)
//
// A Builder is the list of these stages, each with a small cache of its
// own for the next build (snapshot, configCache, themeCache, parseCache,
// the index, hintSet, outputCache, lastBuild). Every parsed page carries
// two fingerprints: of the whole file, and of what list pages show of it
// (front matter, summary, reading time). Every output job carries a
// fingerprint of exactly the data its template receives, so a retag or a
// new title re-renders the lists the post appears on, and a template edit
// what uses the template. A new configuration starts every stage afresh.
//
// The package function Build builds once, as kopij build does: its
// Builder keeps nothing for a next build. It lets go of each content
// file's bytes as soon as the file is parsed (a Hugo or Jekyll site's
// pages may read other files, so there: after the whole parse) and of the
// per-post hints once the site's are made (beside the render: no output
// shows them); with Options.HintCounts the
// hints keep only what counting them needs. What stays while the outputs
// render is mostly every post's minified body and summary, its front
// matter values and its page.
//
// An edit that changes only a body skips the index and the fingerprints
// altogether (bodies.go): jobs outlive their build and read pages through
// the index, the render records which jobs show each file's body, and
// buildBodies swaps the new page in and re-runs just those jobs. A layout
// shows the bodies of neighbours or listed posts only when the template
// analysis of tmpldeps.go finds it reading them; with the default theme a
// body edit renders the edited post and the feeds that carry it, at 10k
// posts in milliseconds (BenchmarkBodyEditTemplateAnalysis). The result is
// byte-identical to a fresh build; incremental_test.go checks that over
// random edit sequences (corpus.Edits), and package serve's equiv_test.go
// over the same edits seen through the watcher.
//
// BuildPreview renders some outputs first (in kopij serve, the pages on
// screen and the pages of the edited files) and hands them over before the
// rest, and a build cancelled through its context keeps what it rendered
// for the next one.
//
// # A Site is a snapshot
//
// Nothing a later build does changes a Site, its Files, Posts, Pages or
// Hints: Pages are never changed after parsing and every Site has lists of
// its own, so the dev server can keep serving an old Site while the next
// build runs.
//
// # For the dev server
//
// Builder.BuildPreview with a Preview builds for a list of changed paths;
// Site.OutputPath maps a URL path to the output it names, Config.BasePath
// is the path the site lives under; Sources lists the files and folders a
// build reads and Skipped the paths it leaves out (IsIgnored the names),
// which is what a watcher watches and ignores; Errors lists the problems of a failed build for an
// overlay.
//
// # Site folder
//
//	kopij.toml      configuration (see Config); optional
//	content/        posts under content/posts/ (also post/, blog/, _posts/), pages elsewhere;
//	                a bundle (a folder with index.md) may hold comments.yaml (CommentsFile)
//	static/         copied to the output root as is
//	themes/NAME/    files overriding the embedded default theme, file by file
//	layouts/        a Hugo site's shortcodes/NAME.html and partials/
//	_includes/      a Jekyll site's {% include %} files
//
// Editors' temporary files (see IsIgnored) are skipped everywhere, other
// hidden files everywhere but below static/ (see Skipped): .well-known/,
// .nojekyll and .htaccess are published. Symbolic links work as long as
// they stay inside the site folder; with a SiteFS (OpenSite) a link that
// leads out is skipped with a warning naming it.
//
// # Front matter
//
// YAML between "---" lines or TOML between "+++" lines; keys are
// case-insensitive. Dates take every form Hugo and Jekyll read (package
// builder/dates), in Config.Timezone when written without a zone. title, date, publishDate, lastmod (modified, updated),
// expiryDate, draft (Jekyll: published: false), tags (tag), categories
// (category), description, summary (excerpt), slug, url (permalink),
// aliases (redirect_from), query_aliases (old addresses with a query
// string, "/?p=12"), image (images, cover.image), author (authors),
// lang (language; also a "post.nl.md" file name), weight. Every key reaches
// templates as .Page.Params, lower-cased. A Jekyll file name
// "2009-10-12-title.md" gives date and slug. Without a title (or with
// an empty one) the first level-1 heading or the file name is shown, and the
// hints say the title is empty; a summary or excerpt counts as the
// description there.
//
// A post that declares no lang is in the site's language unless its text
// is plainly in another (detected once per parse by package hints with
// package langdetect): then its lang attribute, dates and theme strings
// follow the text. A post whose text contradicts the lang it declares is
// built as declared, with a warning naming the file and line.
//
// # URLs
//
// Posts follow Config.Permalink (default "/posts/:slug/"; tokens :year
// :month :day :slug :title :section :filename), and any section its
// pattern in Config.Permalinks. Other pages take their folder and slug:
// content/about.md is /about/. A url key replaces both.
//
// Config.Generator picks other rules (generator.go): "hugo" gives Hugo's
// slugs, tokens and content paths through builder/hugo's Router, "jekyll"
// Jekyll's styles, tokens and page URLs through builder/jekyll's Locate,
// and their date and publish rules (dates.Visibility). Without it, a
// pattern with a token only one of them knows follows that one's URLs. A
// post the generator would leave out is left out with a warning. A URL
// without a trailing slash is an output file of its own.
//
// # Shortcodes and Liquid
//
// markup.go runs a body's Hugo shortcodes (generator "hugo", or "{{<" or
// "{{%" in the body) with builder/hugo's Engine and the site's layouts/,
// or its Liquid (generator "jekyll") with builder/jekyll's Renderer and
// _includes/, before goldmark, and puts their HTML back after. What a
// page read of them (and, for {% link %} and {% post_url %}, of the other
// content files) is part of its parse entry, so an edit there parses it
// again. Unknown shortcodes and tags are warnings with file and line.
//
// Links and images in Markdown that start with "/" get the base path of
// base_url (a goldmark AST transformer), so feeds make them absolute
// with it too. Slugs keep
// letters and digits of every script, drop accents and fold the rest into
// hyphens, so no slug, alias, url, tag or file name can leave the output
// folder. Tags and categories that differ only in case are one term; terms
// whose slugs collide get numbered slugs. Two outputs claiming one path are
// an error naming both sources.
//
// # Layouts
//
// A theme has layouts/baseof.html wrapping home.html, post.html, page.html,
// term.html, terms.html, archive.html, search.html, 404.html and
// subscribed.html; alias.html stands alone. layouts/partials/*.html are
// available in every layout as "partials/NAME.html". The root value is a
// *PageData. Template functions: t, date, shortdate, isodate, absURL,
// relURL and partialCached (see templateFuncs; partialcache.go).
// i18n/LANG.toml holds UI strings.
//
// # Outputs
//
// Home with pagination, a page per post and page, tag and category indexes
// and paginated term pages, an archive, a search page with search.json,
// RSS 2.0 (index.xml), Atom (atom.xml) and JSON Feed 1.1 (feed.json) for
// the site and every tag, sitemap.xml, robots.txt, 404.html, a thank-you
// page for newsletter signups, a redirect page per alias and
// css/syntax.css for highlighted code. Everything is minified unless
// Options.NoMinify.
//
// A bundle's files go beside its page: in its folder, or beside a page
// served as a file (url /2009/10/x.html), whose files an import names
// x-photo.jpg. Its comments.yaml is not published: the post's
// .Page.Comments show it as a thread (see Comment).
//
// # Old addresses
//
// Sites with query_aliases, or with Redirects.Platform set by kopij import,
// also get _redirects (Netlify rules, after the site's static/_redirects),
// redirects.json for the script of the home and 404 pages (.QueryRedirects)
// that sends "/?p=12" to its post on hosts without rules, and redirect pages
// at the old platform's tag and category addresses, whose old feed
// addresses serve the feed itself (redirects.go).
//
// # Word count and reading time
//
// Page.WordCount and Page.ReadingTime are the Words and ReadingMinutes of
// the post's hints (see package builder/hints): prose only, code, raw HTML
// and footnotes left out, each CJK character a word, at the reading speeds
// of the [hints] table. A post page and kopij hints show the same figures.
//
// # Errors
//
// Build reports every broken file at once, joined with errors.Join. Each
// problem with a place is a *LineError (errors.As finds it) whose message
// reads "content/posts/x.md:12: what is wrong (how to fix it)": front
// matter, kopij.toml, unreadable files and broken links, theme templates
// and UI strings, and a template that fails while rendering, reported once
// for all the outputs it fails alike. Errors lists the problems one by
// one, in order; two outputs claiming one path, which names both sources,
// is a LineError without File.
package builder
