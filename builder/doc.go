// Package builder turns a site folder of Markdown posts into a static blog.
//
// # Stages
//
// Data flows one way: load (read the site folder through an fs.FS), parse
// (front matter and Markdown of each content file), index (published posts,
// order, taxonomies, neighbours, related posts), render (one job per output
// file) and write (Site.Write swaps a complete output folder in). Build
// returns the whole site as data — output paths mapped to bytes — so tests
// need no temporary folders and the dev server serves from memory.
//
// A Builder keeps the work of its previous build. Every parsed page carries
// two fingerprints: of the whole file, and of what list pages show of it
// (front matter, summary, reading time). Every output job carries a
// fingerprint of exactly the data its template receives; a retag or a new
// title re-renders the lists the post appears on, and a template edit what
// uses the template. An edit that changes only a body skips the index and
// the fingerprints altogether: jobs outlive their build and read pages
// through the index, the render records which jobs show each file's body
// (a layout shows the bodies of neighbours or listed posts only when
// tmpldeps.go finds it reading them), and buildBodies swaps the new page in and re-runs just
// those jobs. The result is byte-identical to a fresh build;
// watch_equiv_test.go checks that over random edit sequences.
//
// BuildPreview renders some outputs first (in kopij serve, the pages on
// screen and the pages of the edited files) and hands them over before the
// rest, and a build cancelled through its context keeps what it rendered
// for the next one.
//
// # Site folder
//
//	kopij.toml      configuration (see Config); optional
//	content/        posts under content/posts/ (also post/, blog/, _posts/), pages elsewhere
//	static/         copied to the output root as is
//	themes/NAME/    files overriding the embedded default theme, file by file
//
// Hidden files and editors' temporary files (see IsIgnored) are skipped.
//
// # Front matter
//
// YAML between "---" lines or TOML between "+++" lines; keys are
// case-insensitive. title, date, publishDate, lastmod (modified, updated),
// expiryDate, draft (Jekyll: published: false), tags (tag), categories
// (category), description, summary (excerpt), slug, url (permalink),
// aliases (redirect_from), image (images, cover.image), author (authors),
// lang (language; also a "post.nl.md" file name), weight. Every key reaches
// templates as .Page.Params, lower-cased. A Jekyll file name
// "2009-10-12-title.md" gives date and slug. Without a title the first
// level-1 heading or the file name is used.
//
// # URLs
//
// Posts follow Config.Permalink (default "/posts/:slug/"; tokens :year
// :month :day :slug :section :filename). Other pages take their folder and
// slug: content/about.md is /about/. A url key replaces both. Slugs keep
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
// relURL (see templateFuncs). i18n/LANG.toml holds UI strings.
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
// # Errors
//
// Build reports every broken file at once; each line reads
// "content/posts/x.md:12: what is wrong (how to fix it)".
package builder
