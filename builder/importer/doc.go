// Package importer writes a blog read from another platform as a kopij
// site folder. It is the shared half of kopij import: a front end per
// source (importer/blogger, importer/wordpress for export files,
// importer/hugo, importer/jekyll for site folders) reads its export into a
// Site, and Import writes that Site.
//
// # Writing a front end
//
// A front end is a function that reads one export or folder and returns a
// *Site; it never writes. It fills, per post:
//
//   - HTML (Blogger, WordPress) for Import to clean and convert, or
//     Markdown (Hugo, Jekyll) to be written as it is;
//   - URL: the old path, relative to Site.BaseURL, when kopij can serve it
//     as written (a folder "/2020/01/x/" or a file "/2009/10/x.html");
//     OldURL: the post's address on the old blog, for the report; Aliases:
//     other old paths, which the build answers with redirect pages;
//     QueryAliases: old addresses with a query string ("/?p=12"), which
//     static hosts cannot tell from "/" and which go to the redirect files;
//   - Files: a bundle's own files (images of a Hugo bundle); Image: the
//     cover, a remote URL to fetch or the name of one of Files;
//   - Comments: approved ones only, with Parent for threads; the others
//     counted in Site.CommentsLeftOut by status;
//   - Notes: what it could not convert, in words for the writer, with
//     file:line for shortcodes and Liquid; RawLeft: template calls left as
//     text; Missing: site files the body links to that the old site lacks.
//
// Entries it does not import go to Site.Skipped with the reason; Site.Links
// maps every old absolute URL of a post to it, so links between posts are
// rewritten; Site.Files holds any other file (static/...). Source fields
// read "export.xml:120" so the report points into the export.
//
// importertest runs a front end over golden txtar archives (export in,
// site folder out, plus what the builder cannot serve yet; GoldenFolder for
// site folders under src/) with an image server that plays every host, and
// CheckOldURLs requests a real blog's old URLs from the built import; FuzzRead in each front end checks that any
// input gives a post list or an error naming the file and line.
//
// # What Import writes
//
//	kopij.toml                       title, base_url (the old address), language, description, author, permalink,
//	                                 posts_per_page, markdown.unsafe, redirects.platform; for a generator also
//	                                 generator, [permalinks] and [taxonomies], as keys when the builder reads them,
//	                                 else commented
//	content/posts/DATE-SLUG/index.md  a post bundle: front matter, Markdown body
//	content/posts/DATE-SLUG/*.jpg     the images the post shows, fetched
//	content/posts/DATE-SLUG/comments.yaml  approved comments (see builder.CommentsFile)
//	content/SLUG/index.md             a page bundle
//	redirects.nginx.conf              QueryAliases as an nginx map (not published; the build writes Netlify's _redirects)
//	import-report.md                  the Report
//
// Front matter keys: title, date, lastmod, draft, author (when not the
// site's), slug (drafts without url), url, aliases, query_aliases, tags,
// categories, description, image, and the post's Params. A post whose old
// path kopij writes itself (/tags/, /search/, /page/2/, feeds) moves to
// PATH-post/ or PATH-page/; the report lists it as not kept.
//
// Images: every <img> and every link to an image file is fetched with
// Options.Client, at most Options.Fetchers at once, into the bundle, named
// after the last segment of its address (an extension from the media type
// when it has none, numbered when taken). A post served as a file
// (title.html) prefixes the names with its slug, so posts of one month can
// share a folder. A failed fetch keeps the remote address and is reported.
//
// # HTML to Markdown
//
// The cleaner (clean.go, paragraphs.go) makes paragraphs of Blogger's
// <div> per line and <br><br> markup, turns captioned images (Blogger's
// caption tables, WordPress's figures and wp-caption divs) into an image
// and an italic caption, iframes, players and media into links (no
// third-party request until a reader clicks), keeps only the attributes
// Markdown can say (href, src, alt, title, a code block's language), and
// unwraps spans, fonts and other layout. github.com/JohannesKaufmann/html-to-markdown/v2
// converts the result; <!--more--> and Blogger's jump break survive.
//
// # Safety
//
// Import never overwrites a file: it refuses a DEST that holds files
// unless Options.Merge, and then keeps every file already there (Report.Kept).
// It writes into a hidden staging folder inside DEST, links the files into
// place at the end, and removes the stage; a failed or cancelled import
// leaves DEST as it was. Every path is checked to stay inside DEST, and a
// bundle's files inside their bundle. It reads nothing but what the front
// end hands it and the images' addresses.
package importer
