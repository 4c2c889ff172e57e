package dates

import "strings"

// monthNumber reads an English or Dutch month name, long or short. Like
// Ruby, it takes any word that starts with an English three-letter
// abbreviation ("Sept", "januari", "augustus"); it adds the Dutch names that
// do not ("maart", "mrt", "mei", "okt", "oktober"). 0 means no month.
func monthNumber(w string) int {
	w = strings.TrimSuffix(strings.ToLower(w), ".")
	switch {
	case strings.HasPrefix(w, "maart"), w == "mrt":
		return 3
	case w == "mei":
		return 5
	case strings.HasPrefix(w, "okt"):
		return 10
	}
	if len(w) < 3 {
		return 0
	}
	switch w[:3] {
	case "jan":
		return 1
	case "feb":
		return 2
	case "mar":
		return 3
	case "apr":
		return 4
	case "may":
		return 5
	case "jun":
		return 6
	case "jul":
		return 7
	case "aug":
		return 8
	case "sep":
		return 9
	case "oct":
		return 10
	case "nov":
		return 11
	case "dec":
		return 12
	}
	return 0
}

// weekday reports English and Dutch day names, long or short.
func weekday(w string) bool {
	w = strings.TrimSuffix(strings.ToLower(w), ".")
	if len(w) >= 3 {
		switch w[:3] {
		case "sun", "mon", "tue", "wed", "thu", "fri", "sat":
			return true
		}
	}
	switch w {
	case "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
		"ma", "di", "wo", "do", "vr", "za", "zo":
		return true
	}
	return false
}
