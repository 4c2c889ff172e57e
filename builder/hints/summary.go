package hints

import "fmt"

// Summary returns the one-line hint count a build prints, in the site's
// language lang ("nl" or "en"; another is English): "1 hint in 1 post;
// run kopij hints", "7 hints in 3 stukken; kopij hints toont ze". It is
// empty when there are no hints.
func Summary(lang string, hints, posts int) string {
	if hints <= 0 {
		return ""
	}
	if baseLang(lang) == "nl" {
		them := "ze"
		if hints == 1 {
			them = "hem"
		}
		return fmt.Sprintf("%s in %s; kopij hints toont %s",
			plural(hints, "hint", "hints"), plural(posts, "stuk", "stukken"), them)
	}
	return fmt.Sprintf("%s in %s; run kopij hints", plural(hints, "hint", "hints"), plural(posts, "post", "posts"))
}

// NoHints returns what a hints panel says about a post without hints, in
// the post's language lang.
func NoHints(lang string) string {
	if baseLang(lang) == "nl" {
		return "Geen hints: dit stuk staat er goed voor."
	}
	return "No hints: this post is in good shape."
}

// plural writes n in figures with the singular or plural noun, as a
// summary line does: "1 hint", "7 hints".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// SubjectLabel introduces the title judged as a newsletter subject, in
// lang: "as newsletter subject", "als onderwerp van de nieuwsbrief".
func SubjectLabel(lang string) string {
	if baseLang(lang) == "nl" {
		return "als onderwerp van de nieuwsbrief:"
	}
	return "as newsletter subject:"
}
