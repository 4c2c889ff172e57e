package sqlite

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/kopij/kopij/newsletter"
)

// senderLock lets one newsletter sender at a time work on a database: the
// outbox takes every message left in sending by another sender as
// abandoned, which is only true while no other sender runs. Across
// processes it is an exclusive lock on the file DB.send-lock, which the
// kernel drops when its holder dies, even by SIGKILL; so the next sender
// can start at once and knows the earlier one is gone.
type senderLock struct {
	path string // database path; ":memory:" locks within the process only
	mu   sync.Mutex
	held bool
}

func (l *senderLock) acquire(sender string) (release func(), err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held {
		return nil, fmt.Errorf("%w (in this process)", newsletter.ErrSenderBusy)
	}
	unlockFile := func() {}
	if l.path != ":memory:" {
		name := l.path + ".send-lock"
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("sender lock %s: %w", name, err)
		}
		if err := lockFile(f); err != nil {
			holder, _ := os.ReadFile(name)
			f.Close()
			if errors.Is(err, errLocked) {
				return nil, fmt.Errorf("%w (%s; wait for it to finish or stop it)", newsletter.ErrSenderBusy, strings.TrimSpace(string(holder)))
			}
			return nil, fmt.Errorf("sender lock %s: %w", name, err)
		}
		f.Truncate(0)
		f.WriteAt([]byte("sender "+sender+", process "+strconv.Itoa(os.Getpid())+"\n"), 0)
		unlockFile = func() { unlockFileHandle(f); f.Close() }
	}
	l.held = true
	return sync.OnceFunc(func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		unlockFile()
		l.held = false
	}), nil
}
