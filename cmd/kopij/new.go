package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopij/kopij/builder"
)

func runNewSite(_ context.Context, e *env, args []string) error {
	fs := newFlags(e)
	lang := fs.String("lang", "en", "the `LANG` of the site: en or nl")
	args, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return fmt.Errorf("%w: kopij new site needs exactly one folder name, got %q", errUsage, args)
	}
	if *lang != "en" && *lang != "nl" {
		return fmt.Errorf("%w: --lang %q: use en or nl", errUsage, *lang)
	}
	dir := args[0]
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s already exists and is not empty (choose a new folder name)", dir)
	}
	files := scaffold(filepath.Base(dir), *lang, e.clock())
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := createFile(p, body); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "created a new site in %s\n\n  cd %s\n  kopij new post \"My first post\"\n  kopij serve\n", dir, dir)
	return nil
}

// createFile writes a new file, never one that is already there: a file
// that appears between the check for an empty folder and the write is
// kept as it is.
func createFile(p, body string) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists; kopij new site leaves it as it is (choose a new folder name)", p)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// scaffold returns the files of a new site.
func scaffold(name, lang string, now time.Time) map[string]string {
	title := strings.TrimSpace(name)
	if lang == "nl" {
		return map[string]string{
			builder.ConfigFile:        fmt.Sprintf("title = %q\n# Het adres waarop het blog staat; kopij build waarschuwt tot het van jou is.\nbase_url = %q\nlanguage = \"nl\"\ndescription = \"Een blog over ...\"\n\n[author]\nname = \"\"\n\n[newsletter]\n# Waar het aanmeldformulier heen gaat. Een statische host beantwoordt het niet:\n# draai kopij newsletter serve en zet zijn adres hier, bijvoorbeeld\n# endpoint = \"https://nieuwsbrief.example.com/subscribe\"\n# Zonder endpoint gaat het naar /_newsletter/subscribe, dat kopij serve en\n# kopij newsletter serve --site public/ beantwoorden (bouw dan met --signup-served).\nconsent = \"Ik wil nieuwe berichten per e-mail ontvangen. Afmelden kan altijd.\"\n\n[[menu]]\nname = \"Over\"\nurl = \"/over/\"\nweight = 1\n\n[[menu]]\nname = \"Archief\"\nurl = \"/archive/\"\nweight = 2\n", title, builder.PlaceholderBaseURL),
			"content/over.md":         "---\ntitle: Over dit blog\n---\n\nVertel hier wie je bent en wat je lezer hier vindt.\n",
			"content/posts/welkom.md": fmt.Sprintf("---\ntitle: Welkom\ndate: %s\ndescription: De eerste post van dit blog.\ntags: [blog]\n---\n\nDit is je eerste post. Schrijf voor je lezer en eindig met een vraag: wat wil jij hier lezen?\n", now.Format(time.RFC3339)),
			".gitignore":              "/public/\n/.kopij/\n",
		}
	}
	return map[string]string{
		builder.ConfigFile:         fmt.Sprintf("title = %q\n# The address the blog is served from; kopij build warns until it is yours.\nbase_url = %q\nlanguage = \"en\"\ndescription = \"A blog about ...\"\n\n[author]\nname = \"\"\n\n[newsletter]\n# Where the signup form posts. A static host cannot answer it: run\n# kopij newsletter serve and set its address here, for example\n# endpoint = \"https://newsletter.example.com/subscribe\"\n# Without endpoint the form posts to /_newsletter/subscribe, which kopij serve and\n# kopij newsletter serve --site public/ answer (then build with --signup-served).\nconsent = \"I want to receive new posts by email. I can unsubscribe at any time.\"\n\n[[menu]]\nname = \"About\"\nurl = \"/about/\"\nweight = 1\n\n[[menu]]\nname = \"Archive\"\nurl = \"/archive/\"\nweight = 2\n", title, builder.PlaceholderBaseURL),
		"content/about.md":         "---\ntitle: About\n---\n\nTell your readers who you are and what they will find here.\n",
		"content/posts/welcome.md": fmt.Sprintf("---\ntitle: Welcome\ndate: %s\ndescription: The first post of this blog.\ntags: [blog]\n---\n\nThis is your first post. Write for your reader and end with a question: what would you like to read here?\n", now.Format(time.RFC3339)),
		".gitignore":               "/public/\n/.kopij/\n",
	}
}

func runNewPost(_ context.Context, e *env, args []string) error {
	fs := newFlags(e)
	src := srcFlag(fs)
	lang := fs.String("lang", "", "the `LANG` of the post, e.g. nl or en; the language of kopij.toml when not set")
	bundle := fs.Bool("bundle", false, "create a page bundle: content/posts/<slug>/index.md, with room for images beside it")
	args, err := fs.parse(args)
	if err != nil {
		return err
	}
	title := strings.TrimSpace(strings.Join(args, " "))
	if title == "" {
		return fmt.Errorf("%w: kopij new post needs a title, e.g. kopij new post \"My first post\"", errUsage)
	}
	cfg, err := loadConfig(*src)
	if err != nil {
		return err
	}
	if *lang == "" {
		*lang = cfg.Language
	}
	slug := builder.Slugify(title)
	if slug == "" {
		return fmt.Errorf("title %q has no letters or digits to make a file name from", title)
	}
	rel := filepath.Join("content", "posts", slug+".md")
	if *bundle {
		rel = filepath.Join("content", "posts", slug, "index.md")
	}
	p := filepath.Join(*src, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	body := fmt.Sprintf("---\ntitle: %q\ndate: %s\ndraft: true\ndescription: \"\"\ntags: []\nlang: %s\n---\n\n", title, e.clock().Format(time.RFC3339), *lang)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists (choose another title, or edit that file)", rel)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created %s (a draft: kopij serve shows it; remove \"draft: true\" to publish)\n", rel)
	return nil
}
